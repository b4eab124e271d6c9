/* csv.c - RFC 4180 reader (see csv.h). Every place that looks past the current byte asks
 * whether the window has it: when it does not and more input follows, the record is given
 * back whole (CSV_MORE) before any diagnostic is added, so a record reads the same whatever
 * window it arrives in. */
#include <string.h>

#include "ingest/csv.h"
#include "base/banned.h"

void csv_init(struct csv_reader *r, const char *buf, size_t len, char delim, const char *file)
{
	r->p = buf;
	r->len = len;
	r->pos = 0;
	r->delim = delim;
	r->line = 1;
	r->file = file;
	r->is_eof = 1;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
}

void csv_feed(struct csv_reader *r, const char *buf, size_t len, int is_eof)
{
	r->p = buf;
	r->len = len;
	r->pos = 0;
	r->is_eof = is_eof;
}

/* Scan the first line: the counts of commas and tabs outside quotes; 1 when it ended. */
static int sniff(const char *buf, size_t len, size_t *commas, size_t *tabs)
{
	int in_quotes = 0;
	*commas = *tabs = 0;
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		if (c == '"')
			in_quotes = !in_quotes;
		else if (!in_quotes && (c == '\n' || c == '\r'))
			return 1;
		else if (!in_quotes && c == ',')
			(*commas)++;
		else if (!in_quotes && c == '\t')
			(*tabs)++;
	}
	return 0;
}

char csv_sniff_delim(const char *buf, size_t len)
{
	size_t commas, tabs;
	sniff(buf, len, &commas, &tabs);
	return tabs > commas ? '\t' : ',';
}

int csv_sniff_is_whole(const char *buf, size_t len)
{
	size_t commas, tabs;
	return sniff(buf, len, &commas, &tabs);
}

/* Skip the rest of a broken record: up to and past the next newline. 0 when the window ends
 * first and more input follows (nothing done). */
static int skip_line(struct csv_reader *r)
{
	const char *nl = memchr(r->p + r->pos, '\n', r->len - r->pos);
	if (!nl) {
		if (!r->is_eof)
			return 0;
		r->pos = r->len;
		return 1;
	}
	r->pos = (size_t)(nl - r->p) + 1;
	r->line++;
	return 1;
}

/* 1 when the line at pos holds only spaces, tabs and CRs; -1 when the window ends before the
 * line does and more input follows. */
static int is_blank_line(const struct csv_reader *r)
{
	size_t i = r->pos;
	while (i < r->len && (r->p[i] == ' ' || r->p[i] == '\t' || r->p[i] == '\r'))
		i++;
	if (i >= r->len)
		return r->is_eof ? 1 : -1;
	return r->p[i] == '\n';
}

