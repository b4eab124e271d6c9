/* test_csv.c - unit tests of ingest/csv.c (RFC 4180): quoting, doubled quotes, embedded
 * newlines and the line numbers of the records after them, CRLF, the BOM, delimiter
 * sniffing, malformed quoting with its position, blank lines, trailing delimiters and the
 * field-size and field-count caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ingest/csv.h"
#include "base/banned.h"

struct fixture {
	struct arena *arena;
	struct diag_list diags;
	struct csv_reader r;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->arena = arena_new();
	diag_init(&f->diags, f->arena);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(f->arena);
	free(f);
	return 0;
}

static void start(struct fixture *f, const char *text, char delim)
{
	csv_init(&f->r, text, strlen(text), delim, "t.csv");
}

/* Read the next record and check it has exactly the given fields (NULL-terminated) at line. */
static void expect_record(struct fixture *f, long line, const char *const *want)
{
	struct csv_record rec;
	int rc = csv_next(&f->r, f->arena, &rec, &f->diags);
	if (rc != 1)
		fail_msg("expected a record at line %ld, csv_next returned %d", line, rc);
	size_t n = 0;
	while (want[n])
		n++;
	assert_int_equal(rec.line, line);
	assert_int_equal(rec.n_fields, n);
	for (size_t i = 0; i < n; i++) {
		if (!str_eq(rec.fields[i], want[i]))
			fail_msg("line %ld field %zu is '%.*s', expected '%s'", line, i + 1, (int)rec.fields[i].len,
				 rec.fields[i].p, want[i]);
	}
}

static void expect_end(struct fixture *f)
{
	struct csv_record rec;
	assert_int_equal(csv_next(&f->r, f->arena, &rec, &f->diags), 0);
	assert_int_equal(csv_next(&f->r, f->arena, &rec, &f->diags), 0);
}

/* Expect the next call to fail with one new diagnostic code at line:col. */
static void expect_error(struct fixture *f, const char *code, long line, int col)
{
	struct csv_record rec;
	size_t before = f->diags.n;
	assert_int_equal(csv_next(&f->r, f->arena, &rec, &f->diags), -1);
	assert_int_equal(f->diags.n, before + 1);
	const struct diag *d = &f->diags.items[before];
	assert_string_equal(d->code, code);
	assert_string_equal(d->file, "t.csv");
	assert_int_equal(d->line, line);
	assert_int_equal(d->col, col);
}

#define REC(f, line, ...) expect_record((f), (line), (const char *const[]){__VA_ARGS__, NULL})

static void test_csv_next_plain_records(void **state)
{
	struct fixture *f = *state;
	start(f, "code,name\nkjt,省科技厅\nfgw,省发展改革委\n", ',');
	REC(f, 1, "code", "name");
	REC(f, 2, "kjt", "省科技厅");
	REC(f, 3, "fgw", "省发展改革委");
	expect_end(f);
	assert_int_equal(f->diags.n, 0);
}

static void test_csv_next_last_line_without_newline(void **state)
{
	struct fixture *f = *state;
	start(f, "a,b\nc,d", ',');
	REC(f, 1, "a", "b");
	REC(f, 2, "c", "d");
	expect_end(f);
}

static void test_csv_next_quoted_delimiters_and_quotes(void **state)
{
	struct fixture *f = *state;
	start(f, "\"a,b\",\"say \"\"hi\"\"\",\"\",plain\n\"\"\"\"\n", ',');
	REC(f, 1, "a,b", "say \"hi\"", "", "plain");
	REC(f, 2, "\"");
	expect_end(f);
	assert_int_equal(f->diags.n, 0);
}

static void test_csv_next_embedded_newlines_keep_line_numbers(void **state)
{
	struct fixture *f = *state;
	start(f, "h1,h2\n1,\"two\nlines\"\n2,\"three\n\nlines\"\n3,x\n", ',');
	REC(f, 1, "h1", "h2");
	REC(f, 2, "1", "two\nlines");
	REC(f, 4, "2", "three\n\nlines");
	REC(f, 7, "3", "x");
	expect_end(f);
}

