/* zip_parts.h - an in-memory zip of given files, for the ingest tests that build XLSX workbooks
 * (test_xlsx.c, test_import.c). Test code: fails the running cmocka test when libzip does. */
#ifndef INNOMON_TESTS_UNIT_INGEST_ZIP_PARTS_H
#define INNOMON_TESTS_UNIT_INGEST_ZIP_PARTS_H

#include <stddef.h>

/* One file inside the zip; len 0 means strlen(data). */
struct part {
	const char *name;
	const char *data;
	size_t len;
};

/* Zip the n_parts parts (deflated, names in UTF-8) into a new heap buffer of *len bytes, which
 * the caller frees with free(). Fails the test when libzip does. */
unsigned char *zip_parts(const struct part *parts, size_t n_parts, size_t *len);

#endif
