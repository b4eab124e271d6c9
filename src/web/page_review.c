/* page_review.c - the department's review screen (GET/POST /review): values submitted for
 * review, with the value they would replace, to approve or return with a reason; and approved
 * values waiting to be published. Select rows, then act on all of them at once: one move
 * (app_value_move) per value. A queue shows REVIEW_PAGE rows at a time, with its total and links to
 * the pages before and after. */
#include <string.h>

#include "app/values.h"
#include "base/num.h"
#include "web/render_work.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "base/banned.h"

#define REVIEW_MAX_IDS 1000u

/* "/review?submitted_from=S&approved_from=A" (hf escapes it): the page showing those rows of each queue. */
static const char *review_href(struct req *r, size_t submitted_from, size_t approved_from)
{
	return arena_printf(r->arena, "/review?submitted_from=%zu&approved_from=%zu", submitted_from, approved_from);
}

/* Which rows of q the page shows, and links to the pages before and after (the other queue
 * stays where it is). */
static void render_pager(struct req *r, const struct review_view *v, const struct review_queue *q)
{
	struct buf *b = &r->out;
	int is_sub = q == &v->submitted;
	size_t other = is_sub ? v->approved.offset : v->submitted.offset;
	hf(b, "<p class=\"pager\">%s %zu–%zu / %zu", req_t(r, "review.rows"), q->offset + 1, q->offset + q->n, q->total);
	if (q->offset > 0) {
		size_t prev = q->offset > REVIEW_PAGE ? q->offset - REVIEW_PAGE : 0;
		hf(b, " · <a href=\"%s\">%s</a>", review_href(r, is_sub ? prev : other, is_sub ? other : prev),
		   req_t(r, "registry.prev"));
	}
	if (q->offset + q->n < q->total) {
		size_t next = q->offset + q->n;
		hf(b, " · <a href=\"%s\">%s</a>", review_href(r, is_sub ? next : other, is_sub ? other : next),
		   req_t(r, "registry.next"));
	}
	bw(b, "</p>\n");
}

static void render_queue(struct req *r, const struct review_view *v, const struct review_queue *q,
			 const char *title_key, const char *const *actions, size_t n_actions)
{
	struct buf *b = &r->out;
	const struct plan *p = v->plan;
	hf(b, "<section><h2>%s <span class=\"count\">(%zu)</span></h2>\n", req_t(r, title_key), q->total);
	if (q->n == 0) {
		hf(b, "<p class=\"muted\">%s</p></section>\n", req_t(r, "review.empty"));
		return;
	}
	if (q->total > q->n)
		render_pager(r, v, q);
	hf(b, "<form method=\"post\" action=\"%s\">", review_href(r, v->submitted.offset, v->approved.offset));
	html_csrf_field(r);
	hf(b, "<table class=\"review\"><thead><tr><th scope=\"col\"><span class=\"sr\">%s</span></th>", req_t(r, "review.select"));
	const char *cols[] = {"col.indicator", "col.region", "col.period", "col.value", "review.current", "col.source", "col.changed_by", "col.changed_at"};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		hf(b, "<th scope=\"col\">%s</th>", req_t(r, cols[i]));
	bw(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < q->n; i++) {
		const struct review_row *row = &q->rows[i];
		const struct obs *o = row->o;
		int ind = row->ind, g = row->region;
		hf(b, "<tr><td><input type=\"checkbox\" name=\"id\" value=\"%lld\" id=\"o%lld\" aria-label=\"%s\"></td>", o->id, o->id,
		   req_t(r, "review.select"));
		hf(b, "<td><a href=\"/indicators/%s?revisions=1\">%s</a></td><td>%s</td><td>%s</td><td class=\"num\">", o->indicator,
		   ind >= 0 ? i18n_pick(r->lang, p->indicators[ind].name_zh, p->indicators[ind].name_en) : o->indicator,
		   g >= 0 ? i18n_pick(r->lang, p->regions[g].name_zh, p->regions[g].name_en) : o->region, o->period);
		if (ind >= 0)
			html_value(r, o->value, o->qualifier, &p->indicators[ind], 1);
		bw(b, "</td><td class=\"num\">");
		if (row->was && ind >= 0)
			html_value(r, row->was->value, row->was->qualifier, &p->indicators[ind], 0);
		else
			bw(b, "—");
		bw(b, "</td><td>");
		html_source_link(r, o);
		hf(b, "</td><td>%s", o->created_by);
		if (row->is_own)
			hf(b, "<br><span class=\"flag\">%s</span>", req_t(r, "review.own"));
		bw(b, "</td><td>");
		html_time(r, o->created_at);
		bw(b, "</td></tr>\n");
	}
	bw(b, "</tbody></table>\n<p class=\"actions\">");
	for (size_t a = 0; a < n_actions; a++) {
		if (strcmp(actions[a], "return") == 0)
			hf(b, "<label for=\"reason\">%s</label> <input id=\"reason\" name=\"reason\" size=\"30\"> ", req_t(r, "review.reason"));
		hf(b, "<button type=\"submit\" name=\"do\" value=\"%s\">%s</button> ", actions[a],
		   req_t(r, arena_printf(r->arena, "review.do_%s", actions[a])));
	}
	bw(b, "</p></form></section>\n");
}