static void test_csv_next_crlf(void **state)
{
	struct fixture *f = *state;
	start(f, "a,b\r\n\"q\r\nx\",c\r\nd,\r\n", ',');
	REC(f, 1, "a", "b");
	REC(f, 2, "q\r\nx", "c");
	REC(f, 4, "d", "");
	expect_end(f);
}

static void test_csv_init_skips_bom(void **state)
{
	struct fixture *f = *state;
	start(f, "\xEF\xBB\xBF" "code,name\nkjt,x\n", ',');
	REC(f, 1, "code", "name");
	REC(f, 2, "kjt", "x");
	expect_end(f);
}

static void test_csv_sniff_delim(void **state)
{
	(void)state;
	assert_int_equal(csv_sniff_delim("a\tb\tc\nx,y,z,w,v\n", 17), '\t');
	assert_int_equal(csv_sniff_delim("a,b,c\n", 6), ',');
	assert_int_equal(csv_sniff_delim("a\tb,c\n", 6), ','); /* a tie is a comma */
	assert_int_equal(csv_sniff_delim("\"a\tb\tc\",d\n", 10), ',');
	assert_int_equal(csv_sniff_delim("\"x,y,z\"\tb\tc\n", 12), '\t');
	assert_int_equal(csv_sniff_delim("", 0), ',');
	assert_int_equal(csv_sniff_delim("one\n\t\t\t\n", 8), ','); /* only the first line counts */
}

static void test_csv_next_tab_delimited(void **state)
{
	struct fixture *f = *state;
	const char *text = "code\tname\nkjt\t\"a,b\"\n";
	start(f, text, csv_sniff_delim(text, strlen(text)));
	REC(f, 1, "code", "name");
	REC(f, 2, "kjt", "a,b");
	expect_end(f);
}

static void test_csv_next_unterminated_quote(void **state)
{
	struct fixture *f = *state;
	start(f, "a,b\nc,\"never\nclosed,x\nmore\n", ',');
	REC(f, 1, "a", "b");
	expect_error(f, "unterminated_quote", 2, 2);
	assert_string_equal(f->diags.items[0].msg, "a quoted field starting here is never closed");
	expect_end(f);
}

static void test_csv_next_stray_quote_in_unquoted_field(void **state)
{
	struct fixture *f = *state;
	start(f, "a,b\nxy,ab\"c\nd,e\n", ',');
	REC(f, 1, "a", "b");
	expect_error(f, "stray_quote", 2, 2);
	assert_string_equal(f->diags.items[0].msg,
			    "a quote inside an unquoted field; quote the whole field and double the quote");
	REC(f, 3, "d", "e"); /* reading goes on with the next line */
	expect_end(f);
}

static void test_csv_next_stray_text_after_closing_quote(void **state)
{
	struct fixture *f = *state;
	start(f, "\"ab\"c,d\nok,1\n2,\"multi\nline\"z\n3,y\n", ',');
	expect_error(f, "stray_quote", 1, 1);
	REC(f, 2, "ok", "1");
	/* reported on the line where the stray text is, after the embedded newline */
	expect_error(f, "stray_quote", 4, 2);
	REC(f, 5, "3", "y");
	expect_end(f);
}

static void test_csv_next_skips_blank_lines(void **state)
{
	struct fixture *f = *state;
	start(f, "\na,b\n\n   \n\t\r\nc,d\n\n\n", ',');
	REC(f, 2, "a", "b");
	REC(f, 6, "c", "d");
	expect_end(f);
}

static void test_csv_next_trailing_delimiter(void **state)
{
	struct fixture *f = *state;
	start(f, "a,b,\nc,,\n,\nd,", ',');
	REC(f, 1, "a", "b", "");
	REC(f, 2, "c", "", "");
	REC(f, 3, "", "");
	REC(f, 4, "d", "");
	expect_end(f);
}

