/* app.h - the operations layer's front door: the context every operation takes (who acts, on
 * which store connection, in which arena), the one authorisation step, and how refusals are
 * reported. An operation is what a page, an API route and a CLI command that do the same thing
 * all call: it authorises the acting principal (core/authz), validates its typed input, writes
 * through the store (whose write functions audit themselves) and returns a typed result or
 * every problem it found. The operations, one header per domain: app/plan.h (plan check, load,
 * edits), app/users.h (users, passwords, API tokens), app/sup.h (task supervision),
 * app/report.h (the evaluation report), app/values.h (entering and moving values),
 * app/imports.h (files of values), app/registries.h (registries, the recompute, projections),
 * app/sessions.h (sign-in, sessions, tokens' use), app/backup.h (a copy of the store); the read
 * pages' view models: app/view_reader.h, app/view_figures.h, app/view_sup.h, app/view_search.h;
 * app/credentials.h holds the password and token primitives. May call base, core, store,
 * ingest, supervise and report; never web or cli. */
#ifndef INNOMON_APP_APP_H
#define INNOMON_APP_APP_H

#include "base/arena.h"
#include "base/diag.h"
#include "base/status.h"
#include "core/authz.h"
#include "core/plan.h"

struct store;
struct sup_settings;
struct progress_memo;

/* Everything an operation needs besides its input. The caller owns every member; an operation
 * may set plan (app_plan) and allocates its results and messages in arena. */
struct app_ctx {
	struct store *store;            /* one connection; its audit actor already set */
	struct arena *arena;            /* results, refusals and scratch */
	const struct principal *who;    /* the acting person, token holder or operator; never NULL */
	const struct plan *plan;        /* the current plan when the caller has it (read-only: the
	                                 * server shares it between requests), else NULL: read on
	                                 * first need */
	const struct sup_settings *sup; /* supervision settings (evidence cap and scan, webhook);
	                                 * needed by the evidence and tick operations only */
	const char *four_eyes;          /* the setting four_eyes (app/values.h): "all", "none" or
	                                 * plan codes; NULL is "all" */
	struct progress_memo *progress; /* the server's progress computed once per store version
	                                 * (app/progress_memo.h), for plan, which the server keeps;
	                                 * NULL: app_progress computes its own */
};

/* A file as a front end received it (an upload, a file the CLI read): its name, for messages and
 * the import batch, and its bytes; all borrowed. An import reads src instead when it is set (a
 * file on disk streamed through, whatever its size: ingest/source.h); data and len then unused. */
struct byte_source;
struct app_file {
	const char *name;
	const void *data;
	size_t len;
	struct byte_source *src;
};
#define APP_FILE_NAME_MAX_BYTES 255

/* How to read a file of a table: encoding NULL, "" or "auto" detects it (CSV in UTF-8 or GBK);
 * sheet NULL or "" reads an XLSX workbook's first sheet. */
struct app_read_opts {
	const char *encoding, *sheet;
};

/* A context with no plan and no settings. All pointers borrowed. */
void app_ctx_init(struct app_ctx *x, struct store *s, struct arena *a, const struct principal *who);
/* The context of who beginning its work on connection s: app_ctx_init, and the store's audit
 * actor set (store_set_actor), so that every write of the operations that follow on s is
 * audited as who's: under the name actor (NULL: who's name, "anonymous" for an anonymous
 * visitor), who's user id, from address ip (NULL: none). A front end names the actor only
 * this way, once per request or command, when the principal is known. ST_TOO_LARGE (nothing
 * set) when actor or ip is too long. */
enum status app_ctx_begin(struct app_ctx *x, struct store *s, struct arena *a, const struct principal *who,
			  const char *actor, const char *ip) WUR;

/* The local operator: whoever runs the innomon command holds the store file and acts as the
 * department's administrator, named "cli" in what it writes (the store's audit actor says
 * which operating-system user it was). Static; cannot fail. */
const struct principal *app_operator(void);
/* The server itself, for its periodic work (the supervision tick): a department member named
 * "system". Static; cannot fail. */
const struct principal *app_system(void);

/* The one authorisation step of every operation: ST_OK when x->who may do act on scope (NULL
 * for unscoped actions), ST_UNAUTH for an anonymous visitor, ST_DENIED otherwise
 * (authz_check). A refused operation has written nothing, and a refusal of rights tells
 * nothing about the input: errs (may be NULL) is emptied of what the caller listed. */
enum status app_authorize(const struct app_ctx *x, enum authz_action act, const struct scope *scope,
			  struct diag_list *errs) WUR;
/* The first step of an operation on items that carry their own scope (values of several units
 * and regions): ST_OK when x->who could hold act for some scope (authz_may_attempt: any unit or
 * region reporter may write values), the refusals of app_authorize otherwise. The operation
 * then checks each item's scope with app_authorize. */
enum status app_authorize_any(const struct app_ctx *x, enum authz_action act, struct diag_list *errs) WUR;

/* The plan shown when none is asked for: the newest in force today, else the newest that is
 * not a draft (plan_default_of), its newest version read into x->arena. ST_NOT_FOUND when the
 * store has none but drafts. */
enum status app_plan_default(struct app_ctx *x, struct plan **out) WUR;
/* The plan operations work on: x->plan when set, else app_plan_default, read once into
 * x->arena and kept in x->plan. ST_NOT_FOUND when the store has none. */
enum status app_plan(struct app_ctx *x, const struct plan **out) WUR;

/* Refusals. Every operation takes a struct diag_list *errs (the caller's, initialised on its
 * arena) and appends every problem it finds with the input: the field, a stable code and an
 * English sentence (lower-case start, no final period). It writes nothing when errs holds an
 * error when it is done, including errors the caller appended while parsing its own input
 * first (a form's text that is not a number), so a person sees every problem at once. The
 * statuses: ST_INVALID (the list says why), ST_NOT_FOUND, ST_CONFLICT (a state or a race; the
 * list may say which), ST_UNAUTH, ST_DENIED (nothing listed), ST_STORE (store_errmsg). */

/* Append a refusal and return st: field may be NULL; key (static, may be NULL) names the
 * message catalogue entry a front end shows in the user's language (www/i18n/messages.csv). */
enum status app_refuse(struct diag_list *errs, enum status st, const char *field, const char *code, const char *key,
		       const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Whether s is text a person may type into a field: valid UTF-8 of at most max_bytes without
 * control characters (newlines and tabs allowed when is_multiline). NULL is valid. */
int app_text_is_valid(const char *s, size_t max_bytes, int is_multiline);

/* ST_INVALID when errs holds an error, else ST_OK. */
enum status app_errors_status(const struct diag_list *errs);

#endif
