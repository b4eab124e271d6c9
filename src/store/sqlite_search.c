/* sqlite_search.c - store_search over the FTS5 table search_docs (migration 0013_search):
 * terms of three or more characters through the trigram index, shorter ones by LIKE over the
 * same rows, each term escaped and bound, never spliced into the SQL text. */
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "store/sqlite_int.h"
#include "store/store.h"
#include "base/banned.h"

struct term {
	const char *p;
	size_t len;
};

/* Split q at ASCII white space and the ideographic space U+3000. Returns the count, or -1
 * when there are more than SEARCH_MAX_TERMS. */
static int split_terms(const char *q, struct term *t)
{
	int n = 0;
	const char *s = q;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += *s == '\xe3' ? 3 : 1;
		if (!*s)
			return n;
		const char *e = s;
		while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r' && strncmp(e, "\xe3\x80\x80", 3) != 0)
			e++;
		if (n == SEARCH_MAX_TERMS)
			return -1;
		t[n++] = (struct term){s, (size_t)(e - s)};
		s = e;
	}
}

/* Characters (not bytes) in a valid UTF-8 term. */
static size_t n_chars(const struct term *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->len; i++)
		n += ((unsigned char)t->p[i] & 0xc0) != 0x80;
	return n;
}

/* The term as an FTS5 phrase: in double quotes, a double quote doubled. */
static void phrase(struct buf *b, const struct term *t)
{
	bwc(b, '"');
	for (size_t i = 0; i < t->len; i++) {
		if (t->p[i] == '"')
			bwc(b, '"');
		bwc(b, t->p[i]);
	}
	bwc(b, '"');
}

/* The term as a LIKE pattern %term% with %, _ and \ escaped by \. */
static const char *like_pattern(struct arena *a, const struct term *t)
{
	struct buf b;
	buf_init(&b, 0);
	bwc(&b, '%');
	for (size_t i = 0; i < t->len; i++) {
		if (t->p[i] == '%' || t->p[i] == '_' || t->p[i] == '\\')
			bwc(&b, '\\');
		bwc(&b, t->p[i]);
	}
	bwc(&b, '%');
	const char *s = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return s;
}

static enum search_kind kind_of(const char *k)
{
	return strcmp(k, "indicator") == 0 ? SEARCH_INDICATOR : strcmp(k, "measure") == 0 ? SEARCH_MEASURE
			: strcmp(k, "unit") == 0 ? SEARCH_UNIT : SEARCH_NOTICE;
}

enum status store_search(struct store *s, struct arena *a, const char *plan_code, const char *q, int has_notices,
			 size_t limit, struct search_hit **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct term t[SEARCH_MAX_TERMS];
	size_t q_len = q ? strlen(q) : 0;
	if (!q || q_len > SEARCH_QUERY_MAX_BYTES || !utf8_valid(q, q_len, NULL))
		return ST_INVALID;
	int n_terms = split_terms(q, t);
	if (n_terms <= 0)
		return ST_INVALID;
	/* The full-text phrases in one MATCH; each short term its own LIKE; title hits first. */
	struct buf match, sql;
	buf_init(&match, 0);
	buf_init(&sql, 0);
	const char *likes[SEARCH_MAX_TERMS];
	int n_likes = 0;
	for (int i = 0; i < n_terms; i++) {
		if (n_chars(&t[i]) >= 3) {
			if (match.len)
				bwc(&match, ' ');
			phrase(&match, &t[i]);
		} else {
			likes[n_likes++] = like_pattern(a, &t[i]);
		}
	}
	bw(&sql, "SELECT kind, key, instr(lower(title), lower(?1)) > 0 AS in_title FROM search_docs"
		 " WHERE (pv_id = (SELECT v.id FROM plan_versions v JOIN plans p ON p.id = v.plan_id"
		 "   WHERE (?13 IS NULL AND p.id = (SELECT max(id) FROM plans) OR p.code = ?13)"
		 "   ORDER BY v.version DESC LIMIT 1) OR (?2 AND kind = 'notice'))");
	if (match.len)
		bw(&sql, " AND search_docs MATCH ?3");
	for (int i = 0; i < n_likes; i++)
		bwf(&sql, " AND (title || ' ' || body) LIKE ?%d ESCAPE '\\'", 4 + i);
	bw(&sql, match.len ? " ORDER BY in_title DESC, bm25(search_docs)" : " ORDER BY in_title DESC, rowid");
	bw(&sql, " LIMIT ?12");
	sqlite3_stmt *st = sq_prep(s, a, buf_str(&sql));
	enum status rc = ST_STORE;
	if (st) {
		sqlite3_bind_text(st, 1, t[0].p, (int)t[0].len, SQLITE_TRANSIENT);
		sq_bind_int(st, 2, has_notices != 0);
		if (match.len)
			sq_bind_text(st, 3, buf_str(&match));
		for (int i = 0; i < n_likes; i++)
			sq_bind_text(st, 4 + i, likes[i]);
		sq_bind_int(st, 12, (long long)limit);
		sq_bind_text(st, 13, plan_code);
		size_t cap = 0;
		struct search_hit *arr = sq_grow(a, NULL, &cap, 0, sizeof(*arr));
		int step;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			arr = sq_grow(a, arr, &cap, *n, sizeof(*arr));
			arr[*n].kind = kind_of((const char *)sqlite3_column_text(st, 0));
			arr[*n].key = sq_col_text(a, st, 1);
			arr[*n].is_title = sqlite3_column_int(st, 2);
			(*n)++;
		}
		*out = arr;
		rc = sq_done(s, step);
	}
	buf_release(&match);
	buf_release(&sql);
	return rc;
}
