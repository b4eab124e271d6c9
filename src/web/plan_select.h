/* plan_select.h - which plan a request is about, when the store holds several (issue 14): the
 * plan named by ?plan=CODE (remembered in a cookie, as the language is), else the one named by
 * the cookie, else the plan in force today (the newest such), else the newest plan that is not
 * a draft. Every page and API route reads its plan through req_plan, so each takes ?plan=. A
 * draft is seen by the department only: to anyone else it is not there. */
#ifndef INNOMON_WEB_PLAN_SELECT_H
#define INNOMON_WEB_PLAN_SELECT_H

#include "web/req.h"

/* Every plan of the store the request may see (its newest version, READ ONLY, shared), oldest
 * first, into *plans[0..*n) in the request's arena. */
enum status plan_select_all(struct req *r, struct plan ***plans, size_t *n) WUR;

/* Whether s can be a plan code: what the plan loader accepts, [a-z0-9][a-z0-9_-]*, at most 63
 * bytes. */
int plan_select_is_code(const char *s);

/* The code of the plan this request is about (arena text), NULL when the store holds none.
 * ST_NOT_FOUND when ?plan= names no plan of the store the request may see (a cookie naming a
 * plan that is gone is forgotten instead), or the store holds drafts only; ?plan= that names
 * one sets the cookie. */
enum status plan_select_code(struct req *r, const char **code) WUR;

/* The plan whose indicator code the series of an indicator of plan p continues (its
 * indicators.csv continues): the newest other plan the request may see that defines it, with
 * the indicator's index in *ind; NULL when none does (then the predecessor's figures still
 * show, under the code alone). */
const struct plan *plan_select_predecessor(struct req *r, const struct plan *p, const char *code, int *ind);

/* "?plan=CODE" (with "&" to follow when has_more) when the request chose a plan other than
 * the default, else "" ("?" when has_more): for links that must keep the plan, such as a share
 * link. Arena text, already safe in an attribute (codes are [a-z0-9_-]). */
const char *plan_select_query(struct req *r, int has_more);

#endif
