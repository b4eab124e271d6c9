/* pages.h - HTML fragments shared by several pages. */
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

/* An action's title as the plan numbers it: "（一）自主创新登峰行动" / "Action 1. ...". */
void html_action_title(struct req *r, const struct action *ac);

#endif
