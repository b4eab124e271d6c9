/* test_encoding.c - text_to_utf8: UTF-8 kept as is, GBK/GB18030 converted, every refusal with
 * its exact code, position and message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ingest/encoding.h"
#include "base/banned.h"

#define HINT "save the file as UTF-8 or GBK, or give --encoding"

/* "指标,地区\n" in GBK (identical in GB18030), and the same text in UTF-8. */
#define GBK_HEADER "\xD6\xB8\xB1\xEA,\xB5\xD8\xC7\xF8\n"
#define UTF8_HEADER "\xE6\x8C\x87\xE6\xA0\x87,\xE5\x9C\xB0\xE5\x8C\xBA\n"

struct fixture {
	struct arena *arena;
	struct diag_list diags;
	const char *out;
	size_t out_len;
	const char *detected;
};

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));
	f->arena = arena_new();
	diag_init(&f->diags, f->arena);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(f->arena);
	test_free(f);
	return 0;
}

static enum status convert(struct fixture *f, const char *text, size_t len, const char *encoding)
{
	return text_to_utf8(f->arena, "values.csv", text, len, encoding, &f->out, &f->out_len, &f->detected, &f->diags);
}

static void assert_refused(struct fixture *f, enum status rc, const char *code, long line, int col, const char *msg)
{
	assert_int_equal(rc, ST_INVALID);
	assert_null(f->out);
	assert_int_equal(f->out_len, 0);
	assert_null(f->detected);
	assert_int_equal(f->diags.n, 1);
	const struct diag *d = &f->diags.items[0];
	assert_string_equal(d->file, "values.csv");
	assert_string_equal(d->code, code);
	assert_int_equal(d->line, line);
	assert_int_equal(d->col, col);
	assert_string_equal(d->msg, msg);
}

static void test_text_to_utf8_keeps_utf8(void **state)
{
	struct fixture *f = *state;
	static const char text[] = UTF8_HEADER "1,2\n";
	assert_int_equal(convert(f, text, sizeof(text) - 1, NULL), ST_OK);
	assert_ptr_equal(f->out, text);
	assert_int_equal(f->out_len, sizeof(text) - 1);
	assert_string_equal(f->detected, "utf-8");
	assert_int_equal(f->diags.n, 0);
}

static void test_text_to_utf8_keeps_utf8_bom(void **state)
{
	struct fixture *f = *state;
	static const char text[] = "\xEF\xBB\xBF" UTF8_HEADER;
	assert_int_equal(convert(f, text, sizeof(text) - 1, "auto"), ST_OK);
	assert_ptr_equal(f->out, text);
	assert_int_equal(f->out_len, sizeof(text) - 1);
	assert_string_equal(f->detected, "utf-8");
}

static void test_text_to_utf8_keeps_empty_text(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(convert(f, "", 0, NULL), ST_OK);
	assert_int_equal(f->out_len, 0);
	assert_string_equal(f->detected, "utf-8");
}

static void test_text_to_utf8_converts_gbk(void **state)
{
	struct fixture *f = *state;
	static const char text[] = GBK_HEADER "\xB3\xA4\xC9\xB3,1200\n"; /* 长沙,1200 */
	assert_int_equal(convert(f, text, sizeof(text) - 1, NULL), ST_OK);
	assert_string_equal(f->detected, "gb18030");
	assert_int_equal(f->out_len, strlen(UTF8_HEADER "\xE9\x95\xBF\xE6\xB2\x99,1200\n"));
	assert_memory_equal(f->out, UTF8_HEADER "\xE9\x95\xBF\xE6\xB2\x99,1200\n", f->out_len);
	assert_int_equal(f->out[f->out_len], '\0');
	assert_int_equal(f->diags.n, 0);
}

static void test_text_to_utf8_converts_gb18030_four_byte(void **state)
{
	struct fixture *f = *state;
	/* U+20000 (CJK Extension B) is four bytes in GB18030 and has no GBK code. */
	assert_int_equal(convert(f, "\x95\x32\x82\x36", 4, "gb18030"), ST_OK);
	assert_int_equal(f->out_len, 4);
	assert_memory_equal(f->out, "\xF0\xA0\x80\x80", 4);
	assert_string_equal(f->detected, "gb18030");
}

