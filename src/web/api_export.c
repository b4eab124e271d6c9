/* api_export.c - GET /api/v1/export?format=csv|json|xlsx: the open data, every published
 * observation with its provenance in the stable layout of docs/data.md (report/export.h).
 * Public: only published revisions ever appear, whoever asks. */
#include <string.h>

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
	rc = export_observations(r->store, r->arena, p, f, &r->out);
	if (rc != ST_OK)
		return rc;
	static const char *const ext[] = {"csv", "json", "xlsx"};
	r->content_type = export_format_mime(f);
	req_add_header(r, "Content-Disposition",
		       arena_printf(r->arena, "attachment; filename=\"%s-observations.%s\"", p->info.code, ext[f]));
	return ST_OK;
}
