/* test_stream.c - unit tests of the streaming readers (ingest/source.c, the streaming half of
 * ingest/encoding.c and ingest/sheet.c, ingest/spill.c, ingest/extsort.c): a CSV reads to the
 * same rows and the same errors whatever size of chunk it arrives in (down to one byte), in
 * UTF-8 and in GBK (a character cut between chunks included), from memory and from a file on
 * disk; an undecodable GBK byte is named where the whole-file decoder names it; the file's
 * SHA-256; a CSV whose first chunk is UTF-8 beyond ASCII read in one pass, hashed and checked as
 * it is read (a bad byte or a character cut by the end named, the whole file hashed even when
 * the read stops early); the spill keeps strings past its memory budget in a file and gives them back; the
 * external sort orders more records than one run holds, stably. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "ingest/encoding.h"
#include "ingest/extsort.h"
#include "ingest/sheet.h"
#include "ingest/source.h"
#include "ingest/spill.h"
#include "base/banned.h"

/* Every row and every diagnostic of a read, as one text to compare. */
struct capture {
	struct buf text;
};

static enum status capture_row(void *ctx, const struct sheet *sh, const struct sheet_row *row)
{
	struct capture *c = ctx;
	bwf(&c->text, "%s %ld:", sh->file, row->line);
	for (size_t i = 0; i < row->n_cells; i++)
		bwf(&c->text, "[%.*s]", (int)row->cells[i].len, row->cells[i].p);
	bwc(&c->text, '\n');
	return ST_OK;
}

static void capture_diags(struct capture *c, const struct diag_list *d, enum status rc)
{
	bwf(&c->text, "status %d\n", (int)rc);
	for (size_t i = 0; i < d->n; i++)
		bwf(&c->text, "%s %ld:%d %s %s\n", d->items[i].code, d->items[i].line, d->items[i].col, d->items[i].msg,
		    d->items[i].value ? d->items[i].value : "-");
}

/* Stream text (in encoding) through chunks of `chunk` bytes; returns the capture (caller frees). */
static char *stream_text(const char *text, size_t len, const char *encoding, size_t chunk, struct sheet_info *info)
{
	struct arena *a = arena_new();
	struct diag_list d;
	diag_init(&d, a);
	struct byte_source src;
	source_init_mem(&src, "t.csv", text, len);
	if (chunk)
		src.chunk = chunk;
	struct capture c;
	buf_init(&c.text, 0);
	struct sheet_info local;
	enum status rc = sheet_stream(a, &src, encoding, NULL, capture_row, &c, info ? info : &local, &d);
	capture_diags(&c, &d, rc);
	size_t n;
	char *out = buf_detach(&c.text, &n);
	arena_free(a);
	return out;
}

static const char *const utf8_inputs[] = {
	"indicator,region,period,value\nrd,长沙,2024,1.5\nrd,株洲,2024,\"2,5\"\n",
	"\xEF\xBB\xBFindicator,region\r\nrd,\"多\r\n行\"\r\n\r\n   \r\nrd,x\r\n",
	"a\tb\tc\n1\t2\t3\n4\t\"5\"\"x\"\t6\n,,\n\t\t\n",
	"a,b\n1,2,3\n\"open,4\n5,6\n",
	"a,b\n1,\"x\"y\n2,3\nz\"q,4\n7,8",
	"a,b,\n1,2,\n3,4,",
	"",
	"only header",
	"a,b\n\"unterminated\n",
};

static void test_sheet_stream_same_rows_whatever_the_chunk(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(utf8_inputs) / sizeof(utf8_inputs[0]); k++) {
		const char *text = utf8_inputs[k];
		char *whole = stream_text(text, strlen(text), NULL, 0, NULL);
		for (size_t chunk = 1; chunk <= 17; chunk++) {
			char *part = stream_text(text, strlen(text), NULL, chunk, NULL);
			if (strcmp(whole, part) != 0)
				fail_msg("input %zu, chunks of %zu bytes:\n%s\n--- whole:\n%s", k, chunk, part, whole);
			free(part);
		}
		free(whole);
	}
}