static void test_text_to_utf8_forced_gbk_overrides_utf8(void **state)
{
	struct fixture *f = *state;
	/* C3 A9 is "é" in UTF-8 and "茅" in GBK: auto keeps UTF-8, a forced GBK converts. */
	assert_int_equal(convert(f, "\xC3\xA9", 2, "GBK"), ST_OK);
	assert_int_equal(f->out_len, 3);
	assert_memory_equal(f->out, "\xE8\x8C\x85", 3);
	assert_string_equal(f->detected, "gb18030");
	assert_int_equal(convert(f, "\xC3\xA9", 2, NULL), ST_OK);
	assert_int_equal(f->out_len, 2);
	assert_string_equal(f->detected, "utf-8");
}

static void test_text_to_utf8_accepts_gb2312_name(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(convert(f, GBK_HEADER, strlen(GBK_HEADER), "Gb2312"), ST_OK);
	assert_string_equal(f->out, UTF8_HEADER);
}

static void test_text_to_utf8_reports_undecodable_byte(void **state)
{
	struct fixture *f = *state;
	static const char text[] = GBK_HEADER "1,2\nx\xFF\n";
	enum status rc = convert(f, text, sizeof(text) - 1, NULL);
	assert_refused(f, rc, "bad_encoding", 3, 2,
		       "the file is neither UTF-8 nor GBK/GB18030: byte 0xFF at offset 15 (line 3) cannot be decoded; " HINT);
	assert_string_equal(f->diags.items[0].value, "0xFF");
}

static void test_text_to_utf8_forced_utf8_rejects_gbk(void **state)
{
	struct fixture *f = *state;
	/* D6 B8 ("指" in GBK) happens to be a valid UTF-8 pair; B1 cannot start a character. */
	enum status rc = convert(f, GBK_HEADER, strlen(GBK_HEADER), "UTF8");
	assert_refused(f, rc, "bad_encoding", 1, 3,
		       "the file is not valid UTF-8: byte 0xB1 at offset 2 (line 1) cannot be decoded; " HINT);
}

static void test_text_to_utf8_forced_gbk_reports_cut_character(void **state)
{
	struct fixture *f = *state;
	/* "指" then the first byte of "指" with its second byte missing at the end. */
	enum status rc = convert(f, "a\n\xD6\xB8\xD6", 5, "gbk");
	assert_refused(f, rc, "bad_encoding", 2, 3,
		       "the file is not valid GBK/GB18030: byte 0xD6 at offset 4 (line 2) cannot be decoded; " HINT);
}

static void test_text_to_utf8_rejects_damaged_utf8_with_bom(void **state)
{
	struct fixture *f = *state;
	/* A BOM, "指", then a stray byte that GB18030 would have happily paired up. */
	enum status rc = convert(f, "\xEF\xBB\xBF\xE6\x8C\x87\xB1\xEA", 8, NULL);
	assert_refused(f, rc, "bad_encoding", 1, 7,
		       "the file starts with a UTF-8 byte-order mark but is not valid UTF-8: byte 0xB1 at offset 6 (line 1) "
		       "cannot be decoded; " HINT);
}

static void test_text_to_utf8_rejects_unknown_encoding(void **state)
{
	struct fixture *f = *state;
	enum status rc = convert(f, "a,b\n", 4, "latin1");
	assert_refused(f, rc, "unknown_encoding", 0, 0, "unknown encoding 'latin1': use utf-8, gbk or gb18030");
}

static void test_text_to_utf8_rejects_utf16(void **state)
{
	struct fixture *f = *state;
	enum status rc = convert(f, "\xFF\xFE" "a\0,\0", 6, NULL);
	assert_refused(f, rc, "bad_encoding", 1, 1, "the file is UTF-16; save it as UTF-8");
	rc = convert(f, "\xFE\xFF\0a", 4, "gbk");
	assert_int_equal(rc, ST_INVALID);
	assert_int_equal(f->diags.n, 2);
	assert_string_equal(f->diags.items[1].msg, "the file is UTF-16; save it as UTF-8");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text_to_utf8_keeps_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_to_utf8_keeps_utf8_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_to_utf8_keeps_empty_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_to_utf8_converts_gbk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_to_utf8_converts_gb18030_four_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_to_utf8_forced_gbk_overrides_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_to_utf8_accepts_gb2312_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_to_utf8_reports_undecodable_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_to_utf8_forced_utf8_rejects_gbk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_to_utf8_forced_gbk_reports_cut_character, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_to_utf8_rejects_damaged_utf8_with_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_to_utf8_rejects_unknown_encoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_to_utf8_rejects_utf16, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
