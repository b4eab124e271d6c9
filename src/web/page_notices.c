/* page_notices.c - 督办 notices and the inbox as pages: GET /notices (the notices the user may
 * see, filtered; the department's form to raise one by hand), POST /notices (raise), GET
 * /notices/ID (the notice, its replies, the unit's reply form and the department's close
 * form), POST /notices/ID/reply, POST /notices/ID/close; GET /inbox and POST /inbox (mark
 * read). Works without JavaScript. */
#include <string.h>

#include "app/sup.h"
#include "web/render_work.h"
#include "base/clock.h"
#include "base/num.h"
#include "web/app_req.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/route.h"
#include "web/sup_pages.h"
#include "web/sup_web.h"
#include "base/banned.h"

#define INBOX_SHOWN 200

static void raise_form(struct req *r, const struct plan *p)
{
	struct buf *b = &r->out;
	bw(b, "<section aria-labelledby=\"raise\"><h2 id=\"raise\">");
	html_esc(b, req_t(r, "notice.raise_title"));
	hf(b, "</h2>\n<form class=\"stack wide\" method=\"post\" action=\"/notices%s\">", sup_plan_param(r, 1));
	html_csrf_field(r);
	bw(b, "<label for=\"n-unit\">");
	html_esc(b, req_t(r, "col.unit_name"));
	bw(b, "</label><select id=\"n-unit\" name=\"unit\">");
	for (size_t u = 0; u < p->n_units; u++) {
		bw(b, "<option value=\"");
		html_esc(b, p->units[u].code);
		bw(b, "\">");
		html_esc(b, i18n_pick(r->lang, p->units[u].name_zh, p->units[u].name_en));
		bw(b, "</option>");
	}
	bw(b, "</select><label for=\"n-measure\">");
	html_esc(b, req_t(r, "col.measure"));
	/* the measure picked from the plan's, by number and title, not typed as a number */
	bw(b, "</label><select id=\"n-measure\" name=\"measure\" required>");
	for (size_t m = 0; m < p->n_measures; m++) {
		hf(b, "<option value=\"%d\">%d. ", p->measures[m].number, p->measures[m].number);
		html_esc(b, i18n_pick(r->lang, p->measures[m].title_zh, p->measures[m].title_en));
		bw(b, "</option>");
	}
	bw(b, "</select><label for=\"n-subject\">");
	html_esc(b, req_t(r, "notice.col_subject"));
	bw(b, "</label><input id=\"n-subject\" name=\"subject\" required><label for=\"n-body\">");
	html_esc(b, req_t(r, "notice.body"));
	bw(b, "</label><textarea id=\"n-body\" name=\"body\" rows=\"4\"></textarea><label for=\"n-days\">");
	html_esc(b, req_t(r, "notice.reply_days"));
	bw(b, "</label><input id=\"n-days\" name=\"reply_days\" type=\"number\" min=\"1\" max=\"365\" value=\"10\"><button type=\"submit\">");
	html_esc(b, req_t(r, "notice.raise_button"));
	bw(b, "</button></form></section>\n");
}

void render_notices(struct req *r, const struct notices_view *v, const char *msg, int is_error)
{
	struct buf *b = &r->out;
	const struct notices_query *q = &v->q;
	page_begin(r, req_t(r, "notice.title"), "notices");
	hf(b, "<h1>%s</h1>\n", req_t(r, "notice.title"));
	if (msg)
		sup_html_message(r, msg, is_error);
	hf(b, "<nav class=\"switch\" aria-label=\"%s\"><ul>", req_t(r, "notice.filter"));
	const struct {
		const char *href, *key;
		int is_current;
	} filters[] = {
		{"/notices", "notice.filter_all", !q->has_status_param && !q->has_level_param && !q->filter.store.only_overdue},
		{"/notices?status=unresolved", "notice.filter_unresolved", q->filter.store.only_unresolved},
		{"/notices?overdue=1", "notice.filter_overdue", q->filter.store.only_overdue},
		{"/notices?level=2", "notice.filter_escalated", q->has_level_param},
		{"/notices?status=closed", "notice.filter_closed", q->filter.has_status && q->filter.status == NOTICE_CLOSED},
	};
	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		hf(b, "<li><a href=\"%s%s\"", filters[i].href, sup_plan_param(r, !strchr(filters[i].href, '?')));
		bw(b, filters[i].is_current ? " aria-current=\"page\"" : "");
		hf(b, ">%s</a></li>", req_t(r, filters[i].key));
	}
	bw(b, "</ul></nav>\n");
	sup_html_notice_table(r, v->plan, v->rows, v->n);
	if (v->may_raise)
		raise_form(r, v->plan);
	page_end(r);
}

