/* test_evidence.c - unit tests of supervise/evidence.c: the type of a file from its bytes
 * (PDF, PNG, JPEG, DOCX and XLSX built here as real zips with libzip, DOC and XLS as OLE
 * compound files, and what is none of these), the kept name (folders dropped, '..' and control
 * characters refused), the whole check (size cap, a wrong type behind a right extension) and
 * the scan hook (exit 0 keeps, another code refuses, a missing command fails). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <cmocka.h>

#include "supervise/supervise.h"
#include "base/banned.h"

static struct arena *arena;

static int setup(void **state)
{
	(void)state;
	arena = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(arena);
	return 0;
}

/* A zip in memory with one part (name, text), copied into the arena; *len its size. */
static void *zip_with(const char *name, const char *text, size_t *len)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *out = zip_source_buffer_create(NULL, 0, 0, &err);
	assert_non_null(out);
	zip_source_keep(out);
	zip_t *z = zip_open_from_source(out, ZIP_TRUNCATE, &err);
	assert_non_null(z);
	zip_source_t *part = zip_source_buffer(z, text, strlen(text), 0);
	assert_true(zip_file_add(z, name, part, ZIP_FL_OVERWRITE) >= 0);
	assert_int_equal(zip_close(z), 0);
	zip_stat_t st;
	assert_int_equal(zip_source_stat(out, &st), 0);
	assert_int_equal(zip_source_open(out), 0);
	void *data = arena_alloc(arena, (size_t)st.size);
	assert_int_equal(zip_source_read(out, data, st.size), (zip_int64_t)st.size);
	zip_source_close(out);
	zip_source_free(out);
	zip_error_fini(&err);
	*len = (size_t)st.size;
	return data;
}

#define CT_HEAD "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
#define WORD_MAIN "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#define SHEET_MAIN "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

/* An OLE compound file header padded to 2048 bytes with a directory entry name in UTF-16LE. */
static void *ole_with(const char *stream, size_t *len)
{
	unsigned char *d = arena_calloc(arena, 2048, 1);
	static const unsigned char magic[] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};
	memcpy(d, magic, sizeof(magic));
	for (size_t i = 0; stream[i]; i++)
		d[1024 + 2 * i] = (unsigned char)stream[i];
	*len = 2048;
	return d;
}

static void test_sup_sniff_every_kind(void **state)
{
	(void)state;
	size_t len;
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0};
	static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 0x10};
	assert_string_equal(sup_sniff("%PDF-1.7\n", 9)->kind, "pdf");
	assert_string_equal(sup_sniff(png, sizeof(png))->kind, "png");
	assert_string_equal(sup_sniff(jpeg, sizeof(jpeg))->kind, "jpeg");
	void *docx = zip_with("[Content_Types].xml", CT_HEAD "<Override PartName=\"/word/document.xml\" ContentType=\"" WORD_MAIN "\"/></Types>", &len);
	assert_string_equal(sup_sniff(docx, len)->kind, "docx");
	void *xlsx = zip_with("[Content_Types].xml", CT_HEAD "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" SHEET_MAIN "\"/></Types>", &len);
	const struct sup_file_kind *k = sup_sniff(xlsx, len);
	assert_string_equal(k->kind, "xlsx");
	assert_string_equal(k->content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	void *doc = ole_with("WordDocument", &len);
	assert_string_equal(sup_sniff(doc, len)->kind, "doc");
	void *xls = ole_with("Workbook", &len);
	assert_string_equal(sup_sniff(xls, len)->kind, "xls");
	/* none of these: text, an executable, a zip that is no Office file, an OLE file of
	 * another kind, a truncated zip */
	assert_null(sup_sniff("hello", 5));
	assert_null(sup_sniff("\x7f" "ELF\x02\x01\x01", 7));
	void *plain = zip_with("notes.txt", "just a zip", &len);
	assert_null(sup_sniff(plain, len));
	void *other = ole_with("PowerPoint Document", &len);
	assert_null(sup_sniff(other, len));
	assert_null(sup_sniff(docx, 30));
	assert_null(sup_sniff("", 0));
}

