/* pages.h - HTML fragments shared by several pages (fragments.c, verdict_html.c; the outcome and
 * diagnostics of a form in page_entry.c). */
#ifndef INNOMON_WEB_PAGES_H
#define INNOMON_WEB_PAGES_H

#include "core/plan.h"
#include "web/req.h"

/* <a href="/units/CODE">name</a> in the request's language. */
void html_unit_link(struct req *r, const struct plan *p, const char *code);
/* The units of a measure with one role, linked, separated by 、 (zh) or commas (en). */
void html_resp_units(struct req *r, const struct plan *p, int measure, enum resp_role role);
/* The targets of indicator ind, one per line: "长沙 ≤ 10 位 (2025)". */
void html_targets(struct req *r, const struct plan *p, int ind);

/* A plan text in the reader's language: the English text when there is one, else the Chinese
 * with lang="zh-CN" and, on English pages, a "Chinese only" mark (indicator_tabs.c). Escaped. */
void html_text_lang(struct req *r, const char *zh, const char *en);
/* An action's title as the plan numbers it: "（一）自主创新登峰行动" / "Action 1. ...". */
void html_action_title(struct req *r, const struct action *ac);

#include "core/obs.h"
#include "core/progress.h"

/* A status badge: <span class="status st-on_track">进度正常</span>. */
void html_status(struct req *r, enum progress_status st);
struct assess_row;
/* A target's state: in its final phase the verdict badge (<span class="verdict v-met">达标</span>),
 * before it the status badge and, when behind schedule, a 滞后 badge. */
void html_verdict(struct req *r, const struct assess_row *row);
/* The verdict in words (explain_verdict), escaped. */
void html_verdict_words(struct req *r, const struct plan *p, const struct assess_row *row);
/* A value with its qualifier mark and the indicator's decimals, optionally with the unit. */
void html_value(struct req *r, double v, enum obs_qualifier q, const struct indicator *ind, int with_unit);
/* A link to the source of an observation (its URL), or its source note; nothing when none. */
void html_source_link(struct req *r, const struct obs *o);

struct diag;
/* A diagnostic in the request's language: English keeps the checker's own sentence; Chinese uses
 * the catalogue's diag.<code> sentence with {value} and {field} filled in, a rule's note for a
 * rule violation, and the English sentence only when neither exists. Plain text. */
const char *diag_text(struct req *r, const struct plan *p, const struct diag *d);
struct diag_list;
/* The diagnostics of a file or form as a table: row, column, value, problem (diag_text). */
void html_diag_table(struct req *r, const struct plan *p, const struct diag_list *d);
/* What a form POST did: a sentence (role status, or alert when is_error) and, when given, the
 * diagnostics of a refusal as a table. */
void html_outcome(struct req *r, const struct plan *p, const char *text, int is_error, const struct diag_list *d);

#endif
