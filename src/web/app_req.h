/* app_req.h - the web's side of the operations layer (app/): the context of a request (its
 * store connection, arena, principal, the shared plan and the server's supervision settings),
 * a diag list for its refusals, and refusals rendered: as the JSON error answer of the API,
 * or as text in the request's language for a page. */
#ifndef INNOMON_WEB_APP_REQ_H
#define INNOMON_WEB_APP_REQ_H

#include "app/app.h"
#include "web/req.h"

/* The operation context of r (in r's arena): r's store, arena and principal, the current plan
 * when the store has one (read-only, shared), the server's supervision settings. Cannot fail. */
struct app_ctx *req_app(struct req *r);
/* An empty refusal list in r's arena. */
struct diag_list *req_errs(struct req *r);

/* The text of one refusal in r's language: its catalogue key, else "diag.<code>" when the
 * catalogue has it without placeholders, else its English sentence. */
const char *req_diag_text(struct req *r, const struct diag *d);
/* Whether a page shows an operation's refusals (status st, list errs) with the page it was on:
 * there are some, and for ST_NOT_FOUND the first says what was not found (otherwise the server
 * answers with its error page; a refusal of rights lists nothing). */
int req_errs_shown(enum status st, const struct diag_list *errs);
/* Every refusal's text, one after another (a space between); "" when none. */
const char *req_errs_text(struct req *r, const struct diag_list *errs);

/* Answer an operation's refusal as {error: {code, message, details}}: code (NULL: the first
 * refusal's code), message the text of message_key (NULL: the first refusal's text) in r's
 * language, details every refusal [{field, code, message, value}]; the HTTP status of st.
 * Nothing is answered (the server answers st itself) with no refusal listed (a refusal of
 * rights lists nothing: app_authorize) and for ST_NOT_FOUND without a "not_found" or "no_cycle"
 * refusal (which is then the only one told). Returns st. */
enum status req_app_error(struct req *r, enum status st, const char *code, const char *message_key,
			  const struct diag_list *errs);

#endif
