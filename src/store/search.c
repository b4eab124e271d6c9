/* search.c - store_search over the table search_docs (migration 0013_search), on either back
 * end. SQLite: an FTS5 table with the trigram tokenizer, terms of three or more characters
 * through the index, shorter ones by LIKE over the same rows. PostgreSQL: a plain table
 * (filled by the same kind of triggers), every term by ILIKE over its rows — a plan's
 * indicators, measures and units and the notices are thousands of rows, not millions. Each term
 * is escaped and bound, never spliced into the SQL text. */
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "store/db.h"
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

static void hit_row(struct arena *a, struct db_stmt *st, void *e, const void *ctx)
{
	(void)ctx;
	struct search_hit *h = e;
	const char *k = db_peek(st, 0);
	h->kind = kind_of(k ? k : "");
	h->key = db_text(a, st, 1);
	h->is_title = db_int(st, 2) != 0;
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
	int is_pg = s->drv == &db_postgres;
	if (is_pg) { /* no full-text index there: every term is a pattern */
		n_likes = 0;
		for (int i = 0; i < n_terms; i++)
			likes[n_likes++] = like_pattern(a, &t[i]);
		buf_reset(&match);
	}
	/* Parameters numbered without gaps (PostgreSQL must type every one): 1 the first term,
	 * 2 has_notices, 3 the plan, then the MATCH text when there is one, the patterns, the limit. */
	bw(&sql, is_pg ? "SELECT kind, key, CASE WHEN strpos(lower(title), lower(CAST(?1 AS TEXT))) > 0 THEN 1 ELSE 0 END"
		       : "SELECT kind, key, instr(lower(title), lower(?1)) > 0 AS in_title");
	bw(&sql, " FROM search_docs"
		 " WHERE (pv_id = (SELECT v.id FROM plan_versions v JOIN plans p ON p.id = v.plan_id"
		 "   WHERE (CAST(?3 AS TEXT) IS NULL AND p.id = (SELECT max(id) FROM plans) OR p.code = ?3)"
		 "   ORDER BY v.version DESC LIMIT 1) OR (?2 = 1 AND kind = 'notice'))");
	int next = 4;
	if (match.len)
		bwf(&sql, " AND search_docs MATCH ?%d", next++);
	int first_like = next;
	for (int i = 0; i < n_likes; i++)
		bwf(&sql, is_pg ? " AND (title || ' ' || body) ILIKE ?%d ESCAPE '\\'" : " AND (title || ' ' || body) LIKE ?%d ESCAPE '\\'",
		    next++);
	bw(&sql, match.len ? " ORDER BY in_title DESC, bm25(search_docs)" : is_pg ? " ORDER BY 3 DESC, id" : " ORDER BY in_title DESC, rowid");
	bwf(&sql, " LIMIT ?%d", next);
	struct db_stmt *st = db_prep(s, a, buf_str(&sql));
	enum status rc = ST_STORE;
	if (st) {
		db_bind_text(st, 1, arena_strndup(a, t[0].p, t[0].len));
		db_bind_int(st, 2, has_notices != 0);
		db_bind_text(st, 3, plan_code);
		if (match.len)
			db_bind_text(st, 4, buf_str(&match));
		for (int i = 0; i < n_likes; i++)
			db_bind_text(st, first_like + i, likes[i]);
		db_bind_int(st, next, (long long)limit);
		void *items;
		rc = db_collect(st, a, sizeof(struct search_hit), 16, hit_row, NULL, &items, n);
		*out = items;
	}
	buf_release(&match);
	buf_release(&sql);
	return rc;
}
