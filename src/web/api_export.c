/* api_export.c - GET /api/v1/export?format=csv|json|xlsx[&indicator=CODE]: the open data, every
 * published observation (or one indicator's) with its provenance in the stable layout of
 * docs/data.md (report/export.h).
 * Public: only published revisions ever appear, whoever asks. */
#include <string.h>

#include "base/buf.h"
#include "report/export.h"
#include "web/route.h"
#include "base/banned.h"

enum status api_export(struct req *r)
{
	const char *format = req_query(r, "format");
	enum export_format f = EXPORT_CSV;
	if (format && !export_format_parse(format, &f)) {
		req_json_error(r, ST_INVALID, "format must be csv, json or xlsx");
		return ST_OK;
	}
	struct plan *p;
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	const char *indicator = req_query(r, "indicator");
	if (indicator && plan_find_indicator(p, indicator) < 0) {
		req_json_error(r, ST_NOT_FOUND, "no such indicator in the plan");
		return ST_OK;
	}
	rc = export_observations(r->store, r->arena, p, indicator, f, &r->out);
	if (rc == ST_TOO_LARGE) { /* the answer, not the request: say how to ask for less */
		buf_reset(&r->out);
		req_json_error_full(r, rc, "too_large", req_t(r, "export.too_large"), NULL);
		return rc;
	}
	if (rc != ST_OK)
		return rc;
	static const char *const ext[] = {"csv", "json", "xlsx"};
	r->content_type = export_format_mime(f);
	/* the indicator code is one of the plan's (checked above), so it is safe in the header */
	req_add_header(r, "Content-Disposition",
		       arena_printf(r->arena, "attachment; filename=\"%s-%s.%s\"", p->info.code,
				    indicator ? indicator : "observations", ext[f]));
	return ST_OK;
}
