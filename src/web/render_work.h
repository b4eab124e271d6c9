/* render_work.h - the renderers of the work and admin pages: each writes its page (frame
 * included) from a view built by app/view_*.c and nothing else: no store read, no decision
 * of rights. The handlers beside them (page_review.c, page_notices.c, page_reporting.c,
 * page_supervision.c, page_admin.c, page_registries.c, page_firms.c, page_entry.c) parse the
 * request, build the view and call one of these; tests render from hand-made views. */
#ifndef INNOMON_WEB_RENDER_WORK_H
#define INNOMON_WEB_RENDER_WORK_H

#include <jansson.h>

#include "app/view_admin.h"
#include "app/view_firms.h"
#include "app/view_notices.h"
#include "app/view_registries.h"
#include "app/view_reporting.h"
#include "app/view_review.h"
#include "app/view_supervision.h"
#include "web/req.h"

/* GET /review; message (NULL: none) an outcome line, an alert when is_error. */
void render_review(struct req *r, const struct review_view *v, const char *message, int is_error);
/* GET /notices; msg as above. */
void render_notices(struct req *r, const struct notices_view *v, const char *msg, int is_error);
/* GET /notices/ID; msg as above. */
void render_notice(struct req *r, const struct notice_view *v, const char *msg, int is_error);
/* GET /inbox. */
void render_inbox(struct req *r, const struct inbox_view *v);

/* What a user typed into one report's form on GET /reporting, shown again with the error when
 * it was refused. */
struct reporting_typed {
	int measure;
	const char *unit;
	enum report_progress progress;
	const char *narrative;
	json_t *figures;     /* [{indicator, value, note}] as typed (values as text); NULL: only the error */
	const char *error;
};
/* GET /reporting: the view's cycle for its unit (no cycle: a line saying none is open yet); t
 * (NULL: none) a refused form shown as typed on its measure; msg an outcome line. */
void render_reporting(struct req *r, const struct reporting_view *v, const struct reporting_typed *t, const char *msg,
		      int is_error);
/* GET /supervision; msg as above. */
void render_supervision(struct req *r, const struct supervision_view *v, const char *msg, int is_error);
/* GET /reporting/PERIOD/MEASURE/UNIT; msg (NULL: none) an outcome line. */
void render_progress_report(struct req *r, const struct progress_report_view *v, const char *msg);
/* What an import on GET /registries did: a line (an alert when is_error) and the problems found
 * (diags, may be NULL). */
struct registries_outcome {
	const char *text;
	const struct diag_list *diags;
	int is_error;
};
/* GET /registries: the view's page of its registry's records (of its region's scope); o (may be
 * NULL) an import's outcome. */
void render_registries(struct req *r, const struct registries_view *v, const struct registries_outcome *o);
/* GET /pipeline. */
void render_pipeline(struct req *r, const struct pipeline_view *v);
/* The projection section of indicator ind's page (nothing when the mapping does not name it). */
void render_projection_section(struct req *r, const struct plan *p, int ind, const struct projection_section_view *v);
/* GET /firms. */
void render_firms(struct req *r, const struct firms_view *v);
/* GET /firms/CODE. */
void render_firm(struct req *r, const struct firm_view *v);
/* The add-user form's password error (a mismatch), shown beside the confirmation and at the top,
 * with the name typed. */
struct users_add_form {
	const char *name, *password_error;
};
/* GET /admin/users; message (NULL: none) an outcome line, one_time (NULL: none) a one-time
 * password to hand over, add (NULL: none) a refused add form. */
void render_admin_users(struct req *r, const struct users_view *v, const char *message, int is_error, const char *one_time,
			const struct users_add_form *add);
/* GET /admin/audit. */
void render_admin_audit(struct req *r, const struct audit_view *v);
/* What a POST on /admin/supervision did, shown above the forms: a sentence, and the
 * diagnostics of a refusal, with the refused form shown again as typed. */
struct sup_settings_outcome {
	const char *text;
	const struct diag_list *diags;
	int is_error;
	const struct sup_milestone *posted; /* a refused milestone form, shown again as typed */
	int posted_is_new;
	const char *posted_rule;            /* the code of a refused rule form, shown again as typed */
};
/* GET /admin/supervision; o (may be NULL) what a POST did. */
void render_sup_settings(struct req *r, const struct sup_settings_view *v, const struct sup_settings_outcome *o);

#endif
