/* zip_parts.c - an in-memory zip of given files, for the ingest tests (zip_parts.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <zip.h>

#include "zip_parts.h"
#include "base/banned.h"

unsigned char *zip_parts(const struct part *parts, size_t n_parts, size_t *len)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
	assert_non_null(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
	assert_non_null(za);
	zip_source_keep(src);
	for (size_t i = 0; i < n_parts; i++) {
		size_t n = parts[i].len ? parts[i].len : strlen(parts[i].data);
		zip_source_t *s = zip_source_buffer(za, parts[i].data, n, 0);
		assert_non_null(s);
		assert_true(zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(za), 0);
	zip_stat_t st;
	zip_stat_init(&st);
	assert_int_equal(zip_source_stat(src, &st), 0);
	assert_int_equal(zip_source_open(src), 0);
	unsigned char *data = malloc(st.size);
	assert_int_equal(zip_source_read(src, data, st.size), (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&err);
	*len = st.size;
	return data;
}
