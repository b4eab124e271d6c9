/* plan_select.c - the plan a request is about (see plan_select.h). */
#include <string.h>

#include "base/clock.h"
#include "store/store.h"
#include "web/plan_select.h"
#include "web/server.h"
#include "base/banned.h"

#define PLAN_CODE_MAX 63u

int plan_select_is_code(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > PLAN_CODE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '_' || c == '-'));
		if (!ok)
			return 0;
	}
	return 1;
}

/* The shared copy of plan code (newest version), or the request's own when the cache is full. */
static enum status plan_of(struct req *r, const char *code, struct plan **out)
{
	enum status rc = r->server ? server_plan(r->server, r->store, code, out) : ST_NOT_FOUND;
	if (rc == ST_NOT_FOUND)
		rc = store_plan_get(r->store, r->arena, code, 0, out);
	return rc;
}

/* Whether the request may see plan p: a draft is the department's only. */
static int is_visible(struct req *r, const struct plan *p)
{
	return p->info.status != PLAN_STATUS_DRAFT || authz_is_department(&r->principal);
}

/* Every plan of the store, drafts too (see plan_select_all). */
static enum status all_plans(struct req *r, struct plan ***plans, size_t *n)
{
	struct plan_version_row *rows;
	size_t n_rows;
	*n = 0;
	enum status rc = store_plan_versions(r->store, r->arena, &rows, &n_rows);
	if (rc != ST_OK)
		return rc;
	*plans = arena_calloc(r->arena, n_rows + 1, sizeof(**plans));
	for (size_t i = 0; i < n_rows; i++) {
		int seen = 0;
		for (size_t k = 0; k < *n && !seen; k++)
			seen = strcmp((*plans)[k]->info.code, rows[i].code) == 0;
		if (seen)
			continue;
		rc = plan_of(r, rows[i].code, &(*plans)[*n]);
		if (rc != ST_OK)
			return rc;
		(*n)++;
	}
	return ST_OK;
}

enum status plan_select_all(struct req *r, struct plan ***plans, size_t *n)
{
	enum status rc = all_plans(r, plans, n);
	size_t k = 0;
	for (size_t i = 0; rc == ST_OK && i < *n; i++)
		if (is_visible(r, (*plans)[i]))
			(*plans)[k++] = (*plans)[i];
	if (rc == ST_OK)
		*n = k;
	return rc;
}

/* The plan shown when none is asked for (plan_default_of: never a draft), NULL when the store
 * holds none; ST_NOT_FOUND when it holds drafts only. */
static enum status default_code(struct req *r, const char **code)
{
	struct plan **plans;
	size_t n;
	*code = NULL;
	enum status rc = all_plans(r, &plans, &n);
	if (rc != ST_OK || n == 0)
		return rc;
	char today[32];
	clock_today_shanghai(today);
	const struct plan_info **infos = arena_alloc(r->arena, n * sizeof(*infos));
	for (size_t i = 0; i < n; i++)
		infos[i] = &plans[i]->info;
	int k = plan_default_of(infos, n, today);
	if (k < 0)
		return ST_NOT_FOUND;
	*code = plans[k]->info.code;
	return ST_OK;
}

enum status plan_select_code(struct req *r, const char **code)
{
	const char *q = req_query(r, "plan");
	struct plan *p;
	if (q) {
		if (!plan_select_is_code(q) || plan_of(r, q, &p) != ST_OK || !is_visible(r, p))
			return ST_NOT_FOUND;
		*code = p->info.code;
		req_add_header(r, "Set-Cookie", arena_printf(r->arena, "plan=%s; Path=/; Max-Age=31536000; SameSite=Strict", *code));
		return ST_OK;
	}
	const char *c = req_cookie(r, "plan");
	if (c && plan_select_is_code(c) && plan_of(r, c, &p) == ST_OK && is_visible(r, p)) {
		*code = p->info.code;
		return ST_OK;
	}
	return default_code(r, code);
}

const struct plan *plan_select_predecessor(struct req *r, const struct plan *p, const char *code, int *ind)
{
	struct plan **plans;
	size_t n;
	*ind = -1;
	if (!code || plan_select_all(r, &plans, &n) != ST_OK)
		return NULL;
	for (size_t i = n; i-- > 0;) {
		if (strcmp(plans[i]->info.code, p->info.code) == 0)
			continue;
		*ind = plan_find_indicator(plans[i], code);
		if (*ind >= 0)
			return plans[i];
	}
	return NULL;
}

const char *plan_select_query(struct req *r, int has_more)
{
	const char *q = req_query(r, "plan"), *c = req_cookie(r, "plan");
	const char *code = q && plan_select_is_code(q) ? q : c && plan_select_is_code(c) ? c : NULL;
	if (!code)
		return has_more ? "?" : "";
	return arena_printf(r->arena, "?plan=%s%s", code, has_more ? "&" : "");
}