static void test_csv_next_field_size_cap(void **state)
{
	struct fixture *f = *state;
	size_t max = CSV_MAX_FIELD_BYTES;
	char *text = malloc(2 * max + 64);
	/* exactly the cap is accepted, quoted and unquoted */
	memset(text, 'x', max);
	memcpy(text + max, ",\"", 2);
	memset(text + max + 2, 'y', max);
	memcpy(text + 2 * max + 2, "\"\nz\n", 5);
	start(f, text, ',');
	struct csv_record rec;
	assert_int_equal(csv_next(&f->r, f->arena, &rec, &f->diags), 1);
	assert_int_equal(rec.n_fields, 2);
	assert_int_equal(rec.fields[0].len, max);
	assert_int_equal(rec.fields[1].len, max);
	assert_int_equal(rec.fields[1].p[max - 1], 'y');
	REC(f, 2, "z");
	expect_end(f);
	free(text);
}

static void test_csv_next_field_too_large(void **state)
{
	struct fixture *f = *state;
	size_t max = CSV_MAX_FIELD_BYTES;
	char *text = malloc(2 * max + 64);
	size_t n = 0;
	memcpy(text, "a,", 2), n = 2;
	memset(text + n, 'x', max + 1), n += max + 1;
	memcpy(text + n, "\nb,\"", 4), n += 4;
	memset(text + n, 'y', max + 1), n += max + 1;
	memcpy(text + n, "\"\nc\n", 5);
	start(f, text, ',');
	expect_error(f, "field_too_large", 1, 2);
	assert_string_equal(f->diags.items[0].msg, "a field is longer than 65536 bytes");
	expect_error(f, "field_too_large", 2, 2);
	REC(f, 3, "c");
	expect_end(f);
	free(text);
}

static void test_csv_next_too_many_fields(void **state)
{
	struct fixture *f = *state;
	/* 256 fields pass, 257 do not */
	char text[2048];
	size_t n = 0;
	for (unsigned i = 0; i < CSV_MAX_FIELDS; i++)
		text[n++] = 'a', text[n++] = i + 1 < CSV_MAX_FIELDS ? ',' : '\n';
	for (unsigned i = 0; i < CSV_MAX_FIELDS + 1; i++)
		text[n++] = 'b', text[n++] = i < CSV_MAX_FIELDS ? ',' : '\n';
	memcpy(text + n, "ok\n", 4);
	start(f, text, ',');
	struct csv_record rec;
	assert_int_equal(csv_next(&f->r, f->arena, &rec, &f->diags), 1);
	assert_int_equal(rec.n_fields, CSV_MAX_FIELDS);
	expect_error(f, "too_many_fields", 2, 0);
	assert_string_equal(f->diags.items[0].msg, "a record has more than 256 fields");
	REC(f, 3, "ok");
	expect_end(f);
}

static void test_csv_next_empty_input(void **state)
{
	struct fixture *f = *state;
	start(f, "", ',');
	expect_end(f);
	start(f, "\xEF\xBB\xBF", ',');
	expect_end(f);
	start(f, "\n\n", ',');
	expect_end(f);
	assert_int_equal(f->diags.n, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_csv_next_plain_records),
		T(test_csv_next_last_line_without_newline),
		T(test_csv_next_quoted_delimiters_and_quotes),
		T(test_csv_next_embedded_newlines_keep_line_numbers),
		T(test_csv_next_crlf),
		T(test_csv_init_skips_bom),
		T(test_csv_sniff_delim),
		T(test_csv_next_tab_delimited),
		T(test_csv_next_unterminated_quote),
		T(test_csv_next_stray_quote_in_unquoted_field),
		T(test_csv_next_stray_text_after_closing_quote),
		T(test_csv_next_skips_blank_lines),
		T(test_csv_next_trailing_delimiter),
		T(test_csv_next_field_size_cap),
		T(test_csv_next_field_too_large),
		T(test_csv_next_too_many_fields),
		T(test_csv_next_empty_input),
	};
#undef T
	return cmocka_run_group_tests_name("ingest/csv", tests, NULL, NULL);
}
