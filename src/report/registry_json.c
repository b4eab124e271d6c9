/* registry_json.c - registry records as JSON (see registry_json.h). */
#include <stdlib.h>

#include "report/registry_json.h"
#include "base/banned.h"

int registry_record_in_scope(const struct plan *p, enum reg_kind k, const struct reg_record *rec, const unsigned char *flags)
{
	if (!flags)
		return 1;
	const char *code = rec->vals[reg_kind_info(k)->region_field];
	int r = code ? plan_find_region(p, code) : -1;
	return r >= 0 && flags[r];
}

json_t *registry_records_json(const struct plan *p, enum reg_kind k, const struct reg_record *recs, size_t n, int region,
			      size_t *n_shown)
{
	const struct reg_kind_info *info = reg_kind_info(k);
	unsigned char *flags = NULL;
	if (region >= 0) {
		flags = calloc(p->n_regions ? p->n_regions : 1, 1);
		if (!flags)
			abort();
		reg_region_scope(p, region, flags);
	}
	json_t *arr = json_array();
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (!registry_record_in_scope(p, k, &recs[i], flags))
			continue;
		json_t *o = json_object();
		for (size_t f = 0; f < info->n_fields; f++)
			json_object_set_new(o, info->fields[f].name, recs[i].vals[f] ? json_string(recs[i].vals[f]) : json_null());
		json_object_set_new(o, "revision", json_integer(recs[i].revision));
		json_object_set_new(o, "created_at", recs[i].created_at ? json_string(recs[i].created_at) : json_null());
		json_object_set_new(o, "created_by", recs[i].created_by ? json_string(recs[i].created_by) : json_null());
		json_array_append_new(arr, o);
		shown++;
	}
	free(flags);
	if (n_shown)
		*n_shown = shown;
	return arr;
}