static void test_sheet_stream_reads_like_sheet_from_csv(void **state)
{
	(void)state;
	const char *text = utf8_inputs[0];
	struct arena *a = arena_new();
	struct diag_list d;
	diag_init(&d, a);
	struct sheet sh;
	assert_int_equal(sheet_from_csv(a, "t.csv", text, strlen(text), &sh, &d), ST_OK);
	assert_int_equal(sh.n_rows, 3);
	char *streamed = stream_text(text, strlen(text), NULL, 3, NULL);
	for (size_t i = 0; i < sh.n_rows; i++) {
		char want[256];
		snprintf(want, sizeof(want), "t.csv %ld:[%.*s]", sh.rows[i].line, (int)sh.rows[i].cells[0].len, sh.rows[i].cells[0].p);
		if (!strstr(streamed, want))
			fail_msg("'%s' missing from:\n%s", want, streamed);
	}
	assert_non_null(strstr(streamed, "[2,5]"));
	free(streamed);
	arena_free(a);
}

/* "地区,数值\n长沙,1\n株洲,2\n" in GBK: every Chinese character is two bytes. */
static const char gbk_text[] = "\xB5\xD8\xC7\xF8,\xCA\xFD\xD6\xB5\n\xB3\xA4\xC9\xB3,1\n\xD6\xEA\xD6\xDE,2\n";

static void test_sheet_stream_gbk_cut_between_chunks(void **state)
{
	(void)state;
	struct sheet_info info;
	char *whole = stream_text(gbk_text, sizeof(gbk_text) - 1, NULL, 0, &info);
	assert_string_equal(info.encoding, "gb18030");
	assert_non_null(strstr(whole, "t.csv 2:[长沙][1]"));
	assert_non_null(strstr(whole, "t.csv 3:[株洲][2]"));
	assert_non_null(strstr(whole, "status 0"));
	for (size_t chunk = 1; chunk <= 9; chunk++) {
		char *part = stream_text(gbk_text, sizeof(gbk_text) - 1, "gbk", chunk, NULL);
		if (strcmp(whole, part) != 0)
			fail_msg("chunks of %zu bytes:\n%s\n--- whole:\n%s", chunk, part, whole);
		free(part);
	}
	free(whole);
}

static void test_sheet_stream_names_a_bad_gbk_byte_as_the_whole_decoder(void **state)
{
	(void)state;
	/* 0xFF cannot start a GB18030 character: line 3, column 4 */
	static const char bad[] = "\xB5\xD8\xC7\xF8,x\nab,1\nabc\xFF,2\n";
	struct arena *a = arena_new();
	struct diag_list d;
	diag_init(&d, a);
	const char *out, *enc;
	size_t out_len;
	assert_int_equal(text_to_utf8(a, "t.csv", bad, sizeof(bad) - 1, "gbk", &out, &out_len, &enc, &d), ST_INVALID);
	char want[512];
	snprintf(want, sizeof(want), "bad_encoding %ld:%d %s %s", d.items[0].line, d.items[0].col, d.items[0].msg, d.items[0].value);
	for (size_t chunk = 1; chunk <= 8; chunk++) {
		char *got = stream_text(bad, sizeof(bad) - 1, "gbk", chunk, NULL);
		if (!strstr(got, want))
			fail_msg("chunks of %zu: '%s' not in\n%s", chunk, want, got);
		free(got);
	}
	assert_int_equal(d.items[0].line, 3);
	assert_int_equal(d.items[0].col, 4);
	arena_free(a);
}

static void test_sheet_stream_bad_utf8_with_a_bom_is_refused(void **state)
{
	(void)state;
	static const char bad[] = "\xEF\xBB\xBF" "a,b\n1,\xC3\n";
	char *got = stream_text(bad, sizeof(bad) - 1, NULL, 2, NULL);
	assert_non_null(strstr(got, "bad_encoding 2:3"));
	assert_null(strstr(got, "t.csv 2:"));
	free(got);
}

