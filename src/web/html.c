/* html.c - escaping writers and the shared page frame. */
#include <string.h>

#include "base/clock.h"
#include "core/plan_facts.h"
#include "report/explain.h"
#include "app/view_frame.h"
#include "web/server.h"
#include "web/html.h"
#include "web/plan_select.h"
#include "base/banned.h"

const char *html_local_time(struct req *r, const char *utc)
{
	time_t t;
	char out[32];
	if (!utc || !clock_parse_utc(utc, &t))
		return "—";
	clock_format_local(t, out);
	return arena_strdup(r->arena, out);
}

void html_time(struct req *r, const char *utc)
{
	const char *local = html_local_time(r, utc);
	if (strcmp(local, "—") == 0)
		bw(&r->out, "—");
	else
		hf(&r->out, "<time datetime=\"%s\">%s</time>", utc, local);
}

static void nav_link(struct req *r, const char *href, const char *key, const char *name, const char *active)
{
	struct buf *b = &r->out;
	bw(b, "<li><a href=\"");
	html_esc(b, href);
	bw(b, "\"");
	if (active && strcmp(active, name) == 0)
		bw(b, " aria-current=\"page\"");
	bw(b, ">");
	html_esc(b, req_t(r, key));
	bw(b, "</a></li>");
}

const char *html_site_name(struct req *r)
{
	const struct server_config *cfg = r->server ? server_config(r->server) : NULL;
	const char *zh = cfg && cfg->site_name_zh && *cfg->site_name_zh ? cfg->site_name_zh : req_t(r, "site.name");
	const char *en = cfg && cfg->site_name_en && *cfg->site_name_en ? cfg->site_name_en : zh;
	return r->lang == LANG_EN ? en : zh;
}

void html_no_measures(struct req *r, const struct plan *p)
{
	const char *names[] = {"doc_kind"};
	const char *values[] = {req_t(r, arena_printf(r->arena, "doc_kind.%s", plan_doc_kind(p)))};
	struct buf t;
	buf_init(&t, 256);
	i18n_fill(&t, req_t(r, "plan.no_measures"), names, values, 1);
	bw(&r->out, "<p class=\"no-measures\">");
	html_esc(&r->out, buf_str(&t));
	bw(&r->out, "</p>\n");
	buf_release(&t);
}

/* When the store holds several plans: the one this page is about, its phase, and the others to
 * switch to (the same page, ?plan=CODE; the choice is remembered). Nothing with one plan. */
static void plan_bar(struct req *r)
{
	struct plan **plans;
	struct plan *cur;
	size_t n;
	if (!r->store || plan_select_all(r, &plans, &n) != ST_OK || n < 2 || req_plan(r, &cur) != ST_OK)
		return;
	struct buf *b = &r->out;
	char today[32];
	clock_today_shanghai(today);
	bw(b, "<nav class=\"plans\" aria-label=\"");
	html_esc(b, req_t(r, "plans.switch"));
	bw(b, "\"><ul>");
	for (size_t i = 0; i < n; i++) {
		const struct plan_info *in = &plans[i]->info;
		int is_cur = strcmp(in->code, cur->info.code) == 0;
		bw(b, "<li><a href=\"");
		html_esc(b, r->path);
		bw(b, "?plan=");
		html_esc(b, in->code);
		bw(b, is_cur ? "\" aria-current=\"page\">" : "\">");
		html_esc(b, i18n_pick(r->lang, in->title_zh, in->title_en));
		bw(b, "</a> <span class=\"phase\">");
		html_esc(b, req_t(r, arena_printf(r->arena, "plans.phase.%s", plan_phase_name(plan_phase_on(in, today)))));
		bw(b, "</span></li>");
	}
	bw(b, "<li><a href=\"/plans\">");
	html_esc(b, req_t(r, "plans.all"));
	bw(b, "</a></li></ul></nav>\n");
}

