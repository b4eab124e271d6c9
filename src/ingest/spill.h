/* spill.h - an append-only list of byte strings read back by index, for tables a reader must
 * keep while it streams a file (an .xlsx workbook's shared strings, which cells refer to by
 * number). The first SPILL_MEM_BYTES stay in memory; past that the list moves to an unlinked
 * temporary file read through a small cache of blocks, so its memory stays bounded however
 * large the file is. Owns its memory and files; not for concurrent use. */
#ifndef INNOMON_INGEST_SPILL_H
#define INNOMON_INGEST_SPILL_H

#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"
#include "base/str.h"

#define SPILL_MEM_BYTES ((size_t)8 << 20)

struct spill;

/* An empty list keeping up to mem_bytes in memory (0: SPILL_MEM_BYTES); free with spill_free.
 * Cannot fail (a file is only made when needed). */
struct spill *spill_new(size_t mem_bytes);
/* Append p[0..n). ST_OK, or ST_IO when the temporary file cannot be made or written. */
enum status spill_add(struct spill *s, const char *p, size_t n) WUR;
/* Strings appended so far. */
size_t spill_count(const struct spill *s);
/* String i (< spill_count) copied into arena a, NUL-terminated, as *out. ST_OK or ST_IO. */
enum status spill_get(struct spill *s, size_t i, struct arena *a, struct str *out) WUR;
/* Release the memory and the temporary files. NULL allowed. */
void spill_free(struct spill *s);

#endif
