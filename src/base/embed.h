/* embed.h - files compiled into the binary by tools/embed.py (migrations, assets, catalogues). */
#ifndef INNOMON_BASE_EMBED_H
#define INNOMON_BASE_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* path relative to its folder, '/'-separated; NULL ends a table */
	const char *data; /* NUL-terminated */
	size_t len;
};

#endif