static void test_sheet_stream_from_a_file_hashes_it(void **state)
{
	(void)state;
	char path[] = "/tmp/innomon-test-stream-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *text = "a,b\n1,2\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	struct arena *a = arena_new();
	struct diag_list d;
	diag_init(&d, a);
	struct byte_source src;
	assert_int_equal(source_open_file(&src, "t.csv", path), ST_OK);
	struct capture c;
	buf_init(&c.text, 0);
	struct sheet_info info;
	assert_int_equal(sheet_stream(a, &src, NULL, NULL, capture_row, &c, &info, &d), ST_OK);
	source_close(&src);
	unlink(path);
	assert_string_equal(buf_str(&c.text), "t.csv 1:[a][b]\nt.csv 2:[1][2]\n");
	/* sha256sum of "a,b\n1,2\n" */
	assert_string_equal(info.sha256, "492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470");
	assert_int_equal(info.n_bytes, 8);
	assert_string_equal(info.format, "csv");
	buf_release(&c.text);
	arena_free(a);
	struct byte_source missing;
	assert_int_equal(source_open_file(&missing, "x", "/nonexistent/innomon"), ST_IO);
}

/* The hash and size one full pass gives (source_scan, as every read did before one-pass UTF-8). */
static void full_pass(const char *text, size_t len, struct source_scan *out)
{
	struct byte_source src;
	source_init_mem(&src, "t.csv", text, len);
	assert_int_equal(source_scan(&src, 1, out), ST_OK);
}

static void test_sheet_stream_utf8_in_one_pass(void **state)
{
	(void)state;
	static const char text[] = "地区,值\n长沙,1.5\n株洲,\"多\n行\"\n湘潭,\"2,5\"\n";
	static const char want[] = "t.csv 1:[地区][值]\nt.csv 2:[长沙][1.5]\nt.csv 3:[株洲][多\n行]\nt.csv 5:[湘潭][2,5]\nstatus 0\n";
	struct source_scan full;
	full_pass(text, sizeof(text) - 1, &full);
	for (size_t chunk = 1; chunk <= 23; chunk++) {
		struct sheet_info info;
		char *got = stream_text(text, sizeof(text) - 1, NULL, chunk, &info);
		if (strcmp(got, want) != 0)
			fail_msg("chunks of %zu bytes:\n%s\n--- want:\n%s", chunk, got, want);
		free(got);
		assert_string_equal(info.encoding, "utf-8");
		assert_string_equal(info.sha256, full.sha256);
		assert_int_equal(info.n_bytes, sizeof(text) - 1);
	}
}

static void test_sheet_stream_one_pass_names_a_later_bad_byte(void **state)
{
	(void)state;
	/* UTF-8 where it starts (the first chunk a file is read in, whatever the chunks), a byte
	 * further on that is not: named where it is, nothing decoded as GB18030 behind the user's
	 * back; the whole file still hashed */
	struct buf b;
	buf_init(&b, 0);
	bw(&b, "地区,值\n");
	long rows = 1;
	while (b.len <= SOURCE_CHUNK_BYTES)
		bw(&b, "长沙,1\n"), rows++;
	bw(&b, "株洲,x\xFFy\n湘潭,2\n");
	size_t len = b.len;
	struct source_scan full;
	full_pass(buf_str(&b), len, &full);
	assert_false(full.is_utf8);
	char want[160], where[96], next[32];
	snprintf(want, sizeof(want), "status %d\nbad_encoding %ld:9 the file reads as UTF-8 where it starts but is not valid",
		 (int)ST_INVALID, rows + 1);
	snprintf(where, sizeof(where), "byte 0xFF at offset %zu (line %ld)", len - strlen("y\n湘潭,2\n") - 1, rows + 1);
	snprintf(next, sizeof(next), "t.csv %ld:", rows + 2);
	static const size_t chunks[] = {0, 1, 7, 4096, 65536};
	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		struct sheet_info info;
		char *got = stream_text(buf_str(&b), len, NULL, chunks[c], &info);
		if (!strstr(got, want) || !strstr(got, where) || strstr(got, next))
			fail_msg("chunks of %zu bytes:\n%s", chunks[c], got + (strlen(got) > 400 ? strlen(got) - 400 : 0));
		free(got);
		assert_string_equal(info.sha256, full.sha256);
		assert_int_equal(info.n_bytes, len);
	}
	/* named UTF-8 by the user: the same, in the words for that */
	char *got = stream_text(buf_str(&b), len, "utf-8", 4096, NULL);
	snprintf(want, sizeof(want), "bad_encoding %ld:9 the file is not valid UTF-8", rows + 1);
	assert_non_null(strstr(got, want));
	free(got);
	/* within the first chunk, the file is read through first and, not being UTF-8, read as
	 * GB18030, as before (whose decoder then names what it cannot decode) */
	got = stream_text("地区,值\n株洲,x\xFFy\n", strlen("地区,值\n株洲,x\xFFy\n"), NULL, 3, NULL);
	assert_null(strstr(got, "reads as UTF-8"));
	assert_non_null(strstr(got, "GB18030"));
	free(got);
	buf_release(&b);
}

