/* evaluation_firms.c - the enterprise part of the evaluation model: the firms registry's
 * projection beside every indicator projections.csv maps to a method (report/firms.h), for the
 * period's year or the registry's latest year before it. A report may travel beyond the
 * department, so its counts are the public's: suppressed below FIRM_MIN_CELL like the pages. */
#include "report/evaluation.h"
#include "report/firms.h"
#include "base/banned.h"

enum status evaluation_build_firms(struct evaluation *ev, struct store *s, struct arena *a)
{
	static const struct principal anyone = {ROLE_NONE, 0, NULL, NULL, NULL, 0};
	struct firm_projections *fp = arena_calloc(a, 1, sizeof(*fp));
	ev->firms = NULL;
	enum status rc = firm_projections_build(s, a, ev->plan, 0, &anyone, OBS_VIEW_INTERNAL, fp);
	if (rc == ST_NOT_FOUND)
		return ST_OK; /* no firms registry: the report has no projection */
	if (rc != ST_OK)
		return rc;
	if (fp->year > ev->per.year) {
		rc = firm_projections_build(s, a, ev->plan, ev->per.year, &anyone, OBS_VIEW_INTERNAL, fp);
		if (rc != ST_OK)
			return rc;
	}
	if (fp->n_proj)
		ev->firms = fp;
	return ST_OK;
}