static enum status render_list(struct req *r, const char *msg, int is_error)
{
	const char *status = req_query(r, "status"), *level = req_query(r, "level");
	struct notices_query q = {{{req_query(r, "unit"), 0, req_query(r, "period"), status && strcmp(status, "unresolved") == 0,
				    req_query(r, "overdue") != NULL, NULL, NULL},
				   0, NOTICE_OPEN, level ? (strcmp(level, "2") == 0 ? 2 : 1) : 0},
				  status != NULL, level != NULL};
	q.filter.has_status = status && notice_status_parse(status, &q.filter.status);
	struct notices_view v;
	enum status rc = app_notices_view(req_app(r), &q, &v);
	if (rc != ST_OK)
		return rc;
	render_notices(r, &v, msg, is_error);
	return ST_OK;
}

enum status page_notices(struct req *r)
{
	return render_list(r, NULL, 0);
}

enum status page_notices_post(struct req *r)
{
	struct sup_notice *n;
	int64_t measure = 0, days = 10;
	enum status rc;
	const char *m = req_form(r, "measure"), *d = req_form(r, "reply_days");
	if (m && !num_parse_int(str_trim(str_of(m)), 1, 10000, &measure))
		measure = 0;
	if (d && *d && !num_parse_int(str_trim(str_of(d)), 1, 365, &days))
		days = 0;
	struct app_notice_new in = {req_form(r, "unit"), (int)measure, req_form(r, "subject"), req_form(r, "body"), (int)days};
	struct diag_list *errs = req_errs(r);
	rc = app_notice_raise(req_app(r), &in, &n, errs);
	if (rc == ST_OK) {
		req_redirect(r, arena_printf(r->arena, "/notices/%lld?msg=raised%s", n->id, sup_plan_param(r, 0)));
		return ST_OK;
	}
	if (!req_errs_shown(rc, errs))
		return rc;
	r->status = status_http_code(rc);
	return render_list(r, req_errs_text(r, errs), 1);
}

