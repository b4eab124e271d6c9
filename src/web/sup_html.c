/* sup_html.c - HTML fragments of task supervision (see sup_pages.h). */
#include <jansson.h>
#include <string.h>

#include "report/fmt.h"
#include "web/html.h"
#include "web/sup_pages.h"
#include "web/sup_web.h"
#include "base/banned.h"

static void badge(struct req *r, const char *cls, const char *key)
{
	hf(&r->out, "<span class=\"badge %s\">", cls);
	html_esc(&r->out, req_t(r, key));
	bw(&r->out, "</span>");
}

void sup_html_state(struct req *r, const struct sup_report *rep)
{
	const char *name = rep ? report_state_name(rep->state) : "none";
	badge(r, arena_printf(r->arena, "rs-%s", name), arena_printf(r->arena, "cycle.state_%s", name));
}

void sup_html_timeliness(struct req *r, enum sup_timeliness t)
{
	const char *name = sup_timeliness_name(t);
	badge(r, arena_printf(r->arena, "tl-%s", name), arena_printf(r->arena, "cycle.time_%s", name));
}

void sup_html_progress(struct req *r, enum report_progress p)
{
	const char *name = report_progress_name(p);
	badge(r, arena_printf(r->arena, "pg-%s", name), arena_printf(r->arena, "cycle.progress_%s", name));
}

void sup_html_notice_status(struct req *r, const struct sup_notice *n)
{
	const char *name = notice_status_name(n->status);
	badge(r, arena_printf(r->arena, "ns-%s", name), arena_printf(r->arena, "notice.status_%s", name));
	if (n->level == 2) {
		bwc(&r->out, ' ');
		badge(r, "ns-level2", "notice.level_2");
	}
}

void sup_html_report_link(struct req *r, const char *period, int measure, const char *unit, const char *label)
{
	struct buf *b = &r->out;
	bw(b, "<a href=\"/reporting/");
	url_esc(b, period);
	hf(b, "/%d/", measure);
	url_esc(b, unit);
	html_esc(b, sup_plan_param(r, 1));
	bw(b, "\">");
	html_esc(b, label);
	bw(b, "</a>");
}

void sup_html_measure_link(struct req *r, const struct plan *p, int number)
{
	int mi = plan_find_measure(p, number);
	hf(&r->out, "<a href=\"/measures/%d%s\" title=\"", number, sup_plan_param(r, 1));
	if (mi >= 0)
		html_esc(&r->out, i18n_pick(r->lang, p->measures[mi].title_zh, p->measures[mi].title_en));
	bw(&r->out, "\">");
	html_esc(&r->out, arena_printf(r->arena, "%s %d", req_t(r, "col.measure"), number));
	bw(&r->out, "</a>");
}

void sup_html_message(struct req *r, const char *text, int is_error)
{
	hf(&r->out, "<p class=\"%s\" role=\"%s\">", is_error ? "error" : "ok", is_error ? "alert" : "status");
	html_esc(&r->out, text);
	bw(&r->out, "</p>\n");
}

void sup_html_figures(struct req *r, const struct plan *p, const char *figures)
{
	json_error_t err;
	json_t *arr = figures ? json_loads(figures, 0, &err) : NULL;
	struct buf *b = &r->out;
	if (!json_is_array(arr) || json_array_size(arr) == 0) {
		json_decref(arr);
		return;
	}
	bw(b, "<table class=\"figures\"><thead><tr><th scope=\"col\">");
	html_esc(b, req_t(r, "col.indicator"));
	bw(b, "</th><th scope=\"col\" class=\"num\">");
	html_esc(b, req_t(r, "col.value"));
	bw(b, "</th><th scope=\"col\">");
	html_esc(b, req_t(r, "col.note"));
	bw(b, "</th></tr></thead><tbody>\n");
	size_t i;
	json_t *f;
	json_array_foreach(arr, i, f) {
		const char *code = json_string_value(json_object_get(f, "indicator"));
		int ind = code ? plan_find_indicator(p, code) : -1;
		json_t *v = json_object_get(f, "value");
		bw(b, "<tr><th scope=\"row\">");
		html_esc(b, ind >= 0 ? i18n_pick(r->lang, p->indicators[ind].name_zh, p->indicators[ind].name_en) : code);
		bw(b, "</th><td class=\"num\">");
		if (json_is_number(v)) {
			fmt_value(b, json_number_value(v), ind >= 0 ? p->indicators[ind].decimals : 2);
			if (ind >= 0) {
				bwc(b, ' ');
				html_esc(b, i18n_pick(r->lang, p->indicators[ind].unit_zh, p->indicators[ind].unit_en));
			}
		} else {
			bw(b, "—");
		}
		bw(b, "</td><td>");
		html_esc(b, json_string_value(json_object_get(f, "note")));
		bw(b, "</td></tr>\n");
	}
	bw(b, "</tbody></table>\n");
	json_decref(arr);
}

void sup_html_notice_table(struct req *r, const struct plan *p, const struct sup_notice *rows, size_t n)
{
	struct buf *b = &r->out;
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		const struct sup_notice *x = &rows[i];
		if (shown++ == 0) {
			bw(b, "<table class=\"notices\"><thead><tr>");
			const char *cols[] = {"notice.col_id", "col.unit_name", "col.measure", "notice.col_subject",
					      "notice.col_status", "notice.col_reply_due"};
			for (size_t k = 0; k < sizeof(cols) / sizeof(cols[0]); k++) {
				bw(b, "<th scope=\"col\">");
				html_esc(b, req_t(r, cols[k]));
				bw(b, "</th>");
			}
			bw(b, "</tr></thead><tbody>\n");
		}
		hf(b, "<tr class=\"ns-row-%s\"><td><a href=\"/notices/%lld\">%lld</a></td><td>", notice_status_name(x->status),
		    x->id, x->id);
		html_esc(b, sup_unit_name(r, p, x->unit));
		bw(b, "</td><td>");
		sup_html_measure_link(r, p, x->measure);
		hf(b, "</td><td><a href=\"/notices/%lld\">", x->id);
		html_esc(b, x->subject);
		bw(b, "</a></td><td>");
		sup_html_notice_status(r, x);
		bw(b, "</td><td>");
		html_esc(b, sup_local(r, x->reply_due));
		bw(b, "</td></tr>\n");
	}
	if (shown)
		bw(b, "</tbody></table>\n");
	else {
		bw(b, "<p class=\"muted\">");
		html_esc(b, req_t(r, "notice.none"));
		bw(b, "</p>\n");
	}
}
