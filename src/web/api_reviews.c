/* api_reviews.c - a reviewer's verdict on a qualitative target (targets.csv comparator
 * qualitative, an indicator of scale judgement): POST /api/v1/reviews and the indicator page's
 * form share target_review. The verdict is the department's judgement from milestones and
 * evidence, stored as a published revision of the indicator's value for the year judged (1 met,
 * 0 not met) with the reason as its note and the reviewer as its author, audited as
 * "target.review": nothing is overwritten, a later review is a new revision, and
 * judge_target reads it like any figure (docs/methodology.md section 5). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/num.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "core/period.h"
#include "report/plan_json.h"
#include "store/store.h"
#include "web/api.h"
#include "web/route.h"
#include "base/banned.h"

#define REVIEW_REASON_MAX_BYTES 4000u
/* The first year a period can name (core/period.c): a review is of a year up to the target's. */
#define REVIEW_YEAR_MIN 1900

static void problem(json_t *details, const char *field, const char *code, const char *message)
{
	json_array_append_new(details, json_pack("{s:s, s:s, s:s}", "field", field, "code", code, "message", message));
}

/* The qualitative target of indicator ind in region reg, or -1. */
static int qualitative_target(const struct plan *p, int ind, int reg)
{
	for (size_t i = 0; i < p->n_targets; i++)
		if (p->targets[i].indicator == ind && p->targets[i].region == reg && p->targets[i].cmp == CMP_QUALITATIVE)
			return (int)i;
	return -1;
}

enum status target_review(struct req *r, const char *indicator, const char *region, const char *year_text,
			  const char *verdict, const char *reason, json_t **details, struct obs **out)
{
	struct plan *p;
	*out = NULL;
	*details = json_array();
	enum status rc = req_plan(r, &p);
	if (rc != ST_OK)
		return rc;
	int ind = indicator ? plan_find_indicator(p, indicator) : -1;
	int reg = region ? plan_find_region(p, region) : -1;
	int ti = ind >= 0 && reg >= 0 ? qualitative_target(p, ind, reg) : -1;
	if (ind < 0)
		problem(*details, "indicator", "unknown_reference", req_t(r, "qreview.bad_indicator"));
	else if (reg < 0)
		problem(*details, "region", "unknown_reference", req_t(r, "qreview.bad_region"));
	else if (ti < 0)
		problem(*details, "indicator", "not_qualitative", req_t(r, "qreview.not_qualitative"));
	int64_t year = 0;
	if (ti >= 0 && (!year_text || !num_parse_int(str_of(year_text), REVIEW_YEAR_MIN, p->targets[ti].year, &year)))
		problem(*details, "year", "bad_year", req_t(r, "qreview.bad_year"));
	int is_met = verdict && strcmp(verdict, "met") == 0;
	if (!is_met && !(verdict && strcmp(verdict, "not_met") == 0))
		problem(*details, "verdict", "bad_value", req_t(r, "qreview.bad_verdict"));
	size_t reason_len = reason ? strlen(reason) : 0, bad_at;
	struct str trimmed = str_trim((struct str){reason ? reason : "", reason_len});
	if (trimmed.len == 0)
		problem(*details, "reason", "missing", req_t(r, "qreview.no_reason"));
	else if (reason_len > REVIEW_REASON_MAX_BYTES || !utf8_valid(reason, reason_len, &bad_at))
		problem(*details, "reason", "bad_value", req_t(r, "qreview.bad_reason"));
	if (json_array_size(*details))
		return ST_INVALID;

	char period_text[16];
	snprintf(period_text, sizeof(period_text), "%d", (int)year);
	struct period per;
	if (!period_parse(period_text, strlen(period_text), &per))
		BUG("year %s does not parse as a period", period_text);
	struct obs_key key = {p->indicators[ind].code, p->regions[reg].code, period_text};
	struct obs *prev;
	rc = store_obs_latest(r->store, r->arena, &key, 1, &prev);
	if (rc != ST_OK)
		return rc;
	struct obs row = {
		.indicator = key.indicator,
		.region = key.region,
		.period = arena_strdup(r->arena, period_text),
		.period_t = period_time(&per),
		.revision = prev ? prev->revision + 1 : 1,
		.value = is_met ? 1 : 0,
		.status = OBS_PUBLISHED,
		.note = arena_strndup(r->arena, trimmed.p, trimmed.len),
	};
	struct obs_batch batch = {.who = r->principal.name, .action = "target.review"};
	long long batch_id;
	rc = store_obs_write(r->store, &batch, &row, 1, &batch_id);
	if (rc != ST_OK)
		return rc;
	return store_obs_latest(r->store, r->arena, &key, 1, out);
}

enum status api_reviews_post(struct req *r)
{
	static const char *const fields[] = {"indicator", "region", "year", "verdict", "reason", NULL};
	json_t *body; /* released with the request's arena */
	if (req_json_body(r, fields, &body) != ST_OK)
		return ST_INVALID;
	char year[32] = "";
	json_t *y = json_object_get(body, "year");
	if (json_is_integer(y))
		snprintf(year, sizeof(year), "%lld", (long long)json_integer_value(y));
	else if (json_is_string(y))
		snprintf(year, sizeof(year), "%s", json_string_value(y));
	json_t *details;
	struct obs *o;
	enum status rc = target_review(r, json_get_string(body, "indicator"), json_get_string(body, "region"), year,
				       json_get_string(body, "verdict"), json_get_string(body, "reason"), &details, &o);
	if (rc == ST_INVALID) {
		req_json_error_full(r, ST_INVALID, "invalid", req_t(r, "qreview.invalid"), details);
		return ST_INVALID;
	}
	json_decref(details);
	if (rc != ST_OK)
		return rc;
	r->status = 201;
	return req_send_json(r, obs_to_json(o));
}