void render_notice(struct req *r, const struct notice_view *v, const char *msg, int is_error)
{
	struct buf *b = &r->out;
	const struct plan *p = v->plan;
	const struct sup_notice *n = v->notice;
	const struct sup_reply *replies = v->replies;
	size_t n_replies = v->n_replies;
	long long id = n->id;
	const char *title = arena_printf(r->arena, "%s %lld", req_t(r, "notice.one"), id);
	page_begin(r, title, "notices");
	hf(b, "<p class=\"crumbs\"><a href=\"/notices?plan=%s\">", n->plan_code);
	html_esc(b, req_t(r, "notice.title"));
	bw(b, "</a></p>\n<h1>");
	html_esc(b, n->subject);
	hf(b, "</h1>\n<p class=\"muted\" data-plan=\"%s\">%s (%s)</p>\n", n->plan_code,
	   i18n_pick(r->lang, p->info.title_zh, p->info.title_en), n->plan_code);
	if (msg)
		sup_html_message(r, msg, is_error);
	bw(b, "<p class=\"state\">");
	sup_html_notice_status(r, n);
	bw(b, "</p>\n<dl class=\"facts\"><dt>");
	html_esc(b, req_t(r, "col.unit_name"));
	bw(b, "</dt><dd>");
	html_unit_link(r, p, n->unit);
	bw(b, "</dd><dt>");
	html_esc(b, req_t(r, "col.measure"));
	bw(b, "</dt><dd>");
	sup_html_measure_link(r, p, n->measure);
	bw(b, "</dd><dt>");
	html_esc(b, req_t(r, "col.period"));
	bw(b, "</dt><dd>");
	html_esc(b, n->period);
	bw(b, "</dd><dt>");
	html_esc(b, req_t(r, "notice.raised_by"));
	bw(b, "</dt><dd>");
	if (n->rule_code) {
		html_esc(b, req_t(r, "notice.rule"));
		bw(b, " <code>");
		html_esc(b, n->rule_code);
		bw(b, "</code>");
	} else {
		html_esc(b, n->raised_by);
	}
	bw(b, " · ");
	html_esc(b, sup_local(r, n->raised_at));
	bw(b, "</dd><dt>");
	html_esc(b, req_t(r, "notice.col_reply_due"));
	bw(b, "</dt><dd>");
	html_esc(b, sup_local(r, n->reply_due));
	bw(b, "</dd>");
	if (n->escalated_at) {
		bw(b, "<dt>");
		html_esc(b, req_t(r, "notice.escalated_at"));
		bw(b, "</dt><dd>");
		html_esc(b, sup_local(r, n->escalated_at));
		bw(b, "</dd>");
	}
	if (n->closed_at) {
		bw(b, "<dt>");
		html_esc(b, req_t(r, "notice.closed_at"));
		bw(b, "</dt><dd>");
		html_esc(b, sup_local(r, n->closed_at));
		if (n->close_note) {
			bw(b, " · ");
			html_esc(b, n->close_note);
		}
		bw(b, "</dd>");
	}
	bw(b, "</dl>\n");
	if (n->body) {
		bw(b, "<p class=\"text\">");
		html_esc(b, n->body);
		bw(b, "</p>\n");
	}
	bw(b, "<h2>");
	html_esc(b, req_t(r, "notice.replies"));
	bw(b, "</h2>\n");
	if (n_replies) {
		bw(b, "<ol class=\"replies\">");
		for (size_t i = 0; i < n_replies; i++) {
			bw(b, "<li><p class=\"text\">");
			html_esc(b, replies[i].body);
			bw(b, "</p><p class=\"muted\">");
			html_esc(b, replies[i].created_by);
			bw(b, " · ");
			html_esc(b, sup_local(r, replies[i].created_at));
			bw(b, "</p></li>");
		}
		bw(b, "</ol>\n");
	} else {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "notice.no_replies"));
		bw(b, "</p>\n");
	}
	if (v->may_reply) {
		hf(b, "<form class=\"stack wide\" method=\"post\" action=\"/notices/%lld/reply\">", id);
		html_csrf_field(r);
		bw(b, "<label for=\"reply\">");
		html_esc(b, req_t(r, "notice.reply"));
		bw(b, "</label><textarea id=\"reply\" name=\"body\" rows=\"5\" required></textarea><button type=\"submit\">");
		html_esc(b, req_t(r, "notice.reply_button"));
		bw(b, "</button></form>\n");
	}
	if (v->may_close) {
		hf(b, "<form class=\"stack wide\" method=\"post\" action=\"/notices/%lld/close\">", id);
		html_csrf_field(r);
		bw(b, "<label for=\"note\">");
		html_esc(b, req_t(r, "notice.close_note"));
		bw(b, "</label><input id=\"note\" name=\"note\"><button type=\"submit\">");
		html_esc(b, req_t(r, "notice.close_button"));
		bw(b, "</button></form>\n");
	}
	page_end(r);
}

static enum status notice_page(struct req *r, long long id, const char *msg, int is_error)
{
	struct notice_view v;
	enum status rc = app_notice_view(req_app(r), id, &v);
	if (rc != ST_OK)
		return rc;
	render_notice(r, &v, msg, is_error);
	return ST_OK;
}

static long long path_id(struct req *r)
{
	int64_t id;
	return num_parse_int(str_of(r->params[0]), 1, INT64_MAX, &id) ? id : 0;
}

enum status page_notice(struct req *r)
{
	long long id = path_id(r);
	if (!id)
		return ST_NOT_FOUND;
	const char *msg = req_query(r, "msg"), *text = NULL;
	if (msg && (strcmp(msg, "raised") == 0 || strcmp(msg, "replied") == 0 || strcmp(msg, "closed") == 0))
		text = req_t(r, arena_printf(r->arena, "notice.msg_%s", msg));
	return notice_page(r, id, text, 0);
}

/* Reply (is_close 0) or close. */
static enum status notice_post(struct req *r, int is_close)
{
	long long id = path_id(r);
	if (!id)
		return ST_NOT_FOUND;
	struct diag_list *errs = req_errs(r);
	enum status rc = is_close ? app_notice_close(req_app(r), id, req_form(r, "note"), errs)
		      : app_notice_reply(req_app(r), id, req_form(r, "body"), errs);
	if (rc == ST_OK) {
		req_redirect(r, arena_printf(r->arena, "/notices/%lld?msg=%s", id, is_close ? "closed" : "replied"));
		return ST_OK;
	}
	if (!req_errs_shown(rc, errs))
		return rc;
	r->status = status_http_code(rc);
	return notice_page(r, id, req_errs_text(r, errs), 1);
}

