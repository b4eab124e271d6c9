/* app.c - the context, the principals of the CLI and the server, authorisation and refusals
 * (see app.h). */
#include <stdarg.h>
#include <string.h>

#include "app/app.h"
#include "base/clock.h"
#include "base/utf8.h"
#include "store/store.h"
#include "base/banned.h"

static const struct principal operator_principal = {ROLE_ADMIN, 0, "cli", NULL, NULL, 0};
static const struct principal system_principal = {ROLE_ADMIN, 0, "system", NULL, NULL, 0};

void app_ctx_init(struct app_ctx *x, struct store *s, struct arena *a, const struct principal *who)
{
	x->store = s;
	x->arena = a;
	x->who = who;
	x->plan = NULL;
	x->sup = NULL;
	x->four_eyes = NULL;
	x->progress = NULL;
}

enum status app_ctx_begin(struct app_ctx *x, struct store *s, struct arena *a, const struct principal *who,
			  const char *actor, const char *ip)
{
	app_ctx_init(x, s, a, who);
	if (!actor)
		actor = who->role != ROLE_NONE ? who->name : "anonymous";
	return store_set_actor(s, actor, who->user_id, ip);
}

const struct principal *app_operator(void)
{
	return &operator_principal;
}

const struct principal *app_system(void)
{
	return &system_principal;
}

enum status app_authorize(const struct app_ctx *x, enum authz_action act, const struct scope *scope,
			  struct diag_list *errs)
{
	enum status rc = authz_check(x->who, act, scope);
	if (rc != ST_OK && errs)
		errs->n = errs->n_errors = errs->n_dropped = 0;
	return rc;
}

enum status app_authorize_any(const struct app_ctx *x, enum authz_action act, struct diag_list *errs)
{
	enum status rc = authz_may_attempt(x->who, act);
	if (rc != ST_OK && errs)
		errs->n = errs->n_errors = errs->n_dropped = 0;
	return rc;
}

enum status app_plan_default(struct app_ctx *x, struct plan **out)
{
	struct plan_version_row *rows;
	size_t n_rows;
	enum status rc = store_plan_versions(x->store, x->arena, &rows, &n_rows);
	if (rc != ST_OK)
		return rc;
	if (n_rows == 0)
		return ST_NOT_FOUND;
	struct plan **plans = arena_calloc(x->arena, n_rows, sizeof(*plans));
	const struct plan_info **infos = arena_calloc(x->arena, n_rows, sizeof(*infos));
	size_t n = 0;
	for (size_t i = 0; i < n_rows; i++) {
		int seen = 0;
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(plans[k]->info.code, rows[i].code) == 0;
		if (seen)
			continue;
		rc = store_plan_get(x->store, x->arena, rows[i].code, 0, &plans[n]);
		if (rc != ST_OK)
			return rc;
		infos[n] = &plans[n]->info;
		n++;
	}
	char today[32];
	clock_today_shanghai(today);
	int k = plan_default_of(infos, n, today);
	if (k < 0)
		return ST_NOT_FOUND; /* drafts only: none is shown unasked */
	*out = plans[k];
	return ST_OK;
}

enum status app_plan(struct app_ctx *x, const struct plan **out)
{
	if (!x->plan) {
		struct plan *p;
		enum status rc = app_plan_default(x, &p);
		if (rc != ST_OK)
			return rc;
		x->plan = p;
	}
	*out = x->plan;
	return ST_OK;
}

enum status app_refuse(struct diag_list *errs, enum status st, const char *field, const char *code, const char *key,
		       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(errs->arena, fmt, ap);
	va_end(ap);
	struct diag *d = diag_add(errs, NULL, 0, 0, field, code, "%s", msg);
	if (d)
		d->key = key;
	return st;
}

enum status app_errors_status(const struct diag_list *errs)
{
	return diag_errors(errs) ? ST_INVALID : ST_OK;
}

int app_text_is_valid(const char *s, size_t max_bytes, int is_multiline)
{
	size_t n = s ? strlen(s) : 0;
	if (n > max_bytes || (s && !utf8_valid(s, n, NULL)))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int is_space = c == '\n' || c == '\r' || c == '\t';
		if ((c < 0x20 && !(is_multiline && is_space)) || c == 0x7f)
			return 0;
	}
	return 1;
}