/* The menu: the pages everyone reads, then those the frame view offers the principal. */
static void render_frame_menu(struct req *r, const struct frame_view *fv, const char *nav)
{
	nav_link(r, "/", "nav.dashboard", "dashboard", nav);
	nav_link(r, "/plan", "nav.plan", "plan", nav);
	nav_link(r, "/units", "nav.units", "units", nav);
	nav_link(r, "/pipeline", "firm.nav", "pipeline", nav);
	nav_link(r, "/map", "nav.map", "map", nav);
	if (fv->is_signed_in)
		nav_link(r, "/reports", "nav.reports", "reports", nav);
	if (fv->may_enter)
		nav_link(r, "/entry", "nav.entry", "entry", nav);
	if (fv->may_review)
		nav_link(r, "/review", "nav.review", "review", nav);
	/* task supervision */
	if (fv->may_report)
		nav_link(r, "/reporting", "nav.reporting", "reporting", nav);
	if (fv->may_supervise)
		nav_link(r, "/supervision", "nav.supervision", "supervision", nav);
	if (fv->is_signed_in) {
		nav_link(r, "/notices", "nav.notices", "notices", nav);
		nav_link(r, "/scorecards", "nav.scorecards", "scorecards", nav);
		nav_link(r, "/registries", "nav.registries", "registries", nav);
	}
	if (fv->is_admin) {
		nav_link(r, "/admin/users", "nav.users", "admin_users", nav);
		nav_link(r, "/admin/plan", "nav.plan_edit", "admin_plan", nav);
		nav_link(r, "/admin/supervision", "nav.sup_settings", "admin_supervision", nav);
		nav_link(r, "/admin/audit", "nav.audit", "admin_audit", nav);
	}
}