static void test_sup_file_name_keeps_the_base_name(void **state)
{
	(void)state;
	struct sup_error why = {0};
	assert_string_equal(sup_file_name(arena, "进展报告.pdf", &why), "进展报告.pdf");
	assert_string_equal(sup_file_name(arena, "C:\\Users\\wang\\report.pdf", &why), "report.pdf");
	assert_string_equal(sup_file_name(arena, "scans/2025/q3.png", &why), "q3.png");
	const struct {
		const char *name, *code;
	} bad[] = {
		{"../../etc/passwd", "path_traversal"}, {"a/../b.pdf", "path_traversal"}, {"..\\..\\boot.ini", "path_traversal"},
		{"..", "path_traversal"}, {"", "bad_name"}, {"dir/", "bad_name"}, {"./", "bad_name"},
		{"bad\x01name.pdf", "bad_name"}, {"line\nbreak.pdf", "bad_name"}, {"\xff\xfe.pdf", "bad_name"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = (struct sup_error){0};
		assert_null(sup_file_name(arena, bad[i].name, &why));
		assert_string_equal(why.code, bad[i].code);
		assert_non_null(why.msg);
	}
	char longname[260];
	memset(longname, 'a', 250);
	memcpy(longname + 250, ".pdf", 5);
	assert_null(sup_file_name(arena, longname, &why));
	assert_null(sup_file_name(arena, NULL, &why));
}

static void test_sup_evidence_check_refusals(void **state)
{
	(void)state;
	const struct sup_file_kind *kind;
	const char *name;
	struct sup_error why = {0};
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4};
	assert_int_equal(sup_evidence_check(arena, "%PDF-1.4 x", 10, "报告.PDF", 100, &kind, &name, &why), ST_OK);
	assert_string_equal(kind->kind, "pdf");
	assert_string_equal(name, "报告.PDF");
	assert_int_equal(sup_evidence_check(arena, png, sizeof(png), "figure.jpg", 100, &kind, &name, &why), ST_INVALID);
	assert_string_equal(why.code, "type_mismatch");
	assert_int_equal(sup_evidence_check(arena, png, sizeof(png), "photo.jpeg", 100, &kind, &name, &why), ST_INVALID);
	assert_int_equal(sup_evidence_check(arena, png, sizeof(png), "figure.png", 100, &kind, &name, &why), ST_OK);
	assert_int_equal(sup_evidence_check(arena, png, sizeof(png), "no-extension", 100, &kind, &name, &why), ST_OK);
	/* a script renamed .pdf: the bytes decide */
	assert_int_equal(sup_evidence_check(arena, "#!/bin/sh\nrm -rf /\n", 19, "report.pdf", 100, &kind, &name, &why),
			 ST_INVALID);
	assert_string_equal(why.code, "unknown_type");
	assert_null(kind);
	/* one byte over the cap */
	assert_int_equal(sup_evidence_check(arena, "%PDF-1.4 x", 10, "a.pdf", 9, &kind, &name, &why), ST_TOO_LARGE);
	assert_string_equal(why.code, "file_too_large");
	assert_int_equal(sup_evidence_check(arena, "", 0, "a.pdf", 9, &kind, &name, &why), ST_INVALID);
	assert_string_equal(why.code, "file_empty");
	assert_int_equal(sup_evidence_check(arena, "%PDF-1.4 x", 10, "../a.pdf", 100, &kind, &name, &why), ST_INVALID);
	assert_string_equal(why.code, "path_traversal");
	assert_int_equal(sup_evidence_check(arena, png, sizeof(png), "figure.exe", 100, &kind, &name, &why), ST_INVALID);
	assert_string_equal(why.code, "type_mismatch");
}

static void test_sup_evidence_scan_hook(void **state)
{
	(void)state;
	struct sup_error why = {0};
	assert_int_equal(sup_evidence_scan("true", "%PDF-", 5, &why), ST_OK);
	/* the path is an argument: a scanner sees the bytes */
	assert_int_equal(sup_evidence_scan("grep -q CLEAN", "%PDF- CLEAN", 11, &why), ST_OK);
	assert_int_equal(sup_evidence_scan("grep -q CLEAN", "%PDF- EICAR", 11, &why), ST_DENIED);
	assert_string_equal(why.code, "scan_refused");
	assert_int_equal(sup_evidence_scan("/nonexistent/innomon-scanner", "%PDF-", 5, &why), ST_IO);
	assert_string_equal(why.code, "scan_failed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sup_sniff_every_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sup_file_name_keeps_the_base_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sup_evidence_check_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sup_evidence_scan_hook, setup, teardown),
	};
	return cmocka_run_group_tests_name("supervise/evidence", tests, NULL, NULL);
}