int csv_next(struct csv_reader *r, struct arena *arena, struct csv_record *rec, struct diag_list *diags)
{
	/* skip blank lines */
	for (;;) {
		if (r->pos >= r->len)
			return r->is_eof ? 0 : CSV_MORE;
		int blank = is_blank_line(r);
		if (blank < 0)
			return CSV_MORE;
		if (!blank)
			break;
		const char *nl = memchr(r->p + r->pos, '\n', r->len - r->pos);
		if (!nl) {
			r->pos = r->len;
			return 0;
		}
		r->pos = (size_t)(nl - r->p) + 1;
		r->line++;
	}

	const size_t start_pos = r->pos;
	const long start_line = r->line;
#define MORE()                          \
	do {                            \
		r->pos = start_pos;     \
		r->line = start_line;   \
		return CSV_MORE;        \
	} while (0)
/* An error about the record: skip to its end first, so that a window cut short gives the
 * record back without the diagnostic (it is added once, when the record is whole). */
#define FAIL(line_, col_, code, ...)                                                   \
	do {                                                                           \
		long fail_line = (line_);                                              \
		if (!skip_line(r))                                                     \
			MORE();                                                        \
		diag_add(diags, r->file, fail_line, (col_), NULL, code, __VA_ARGS__); \
		return -1;                                                             \
	} while (0)

	struct str fields[CSV_MAX_FIELDS]; /* copied to the arena at the end: only n slots are kept */
	size_t n = 0;
	rec->line = r->line;
	for (;;) {
		if (n == CSV_MAX_FIELDS)
			FAIL(r->line, 0, "too_many_fields", "a record has more than %u fields", CSV_MAX_FIELDS);
		int col = (int)n + 1; /* the field's column as a spreadsheet counts, like sheet errors */
		if (r->pos < r->len && r->p[r->pos] == '"') {
			/* quoted field: unescape "" into a copy */
			long quote_line = r->line;
			size_t i = r->pos + 1, out_len = 0;
			char *out = arena_alloc(arena, 64);
			size_t out_cap = 64;
			for (;;) {
				if (i >= r->len) {
					if (!r->is_eof)
						MORE();
					diag_add(diags, r->file, quote_line, col, NULL, "unterminated_quote",
						 "a quoted field starting here is never closed");
					r->pos = r->len;
					return -1;
				}
				char c = r->p[i];
				if (c == '"') {
					if (i + 1 >= r->len && !r->is_eof)
						MORE(); /* a doubled quote or the closing one: the next byte says */
					if (i + 1 < r->len && r->p[i + 1] == '"') {
						c = '"';
						i += 2;
					} else {
						i++;
						break;
					}
				} else {
					if (c == '\n')
						r->line++;
					i++;
				}
				if (out_len >= CSV_MAX_FIELD_BYTES) { /* one byte past the cap */
					r->pos = i;
					FAIL(quote_line, col, "field_too_large", "a field is longer than %u bytes", CSV_MAX_FIELD_BYTES);
				}
				if (out_len + 1 >= out_cap) {
					char *grown = arena_alloc(arena, out_cap * 2);
					memcpy(grown, out, out_len);
					out = grown;
					out_cap *= 2;
				}
				out[out_len++] = c;
			}
			out[out_len] = '\0';
			fields[n++] = (struct str){out, out_len};
			r->pos = i;
			/* after a closing quote: delimiter, end of line or end of input */
			if (r->pos < r->len && r->p[r->pos] == '\r')
				r->pos++;
			if (r->pos >= r->len) {
				if (!r->is_eof)
					MORE();
				break;
			}
			char c = r->p[r->pos];
			if (c == r->delim) {
				r->pos++;
				continue;
			}
			if (c == '\n') {
				r->pos++;
				r->line++;
				break;
			}
			FAIL(r->line, col, "stray_quote",
			     "unexpected text after a closing quote; a quote inside a quoted field must be doubled");
		}
		/* unquoted field */
		size_t start = r->pos;
		while (r->pos < r->len && r->p[r->pos] != r->delim && r->p[r->pos] != '\n') {
			if (r->p[r->pos] == '"')
				FAIL(r->line, col, "stray_quote",
				     "a quote inside an unquoted field; quote the whole field and double the quote");
			r->pos++;
		}
		if (r->pos >= r->len && !r->is_eof)
			MORE();
		size_t end = r->pos;
		if (end > start && end <= r->len && r->p[end - 1] == '\r' && (end == r->len || r->p[end] == '\n'))
			end--;
		if (end - start > CSV_MAX_FIELD_BYTES)
			FAIL(r->line, col, "field_too_large", "a field is longer than %u bytes", CSV_MAX_FIELD_BYTES);
		fields[n++] = (struct str){arena_strndup(arena, r->p + start, end - start), end - start};
		if (r->pos >= r->len)
			break;
		if (r->p[r->pos] == r->delim) {
			r->pos++;
			if (r->pos >= r->len) {
				if (!r->is_eof)
					MORE();
				/* trailing delimiter at the end of the input: one more empty field */
				if (n == CSV_MAX_FIELDS) {
					diag_add(diags, r->file, r->line, 0, NULL, "too_many_fields",
						 "a record has more than %u fields", CSV_MAX_FIELDS);
					return -1;
				}
				fields[n++] = (struct str){"", 0};
				break;
			}
			continue;
		}
		/* newline */
		r->pos++;
		r->line++;
		break;
	}
#undef FAIL
#undef MORE
	rec->fields = arena_alloc(arena, (n ? n : 1) * sizeof(*fields));
	memcpy(rec->fields, fields, n * sizeof(*fields));
	rec->n_fields = n;
	return 1;
}
