/* sup_pages.h - HTML fragments of task supervision (sup_html.c, sup_sections.c): badges for a
 * report's state, timeliness and progress and a notice's status, and the supervision sections
 * the dashboard, a measure's page and a unit's page show to signed-in users. All text from the
 * message catalogue, all data escaped. */
#ifndef INNOMON_WEB_SUP_PAGES_H
#define INNOMON_WEB_SUP_PAGES_H

#include "app/view_sup.h"
#include "supervise/supervise.h"
#include "web/req.h"

/* <span class="badge rs-STATE">...</span>; rep NULL: nothing written yet. */
void sup_html_state(struct req *r, const struct sup_report *rep);
void sup_html_timeliness(struct req *r, enum sup_timeliness t);
void sup_html_progress(struct req *r, enum report_progress p);
void sup_html_notice_status(struct req *r, const struct sup_notice *n);
/* <a href="/reporting/P/M/U">label</a>. */
void sup_html_report_link(struct req *r, const char *period, int measure, const char *unit, const char *label);
/* "举措 N" linked to the measure page, with its title as the link's title. */
void sup_html_measure_link(struct req *r, const struct plan *p, int number);
/* A status line (role status) or an error line (role alert). */
void sup_html_message(struct req *r, const char *text, int is_error);
/* The figures JSON of a report as a table (indicator, value, note); nothing when empty. */
void sup_html_figures(struct req *r, const struct plan *p, const char *figures);
/* The notices rows (table with id, unit, measure, subject, level, status, reply deadline); a
 * "none" line when none. The rows are those the user may see already (app_notices, the view
 * models of app/view_sup.h): this writes, it does not choose. */
void sup_html_notice_table(struct req *r, const struct plan *p, const struct sup_notice *rows, size_t n);

/* The sections on other pages, each from its view model (app/view_sup.h), which holds only what
 * the principal may see; each writes nothing for a view that is not shown (anonymous visitors). */
void sup_section_dashboard(struct req *r, const struct plan *p, const struct app_sup_dashboard *v);
void sup_section_measure(struct req *r, const struct plan *p, const struct app_sup_measure *v);
void sup_section_unit(struct req *r, const struct plan *p, const struct app_sup_unit *v);

#endif