static void test_sheet_stream_one_pass_names_a_character_cut_by_the_end(void **state)
{
	(void)state;
	static const char text[] = "地区,值\n长沙,\xE6\x9D";
	for (size_t chunk = 1; chunk <= 12; chunk++) {
		char *got = stream_text(text, sizeof(text) - 1, NULL, chunk, NULL);
		if (!strstr(got, "bad_encoding 2:8 "))
			fail_msg("chunks of %zu bytes:\n%s", chunk, got);
		free(got);
	}
}

static enum status stop_at_row_2(void *ctx, const struct sheet *sh, const struct sheet_row *row)
{
	(void)ctx, (void)sh;
	return row->line == 2 ? ST_INVALID : ST_OK;
}

static void test_sheet_stream_one_pass_hashes_the_whole_file_when_stopped(void **state)
{
	(void)state;
	static const char text[] = "地区,值\n长沙,1\n株洲,2\n湘潭,3\n";
	struct source_scan full;
	full_pass(text, sizeof(text) - 1, &full);
	struct arena *a = arena_new();
	struct diag_list d;
	diag_init(&d, a);
	struct byte_source src;
	source_init_mem(&src, "t.csv", text, sizeof(text) - 1);
	src.chunk = 5;
	struct sheet_info info;
	assert_int_equal(sheet_stream(a, &src, NULL, NULL, stop_at_row_2, NULL, &info, &d), ST_INVALID);
	assert_string_equal(info.sha256, full.sha256);
	assert_int_equal(info.n_bytes, sizeof(text) - 1);
	arena_free(a);
}

static void test_spill_keeps_strings_past_its_memory_in_a_file(void **state)
{
	(void)state;
	struct spill *s = spill_new(1000);
	char text[64];
	for (int i = 0; i < 50000; i++) {
		int n = snprintf(text, sizeof(text), "string %d %s", i, i % 7 ? "" : "with more words in it");
		assert_int_equal(spill_add(s, text, (size_t)n), ST_OK);
	}
	assert_int_equal(spill_add(s, "", 0), ST_OK);
	assert_int_equal(spill_count(s), 50001);
	struct arena *a = arena_new();
	/* in order, backwards and at random: every string comes back whole */
	for (int pass = 0; pass < 3; pass++)
		for (int k = 0; k < 50000; k++) {
			int i = pass == 0 ? k : pass == 1 ? 49999 - k : (int)(((unsigned)k * 7919u) % 50000u);
			int n = snprintf(text, sizeof(text), "string %d %s", i, i % 7 ? "" : "with more words in it");
			struct str got;
			assert_int_equal(spill_get(s, (size_t)i, a, &got), ST_OK);
			if (got.len != (size_t)n || memcmp(got.p, text, (size_t)n) != 0)
				fail_msg("string %d came back as '%.*s'", i, (int)got.len, got.p);
			if (k % 1000 == 0)
				arena_reset(a);
		}
	struct str last;
	assert_int_equal(spill_get(s, 50000, a, &last), ST_OK);
	assert_int_equal(last.len, 0);
	arena_free(a);
	spill_free(s);
}

static int rec_cmp(const void *a, size_t al, const void *b, size_t bl)
{
	(void)al, (void)bl;
	uint32_t x, y;
	memcpy(&x, a, 4);
	memcpy(&y, b, 4);
	return (x > y) - (x < y);
}

