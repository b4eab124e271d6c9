/* view_search.h - the view model of GET /search?q=: what the store finds in the plan (and, for
 * those who read internal records, in the 督办 notices), each notice found read and shown only
 * when the principal may see it. May call base, core, store and supervise; never web. */
#ifndef INNOMON_APP_VIEW_SEARCH_H
#define INNOMON_APP_VIEW_SEARCH_H

#include "app/app.h"
#include "store/store.h"
#include "supervise/supervise.h"

struct app_search_hit {
	struct search_hit hit;
	const struct sup_notice *notice; /* a notice hit: the notice; NULL when gone or not the
	                                  * principal's to see (then not shown) */
};
struct app_search_view {
	const struct plan *plan;
	const char *q;                   /* as asked, NULL or "" when nothing was */
	int has_notices;                 /* the notices are searched too (ACT_READ_INTERNAL) */
	int is_bad_query;                /* q has no terms, is too long or not UTF-8 */
	struct app_search_hit *hits;
	size_t n_hits;
};
/* Search x's plan for q (NULL or "": nothing searched), at most limit hits; ACT_READ_PUBLIC. */
enum status app_search_view(struct app_ctx *x, const char *q, size_t limit, struct app_search_view *out,
			    struct diag_list *errs) WUR;

#endif