void page_begin(struct req *r, const char *title, const char *nav)
{
	struct buf *b = &r->out;
	const char *site = html_site_name(r);
	bw(b, "<!DOCTYPE html>\n<html lang=\"");
	bw(b, r->lang == LANG_EN ? "en" : "zh-CN");
	bw(b, "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_esc(b, title);
	bw(b, " · ");
	html_esc(b, site);
	/* an empty icon: no page has one, and without this every browser asks for /favicon.ico (404) */
	bw(b, "</title>\n<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n");
	bw(b, "<a class=\"skip\" href=\"#main\">");
	html_esc(b, req_t(r, "nav.skip"));
	bw(b, "</a>\n<header class=\"site\">\n<div class=\"brand\"><a href=\"/\">");
	html_esc(b, site);
	bw(b, "</a>");
	/* the plan the pages show, by its own name (loaded already by the page, or now) */
	struct plan *p = NULL;
	if ((r->plan_cache || r->store) && req_plan(r, &p) == ST_OK && p) {
		bw(b, " <a class=\"tagline\" href=\"/plan\">");
		html_esc(b, i18n_pick(r->lang, p->info.title_zh, p->info.title_en));
		bw(b, "</a>");
	}
	bw(b, "</div>\n<nav aria-label=\"");
	html_esc(b, req_t(r, "nav.label"));
	bw(b, "\"><ul>");
	struct app_ctx x;
	struct frame_view fv;
	app_ctx_init(&x, r->store, r->arena, &r->principal);
	app_frame_view(&x, &fv);
	render_frame_menu(r, &fv, nav);
	bw(b, "</ul></nav>\n<div class=\"account\">");
	if (fv.is_signed_in) {
		hf(b, "<a href=\"/account\">%s</a> <span class=\"muted\">(%s)</span> ", fv.name,
		   req_t(r, arena_printf(r->arena, "role.%s", fv.role)));
		/* the inbox of task supervision, with the number unread */
		bw(b, "<a class=\"inbox-link\" href=\"/inbox\"");
		if (nav && strcmp(nav, "inbox") == 0)
			bw(b, " aria-current=\"page\"");
		bw(b, ">");
		html_esc(b, req_t(r, "nav.inbox"));
		hf(b, " <span class=\"unread\">%lld</span></a> <form class=\"inline\" method=\"post\" action=\"/signout\">", fv.unread);
		html_csrf_field(r);
		bw(b, "<button type=\"submit\">");
		html_esc(b, req_t(r, "nav.signout"));
		bw(b, "</button></form>");
	} else {
		bw(b, "<a href=\"/signin\">");
		html_esc(b, req_t(r, "nav.signin"));
		bw(b, "</a>");
	}
	bw(b, "</div>\n<form class=\"site-search\" method=\"get\" action=\"/search\" role=\"search\"><label class=\"sr\""
	      " for=\"site-q\">");
	html_esc(b, req_t(r, "search.title"));
	bw(b, "</label><input id=\"site-q\" name=\"q\" type=\"search\" maxlength=\"66\" placeholder=\"");
	html_esc(b, req_t(r, "search.title"));
	bw(b, "\"></form>\n<div class=\"lang\">");
	/* the other language keeps the view: region, period and tab stay in the link */
	struct buf other;
	buf_init(&other, 0);
	req_view_url(r, &other, r->lang == LANG_EN ? LANG_ZH : LANG_EN);
	if (r->lang == LANG_EN) {
		bw(b, "<a href=\"");
		html_esc(b, buf_str(&other));
		bw(b, "\" lang=\"zh-CN\">中文</a> · <strong>English</strong>");
	} else {
		bw(b, "<strong>中文</strong> · <a href=\"");
		html_esc(b, buf_str(&other));
		bw(b, "\" lang=\"en\">English</a>");
	}
	buf_release(&other);
	bw(b, "</div>\n</header>\n");
	plan_bar(r);
	bw(b, "<main id=\"main\">\n");
}

void html_csrf_field(struct req *r)
{
	if (!r->csrf_token)
		return;
	bw(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_esc(&r->out, r->csrf_token);
	bw(&r->out, "\">");
}

void page_end(struct req *r)
{
	struct buf *b = &r->out;
	bw(b, "</main>\n<footer class=\"site\"><p class=\"open-data\">");
	html_esc(b, req_t(r, "footer.open_data"));
	bw(b, r->lang == LANG_EN ? ": " : "：");
	bw(b, "<a href=\"/api/v1/export?format=csv\" download>CSV</a> · <a href=\"/api/v1/export?format=xlsx\" download>XLSX</a>"
	      " · <a href=\"/api/v1/export?format=json\">JSON</a> · <a href=\"/reports\">");
	html_esc(b, req_t(r, "footer.reports"));
	bw(b, "</a> · <a href=\"/reporting-status\">");
	html_esc(b, req_t(r, "nav.status"));
	bw(b, "</a></p><p class=\"share\">");
	/* a share link for every view: the URL reproduces it, the language included */
	struct buf view;
	buf_init(&view, 0);
	req_view_url(r, &view, r->lang);
	html_esc(b, req_t(r, "footer.share"));
	bw(b, r->lang == LANG_EN ? ": " : "：");
	bw(b, "<a class=\"share-link\" rel=\"bookmark\" href=\"");
	html_esc(b, buf_str(&view));
	bw(b, "\">");
	html_esc(b, buf_str(&view));
	bw(b, "</a></p><p>");
	buf_release(&view);
	html_esc(b, req_t(r, "site.footer"));
	bw(b, " · innomon " INNOMON_VERSION "</p></footer>\n</body>\n</html>\n");
}

void page_error(struct req *r, enum status st, const char *message)
{
	const char *title = req_t(r, st == ST_NOT_FOUND ? "error.not_found_title" : "error.title");
	page_begin(r, title, NULL);
	bw(&r->out, "<h1>");
	html_esc(&r->out, title);
	bw(&r->out, "</h1>\n<p class=\"error\">");
	html_esc(&r->out, message);
	bw(&r->out, "</p>\n<p><a href=\"/\">");
	html_esc(&r->out, req_t(r, "nav.back_home"));
	bw(&r->out, "</a></p>\n");
	page_end(r);
}