static void test_extsort_merges_runs_stably(void **state)
{
	(void)state;
	/* records: a 4-byte key (few distinct values) and the order they were added in */
	struct extsort *x = extsort_new(rec_cmp, 4096);
	const uint32_t n = 20000;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t rec[2] = {(i * 2654435761u) % 97u, i};
		assert_int_equal(extsort_add(x, rec, sizeof(rec)), ST_OK);
	}
	assert_int_equal(extsort_count(x), n);
	assert_int_equal(extsort_sort(x), ST_OK);
	uint32_t prev_key = 0, prev_seq = 0, count = 0;
	const void *p;
	size_t len;
	int got;
	while ((got = extsort_next(x, &p, &len)) == 1) {
		uint32_t rec[2];
		assert_int_equal(len, sizeof(rec));
		memcpy(rec, p, sizeof(rec));
		if (count && (rec[0] < prev_key || (rec[0] == prev_key && rec[1] <= prev_seq)))
			fail_msg("record %u (key %u, added %u) after key %u added %u", count, rec[0], rec[1], prev_key, prev_seq);
		prev_key = rec[0], prev_seq = rec[1];
		count++;
	}
	assert_int_equal(got, 0);
	assert_int_equal(count, n);
	extsort_free(x);

	/* one run that fits: sorted in memory */
	x = extsort_new(rec_cmp, 0);
	for (uint32_t i = 0; i < 100; i++) {
		uint32_t rec[2] = {100 - i, i};
		assert_int_equal(extsort_add(x, rec, sizeof(rec)), ST_OK);
	}
	assert_int_equal(extsort_sort(x), ST_OK);
	assert_int_equal(extsort_next(x, &p, &len), 1);
	uint32_t first;
	memcpy(&first, p, 4);
	assert_int_equal(first, 1);
	extsort_free(x);

	/* no room for runs (TMPDIR a missing folder): the add that needs a run file fails, and so
	 * does sorting; freeing a sorter whose run is still being written waits for it */
	const char *tmp = getenv("TMPDIR");
	char *saved = tmp ? strdup(tmp) : NULL;
	setenv("TMPDIR", "/nonexistent-innomon-test", 1);
	x = extsort_new(rec_cmp, 4096);
	enum status rc = ST_OK;
	for (uint32_t i = 0; i < 2000 && rc == ST_OK; i++) {
		uint32_t rec[2] = {i % 7u, i};
		rc = extsort_add(x, rec, sizeof(rec));
	}
	assert_int_equal(rc, ST_IO);
	extsort_free(x);
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
	x = extsort_new(rec_cmp, 4096);
	for (uint32_t i = 0; i < 600; i++) { /* a run handed to the thread, another gathering */
		uint32_t rec[2] = {i % 7u, i};
		assert_int_equal(extsort_add(x, rec, sizeof(rec)), ST_OK);
	}
	extsort_free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sheet_stream_same_rows_whatever_the_chunk),
		cmocka_unit_test(test_sheet_stream_reads_like_sheet_from_csv),
		cmocka_unit_test(test_sheet_stream_gbk_cut_between_chunks),
		cmocka_unit_test(test_sheet_stream_names_a_bad_gbk_byte_as_the_whole_decoder),
		cmocka_unit_test(test_sheet_stream_bad_utf8_with_a_bom_is_refused),
		cmocka_unit_test(test_sheet_stream_from_a_file_hashes_it),
		cmocka_unit_test(test_sheet_stream_utf8_in_one_pass),
		cmocka_unit_test(test_sheet_stream_one_pass_names_a_later_bad_byte),
		cmocka_unit_test(test_sheet_stream_one_pass_names_a_character_cut_by_the_end),
		cmocka_unit_test(test_sheet_stream_one_pass_hashes_the_whole_file_when_stopped),
		cmocka_unit_test(test_spill_keeps_strings_past_its_memory_in_a_file),
		cmocka_unit_test(test_extsort_merges_runs_stably),
	};
	return cmocka_run_group_tests_name("ingest/stream", tests, NULL, NULL);
}