enum status page_notice_reply(struct req *r)
{
	return notice_post(r, 0);
}

enum status page_notice_close(struct req *r)
{
	return notice_post(r, 1);
}

/* ---- inbox ----------------------------------------------------------------------------------- */

void render_inbox(struct req *r, const struct inbox_view *v)
{
	const struct plan *p = v->plan;
	const struct sup_notification *rows = v->rows;
	size_t n = v->n;
	long long unread = v->unread;
	struct buf *b = &r->out;
	page_begin(r, req_t(r, "inbox.title"), "inbox");
	bw(b, "<h1>");
	html_esc(b, req_t(r, "inbox.title"));
	hf(b, " <span class=\"count\">(%lld)</span></h1>\n", unread);
	if (unread) {
		bw(b, "<form class=\"inline\" method=\"post\" action=\"/inbox\">");
		html_csrf_field(r);
		bw(b, "<input type=\"hidden\" name=\"id\" value=\"all\"><button type=\"submit\">");
		html_esc(b, req_t(r, "inbox.read_all"));
		bw(b, "</button></form>\n");
	}
	if (!n) {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "inbox.empty"));
		bw(b, "</p>\n");
		page_end(r);
		return;
	}
	bw(b, "<ul class=\"inbox\">\n");
	for (size_t i = 0; i < n; i++) {
		const struct sup_notification *x = &rows[i];
		/* an event of another plan than the one shown names its plan; its measure is that
		 * plan's, not a link into this one */
		int is_other = x->plan_code && strcmp(x->plan_code, p->info.code) != 0;
		hf(b, "<li class=\"%s\"><span class=\"muted\">", x->read_at ? "read" : "unread");
		html_esc(b, sup_local(r, x->created_at));
		bw(b, "</span> <strong>");
		html_esc(b, req_t(r, arena_printf(r->arena, "inbox.kind_%s", x->kind)));
		bw(b, "</strong> ");
		if (is_other)
			hf(b, "<code class=\"plan\">%s</code> · ", x->plan_code);
		if (x->unit) {
			html_esc(b, sup_unit_name(r, p, x->unit));
			bw(b, " · ");
		}
		if (x->measure && is_other) {
			html_esc(b, arena_printf(r->arena, "%s %d", req_t(r, "col.measure"), x->measure));
			bw(b, " · ");
		} else if (x->measure) {
			sup_html_measure_link(r, p, x->measure);
			bw(b, " · ");
		}
		if (x->link) {
			bw(b, "<a href=\"");
			html_esc(b, x->link);
			bw(b, "\">");
			html_esc(b, x->text ? x->text : req_t(r, "inbox.open"));
			bw(b, "</a>");
		} else {
			html_esc(b, x->text);
		}
		if (!x->read_at) {
			bw(b, " <form class=\"inline\" method=\"post\" action=\"/inbox\">");
			html_csrf_field(r);
			hf(b, "<input type=\"hidden\" name=\"id\" value=\"%lld\"><button type=\"submit\">", x->id);
			html_esc(b, req_t(r, "inbox.mark_read"));
			bw(b, "</button></form>");
		}
		bw(b, "</li>\n");
	}
	bw(b, "</ul>\n");
	page_end(r);
}

enum status page_inbox(struct req *r)
{
	struct inbox_view v;
	enum status rc = app_inbox_view(req_app(r), INBOX_SHOWN, &v);
	if (rc != ST_OK)
		return rc;
	render_inbox(r, &v);
	return ST_OK;
}

enum status page_inbox_post(struct req *r)
{
	const char *id_text = req_form(r, "id");
	int64_t id = 0;
	if (!id_text || (strcmp(id_text, "all") != 0 && !num_parse_int(str_of(id_text), 1, INT64_MAX, &id)))
		return ST_INVALID;
	long long unread;
	enum status rc = app_inbox_read(req_app(r), id, &unread);
	if (rc != ST_OK)
		return rc;
	req_redirect(r, "/inbox");
	return ST_OK;
}
