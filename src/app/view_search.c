/* view_search.c - the view model of the search page (see view_search.h). */
#include <string.h>

#include "app/sup.h"
#include "app/view_reader.h"
#include "app/view_search.h"
#include "base/num.h"
#include "base/banned.h"

enum status app_search_view(struct app_ctx *x, const char *q, size_t limit, struct app_search_view *out,
			    struct diag_list *errs)
{
	struct app_reader who;
	memset(out, 0, sizeof(*out));
	enum status rc = app_authorize(x, ACT_READ_PUBLIC, NULL, errs);
	if (rc == ST_OK)
		rc = app_plan(x, &out->plan);
	if (rc != ST_OK)
		return rc;
	app_reader_of(x, &who);
	out->q = q;
	out->has_notices = who.is_internal;
	if (!q || !*q)
		return ST_OK;
	struct search_hit *hits;
	size_t n;
	rc = store_search(x->store, x->arena, out->plan->info.code, q, out->has_notices, limit, &hits, &n);
	if (rc == ST_STORE)
		return rc;
	out->is_bad_query = rc == ST_INVALID;
	if (rc != ST_OK)
		return ST_OK; /* nothing found */
	out->hits = arena_calloc(x->arena, n + 1, sizeof(*out->hits));
	out->n_hits = n;
	for (size_t i = 0; i < n; i++) {
		int64_t id;
		struct sup_notice *notice;
		out->hits[i].hit = hits[i];
		if (hits[i].kind == SEARCH_NOTICE && num_parse_int((struct str){hits[i].key, strlen(hits[i].key)}, 1, INT64_MAX, &id) &&
		    app_notice_get(x, id, &notice, NULL, NULL) == ST_OK)
			out->hits[i].notice = notice;
	}
	return ST_OK;
}