void render_review(struct req *r, const struct review_view *v, const char *message, int is_error)
{
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "review.title"), "review");
	hf(b, "<h1>%s</h1>\n", req_t(r, "review.title"));
	if (message)
		hf(b, "<p class=\"%s\" role=\"%s\">%s</p>\n", is_error ? "error" : "ok", is_error ? "alert" : "status", message);
	static const char *const submitted_actions[] = {"approve", "return"};
	static const char *const approved_actions[] = {"publish", "return"};
	render_queue(r, v, &v->submitted, "review.submitted", submitted_actions, 2);
	render_queue(r, v, &v->approved, "review.approved", approved_actions, 2);
	page_end(r);
}

/* The row a queue's page starts at, from the query (?submitted_from=, ?approved_from=): 0 when
 * absent; 0 returned when it is there but no row number (the page does not exist: 404, as
 * /registries?page= of no page). */
static int from_query(struct req *r, const char *name, size_t *from)
{
	const char *t = req_query(r, name);
	int64_t v = 0;
	if (t && !num_parse_int(str_of(t), 0, INT64_MAX / 2, &v))
		return 0;
	*from = (size_t)v;
	return 1;
}

static enum status review_page(struct req *r, const char *message, int is_error)
{
	struct review_view v;
	size_t submitted_from, approved_from;
	if (!from_query(r, "submitted_from", &submitted_from) || !from_query(r, "approved_from", &approved_from))
		return ST_NOT_FOUND;
	enum status rc = app_review_view(req_app(r), submitted_from, approved_from, &v, req_errs(r));
	if (rc != ST_OK)
		return rc;
	render_review(r, &v, message, is_error);
	return ST_OK;
}

enum status page_review(struct req *r)
{
	return review_page(r, NULL, 0);
}

enum status page_review_post(struct req *r)
{
	size_t from;
	if (!from_query(r, "submitted_from", &from) || !from_query(r, "approved_from", &from))
		return ST_NOT_FOUND; /* before anything is moved: the page it came from does not exist */
	const char *what = req_form(r, "do"), *reason = req_form(r, "reason");
	const char *ids[REVIEW_MAX_IDS];
	size_t n = req_form_all(r, "id", ids, REVIEW_MAX_IDS);
	enum obs_status to;
	if (!what || (strcmp(what, "approve") && strcmp(what, "return") && strcmp(what, "publish"))) {
		r->status = 422;
		return review_page(r, req_t(r, "error.bad_request"), 1);
	}
	to = strcmp(what, "approve") == 0 ? OBS_APPROVED : strcmp(what, "publish") == 0 ? OBS_PUBLISHED : OBS_RETURNED;
	if (n == 0) {
		r->status = 422;
		return review_page(r, req_t(r, "review.none_selected"), 1);
	}
	/* each selected value is one move; the first refusal of the input (a return without a
	 * reason) or of rights ends the run */
	struct app_ctx *x = req_app(r);
	size_t done = 0, stale = 0, own = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t id;
		struct obs *o;
		if (!num_parse_int(str_of(ids[i]), 1, INT64_MAX, &id))
			continue;
		struct diag_list *errs = req_errs(r);
		enum status rc = app_value_move(x, id, to, to == OBS_RETURNED ? reason : NULL, &o, errs);
		if (rc == ST_OK) {
			done++;
		} else if (rc == ST_CONFLICT || rc == ST_NOT_FOUND) {
			stale++; /* someone acted on it meanwhile: say so, keep going */
		} else if (rc == ST_DENIED && errs->n && strcmp(errs->items[0].code, "four_eyes") == 0) {
			own++; /* the four-eyes rule: another person approves it; the others go on */
		} else if (rc == ST_INVALID && errs->n) {
			r->status = 422;
			return review_page(r, req_errs_text(r, errs), 1);
		} else {
			return rc;
		}
	}
	const char *msg = arena_printf(r->arena, "%s %zu%s%s", req_t(r, arena_printf(r->arena, "review.done_%s", what)), done,
				       stale ? arena_printf(r->arena, "; %s %zu", req_t(r, "review.stale"), stale) : "",
				       own ? arena_printf(r->arena, "; %s %zu", req_t(r, "review.refused_own"), own) : "");
	if (own && !done)
		r->status = 403; /* nothing done, and only because of the rule: a refusal */
	return review_page(r, msg, stale != 0 || own != 0);
}
