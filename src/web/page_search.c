/* page_search.c - GET /search?q=: indicators, measures, units and (for signed-in users) 督办
 * notices that contain every term of q, grouped by kind, each with its name in the reader's
 * language and the words around the first term, the term marked. The store finds
 * (store_search); this page shows what the plan and the notices say, escaped. */
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "report/explain.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/views.h"
#include "base/banned.h"

#define SEARCH_PAGE_HITS 60
#define SNIPPET_CHARS 40

/* Byte offset of the first case-insensitive (ASCII) occurrence of term in s, or -1. */
static long find_ci(const char *s, const char *term, size_t term_len)
{
	for (size_t i = 0; s[i]; i++) {
		size_t k = 0;
		while (k < term_len && s[i + k]) {
			char a = s[i + k], b = term[k];
			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (char)(b - 'A' + 'a');
			if (a != b)
				break;
			k++;
		}
		if (k == term_len)
			return (long)i;
	}
	return -1;
}

/* Move back (dir < 0) or forward from byte i by n UTF-8 characters within s[0..len). */
static size_t step_chars(const char *s, size_t len, size_t i, int dir, size_t n)
{
	while (n-- > 0) {
		if (dir < 0 && i == 0)
			break;
		if (dir > 0 && i >= len)
			break;
		i = dir < 0 ? i - 1 : i + 1;
		while (i > 0 && i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i = dir < 0 ? i - 1 : i + 1;
	}
	return i;
}

static void esc_n(struct buf *b, const char *s, size_t n)
{
	char *t = strndup(s, n);
	if (!t)
		abort();
	html_esc(b, t);
	free(t);
}

/* The words of text around the first occurrence of the term, the term in <mark>; the start of
 * the text when the term is not in it. Everything escaped. */
static void snippet(struct buf *b, const char *text, const char *term, size_t term_len)
{
	if (!text || !*text)
		return;
	size_t len = strlen(text);
	long at = term_len ? find_ci(text, term, term_len) : -1;
	bw(b, "<p class=\"snippet\">");
	if (at < 0) {
		size_t end = step_chars(text, len, 0, 1, 2 * SNIPPET_CHARS);
		esc_n(b, text, end);
		bw(b, end < len ? "…</p>" : "</p>");
		return;
	}
	size_t from = step_chars(text, len, (size_t)at, -1, SNIPPET_CHARS);
	size_t to = step_chars(text, len, (size_t)at + term_len, 1, SNIPPET_CHARS);
	bw(b, from > 0 ? "…" : "");
	esc_n(b, text + from, (size_t)at - from);
	bw(b, "<mark>");
	esc_n(b, text + at, term_len);
	bw(b, "</mark>");
	esc_n(b, text + at + term_len, to - ((size_t)at + term_len));
	bw(b, to < len ? "…</p>" : "</p>");
}

struct group {
	enum search_kind kind;
	const char *key_title;
};

static void result(struct req *r, const struct plan *p, const struct app_search_hit *ah, const char *term, size_t term_len)
{
	const struct search_hit *h = &ah->hit;
	struct buf *b = &r->out;
	const char *href = NULL, *name = NULL, *text = NULL, *alt = NULL;
	switch (h->kind) {
	case SEARCH_INDICATOR: {
		int i = plan_find_indicator(p, h->key);
		if (i < 0)
			return;
		const struct indicator *d = &p->indicators[i];
		href = arena_printf(r->arena, "/indicators/%s", d->code);
		name = i18n_pick(r->lang, d->name_zh, d->name_en);
		text = i18n_pick(r->lang, d->definition_zh, d->definition_en);
		alt = r->lang == LANG_EN ? d->definition_zh : d->definition_en;
		break;
	}
	case SEARCH_MEASURE: {
		int64_t number;
		int m = num_parse_int((struct str){h->key, strlen(h->key)}, 1, 10000, &number) ? plan_find_measure(p, (int)number) : -1;
		if (m < 0)
			return;
		const struct measure *ms = &p->measures[m];
		href = arena_printf(r->arena, "/measures/%d", ms->number);
		name = arena_printf(r->arena, "%d. %s", ms->number, i18n_pick(r->lang, ms->title_zh, ms->title_en));
		text = i18n_pick(r->lang, ms->text_zh, ms->text_en);
		alt = r->lang == LANG_EN ? ms->text_zh : ms->text_en;
		break;
	}
	case SEARCH_UNIT: {
		int u = plan_find_unit(p, h->key);
		if (u < 0)
			return;
		const struct unit *un = &p->units[u];
		href = arena_printf(r->arena, "/units/%s", un->code);
		name = i18n_pick(r->lang, un->name_zh, un->name_en);
		text = r->lang == LANG_EN ? un->name_zh : un->name_en;
		break;
	}
	case SEARCH_NOTICE: {
		const struct sup_notice *n = ah->notice;
		if (!n) /* gone, or not the reader's to see */
			return;
		href = arena_printf(r->arena, "/notices/%lld", n->id);
		name = n->subject;
		text = n->body;
		break;
	}
	}
	/* the text in the reader's language, or the other one when only it holds the term */
	if (alt && term_len && (!text || find_ci(text, term, term_len) < 0) && find_ci(alt, term, term_len) >= 0)
		text = alt;
	bw(b, "<li><a href=\"");
	html_esc(b, href);
	bw(b, "\">");
	html_esc(b, name);
	bw(b, "</a>");
	snippet(b, text, term, term_len);
	bw(b, "</li>\n");
}

void render_search(struct req *r, const struct app_search_view *v)
{
	const struct plan *p = v->plan;
	struct buf *b = &r->out;
	const char *q = v->q;
	size_t n = v->n_hits;
	page_begin(r, req_t(r, "search.title"), "search");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "search.title"));
	bw(b, "</h1>\n<form class=\"search\" method=\"get\" action=\"/search\" role=\"search\"><label for=\"q\">");
	html_esc(b, req_t(r, "search.label"));
	hf(b, "</label> <input id=\"q\" name=\"q\" type=\"search\" maxlength=\"%d\" value=\"", SEARCH_QUERY_MAX_BYTES / 3);
	html_esc(b, q ? q : "");
	bw(b, "\"> <button type=\"submit\">");
	html_esc(b, req_t(r, "search.submit"));
	bw(b, "</button></form>\n<p class=\"muted\">");
	html_esc(b, req_t(r, v->has_notices ? "search.scope_internal" : "search.scope_public"));
	bw(b, "</p>\n");
	if (q && *q && v->is_bad_query) {
		bw(b, "<p class=\"error\" role=\"alert\">");
		html_esc(b, req_t(r, "search.bad_query"));
		bw(b, "</p>\n");
	} else if (q && *q) {
		/* the first term marks the snippets */
		const char *t = q;
		while (*t == ' ')
			t++;
		size_t t_len = strcspn(t, " \t");
		bw(b, "<p class=\"count\" role=\"status\">");
		struct buf count;
		buf_init(&count, 64);
		const char *names[] = {"n"}, *vals[] = {arena_printf(r->arena, "%zu", n)};
		i18n_fill(&count, req_t(r, "search.count"), names, vals, 1);
		html_esc(b, n ? buf_str(&count) : req_t(r, "search.none"));
		buf_release(&count);
		bw(b, "</p>\n");
		static const struct group groups[] = {{SEARCH_INDICATOR, "search.indicators"}, {SEARCH_MEASURE, "search.measures"},
						      {SEARCH_UNIT, "search.units"}, {SEARCH_NOTICE, "search.notices"}};
		for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
			size_t k = 0;
			for (size_t i = 0; i < n; i++)
				k += v->hits[i].hit.kind == groups[g].kind;
			if (!k)
				continue;
			hf(b, "<section class=\"hits\" id=\"hits-%zu\"><h2>", g);
			html_esc(b, req_t(r, groups[g].key_title));
			hf(b, " <span class=\"count\">%zu</span></h2>\n<ol class=\"hits\">\n", k);
			for (size_t i = 0; i < n; i++)
				if (v->hits[i].hit.kind == groups[g].kind)
					result(r, p, &v->hits[i], t, t_len);
			bw(b, "</ol></section>\n");
		}
	}
	page_end(r);
}

enum status page_search(struct req *r)
{
	struct plan *p;
	struct app_search_view v;
	enum status rc = req_plan(r, &p); /* ?plan= chooses (404 when it names none) */
	if (rc == ST_OK)
		rc = app_search_view(req_app(r), req_query(r, "q"), SEARCH_PAGE_HITS, &v, req_errs(r));
	if (rc == ST_OK)
		render_search(r, &v);
	return rc;
}
