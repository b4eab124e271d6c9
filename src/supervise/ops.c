/* ops.c - the operations of task supervision (see supervise.h): each checks its input, then
 * makes one store write that carries the events the change causes (inbox, webhook), so that a
 * change and its notifications happen together or not at all. Callers check who may act
 * (authz); these check what may be done. */
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/utf8.h"
#include "supervise/supervise.h"
#include "base/banned.h"

#define FIGURE_NOTE_MAX_BYTES 500u

static enum status refuse(struct sup_error *err, enum status st, const char *code, const char *field, const char *msg)
{
	err->code = code, err->field = field, err->msg = msg;
	return st;
}

/* A text a user typed: valid UTF-8, at most max bytes, no control characters but newlines and
 * tabs. */
static int text_ok(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n > max || (s && !utf8_valid(s, n, NULL)))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f)
			return 0;
	}
	return 1;
}

static int is_blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t')
			return 0;
	return 1;
}

/* ---- cycles ---------------------------------------------------------------------------------- */

enum status sup_cycle_find(struct store *s, struct arena *a, const char *plan_code, const char *period_text,
			   struct sup_cycle **out, struct sup_error *err)
{
	struct period per;
	char canon[PERIOD_TEXT_MAX];
	if (!period_text || !period_parse(period_text, strlen(period_text), &per))
		return refuse(err, ST_INVALID, "bad_period", "period", "not a period: write 2025Q3, 2025-07 or 2025");
	period_format(&per, canon);
	enum status rc = store_sup_cycle_get(s, a, plan_code, canon, out);
	if (rc == ST_NOT_FOUND)
		return refuse(err, rc, "no_cycle", "period", "no reporting cycle of this plan was opened for this period");
	return rc;
}

enum status sup_cycle_current(struct store *s, struct arena *a, const char *plan_code, struct sup_cycle **out)
{
	struct sup_cycle *rows;
	size_t n;
	enum status rc = store_sup_cycles(s, a, plan_code, &rows, &n);
	if (rc != ST_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (rows[i].is_open) {
			*out = &rows[i];
			return ST_OK;
		}
	return ST_NOT_FOUND;
}

enum status sup_cycle_open(struct store *s, struct arena *a, const struct plan *p, const char *period_text,
			   const char *deadline_text, struct sup_cycle **out, struct sup_error *err)
{
	struct period per;
	char canon[PERIOD_TEXT_MAX], deadline[32];
	time_t dl;
	if (!period_text || !period_parse(period_text, strlen(period_text), &per))
		return refuse(err, ST_INVALID, "bad_period", "period", "not a period: write 2025Q3, 2025-07 or 2025");
	/* a draft is not in force: nobody owes progress on it, and its units cannot see it */
	if (p->info.status == PLAN_STATUS_DRAFT)
		return refuse(err, ST_CONFLICT, "plan_draft", "plan",
			      "this plan is a draft: put it in force before opening a reporting cycle for it");
	if (!sup_deadline_parse(deadline_text, &dl))
		return refuse(err, ST_INVALID, "bad_deadline", "deadline",
			      "not a deadline: write a date (2025-10-15, the end of that day in Beijing time) or a UTC time"
			      " (2025-10-15T08:00:00Z)");
	period_format(&per, canon);
	clock_format_utc(dl, deadline);
	struct sup_duty *duties = arena_calloc(a, p->n_resps + 1, sizeof(*duties));
	struct sup_event *evs = arena_calloc(a, p->n_units + 1, sizeof(*evs));
	size_t n_ev = 0;
	for (size_t i = 0; i < p->n_resps; i++)
		duties[i] = (struct sup_duty){p->resps[i].measure_number, p->resps[i].unit_code, p->resps[i].role};
	for (size_t u = 0; u < p->n_units; u++) {
		int has_duty = 0;
		for (size_t i = 0; i < p->n_resps && !has_duty; i++)
			has_duty = strcmp(p->resps[i].unit_code, p->units[u].code) == 0;
		if (!has_duty)
			continue;
		evs[n_ev++] = (struct sup_event){
			.kind = "cycle.opened",
			.object_type = "cycle",
			.plan_code = p->info.code,
			.unit = p->units[u].code,
			.period = arena_strdup(a, canon),
			.link = arena_printf(a, "/reporting?cycle=%s&plan=%s", canon, p->info.code),
			.text = arena_printf(a, "%s 进展报告截止 %s", canon, deadline),
			.dedup_key = arena_printf(a, "cycle.opened:%s:%s:%s", p->info.code, canon, p->units[u].code),
			.to_unit = 1,
		};
	}
	long long id;
	enum status rc = store_sup_cycle_open(s, p->info.code, canon, deadline, duties, p->n_resps, evs, n_ev, &id);
	if (rc == ST_CONFLICT)
		return refuse(err, rc, "cycle_exists", "period", "a reporting cycle of this plan was already opened for this period");
	if (rc != ST_OK)
		return rc;
	return store_sup_cycle_get(s, a, p->info.code, canon, out);
}

enum status sup_cycle_owed(struct store *s, struct arena *a, const struct sup_cycle *c, time_t now, struct sup_owed **rows,
			   size_t *n)
{
	struct sup_duty *duties;
	struct sup_report *reports;
	size_t n_duties, n_reports;
	time_t deadline = 0;
	enum status rc = store_sup_duties(s, a, c->id, &duties, &n_duties);
	if (rc == ST_OK)
		rc = store_sup_reports(s, a, c->id, 0, NULL, &reports, &n_reports);
	if (rc != ST_OK)
		return rc;
	if (!clock_parse_utc(c->deadline, &deadline))
		deadline = 0;
	*rows = arena_calloc(a, n_duties + 1, sizeof(**rows));
	*n = n_duties;
	for (size_t i = 0; i < n_duties; i++) {
		struct sup_owed *o = &(*rows)[i];
		o->duty = duties[i];
		for (size_t k = 0; k < n_reports; k++)
			if (reports[k].measure == duties[i].measure && strcmp(reports[k].unit, duties[i].unit) == 0)
				o->report = &reports[k];
		o->timeliness = sup_timeliness(o->report ? o->report->first_submitted_at : NULL, deadline, now);
	}
	return ST_OK;
}

/* ---- reports --------------------------------------------------------------------------------- */

/* Check the figures text against the measure's linked indicators; *out gets it re-encoded
 * (compact, in a). */
static enum status check_figures(struct arena *a, const struct plan *p, int measure, const char *text, const char **out,
				 struct sup_error *err)
{
	json_error_t jerr;
	*out = "[]";
	if (!text || !*text)
		return ST_OK;
	json_t *arr = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	enum status rc = ST_OK;
	if (!json_is_array(arr)) {
		json_decref(arr);
		return refuse(err, ST_INVALID, "bad_figures", "figures", "figures must be a JSON array of {indicator, value, note}");
	}
	size_t i;
	json_t *f;
	json_array_foreach(arr, i, f) {
		const char *key;
		json_t *v;
		const char *code = json_string_value(json_object_get(f, "indicator"));
		int ind = code ? plan_find_indicator(p, code) : -1;
		if (!json_is_object(f) || ind < 0 || p->indicators[ind].measure < 0 ||
		    p->measures[p->indicators[ind].measure].number != measure) {
			rc = refuse(err, ST_INVALID, "bad_figures", "figures",
				    "each figure names an indicator linked to the measure (its code)");
			break;
		}
		json_t *value = json_object_get(f, "value");
		json_t *note = json_object_get(f, "note");
		if ((value && !json_is_number(value) && !json_is_null(value)) || (note && !json_is_string(note)) ||
		    (note && !text_ok(json_string_value(note), FIGURE_NOTE_MAX_BYTES))) {
			rc = refuse(err, ST_INVALID, "bad_figures", "figures",
				    "a figure's value is a number (or null) and its note a text of at most 500 bytes");
			break;
		}
		json_object_foreach(f, key, v) {
			if (strcmp(key, "indicator") != 0 && strcmp(key, "value") != 0 && strcmp(key, "note") != 0) {
				rc = refuse(err, ST_INVALID, "bad_figures", "figures",
					    "a figure has only the fields indicator, value and note");
				break;
			}
		}
		if (rc != ST_OK)
			break;
	}
	if (rc == ST_OK) {
		char *dump = json_dumps(arr, JSON_COMPACT | JSON_SORT_KEYS);
		*out = arena_strdup(a, dump ? dump : "[]");
		free(dump);
	}
	json_decref(arr);
	return rc;
}

static enum status write_failed(enum status rc, struct sup_error *err)
{
	if (rc == ST_NOT_FOUND)
		return refuse(err, rc, "not_owed", "measure", "the cycle owes no report of this unit on this measure");
	if (rc == ST_CONFLICT)
		return refuse(err, rc, "conflict_state", NULL,
			      "the report cannot make this move now: it was submitted already, the cycle is closed, or another"
			      " change came first (reload and try again)");
	return rc;
}

enum status sup_report_save(struct store *s, struct arena *a, const struct plan *p, const struct sup_cycle *c,
			    int measure, const char *unit, const struct sup_report_input *in, int is_submit,
			    int expect_revision, struct sup_report **out, struct sup_error *err)
{
	struct sup_report_write w = {c->id, measure, unit, is_submit ? REPORT_SUBMITTED : REPORT_DRAFT, PROGRESS_NOT_STARTED,
				     NULL, NULL, NULL, expect_revision};
	if (!c->is_open)
		return refuse(err, ST_CONFLICT, "cycle_closed", NULL, "the reporting cycle is closed");
	if (in) {
		if ((unsigned)in->progress >= REPORT_PROGRESS_COUNT)
			return refuse(err, ST_INVALID, "bad_progress", "progress",
				      "progress is not_started, on_track, delayed or done");
		if (!text_ok(in->narrative, SUP_NARRATIVE_MAX_BYTES))
			return refuse(err, ST_INVALID, "too_long", "narrative",
				      "the narrative is longer than 20000 bytes or holds control characters");
		if (is_submit && is_blank(in->narrative))
			return refuse(err, ST_INVALID, "narrative_missing", "narrative",
				      "a submitted report needs a narrative of the progress made");
		enum status rc = check_figures(a, p, measure, in->figures, &w.figures, err);
		if (rc != ST_OK)
			return rc;
		w.progress = in->progress;
		w.narrative = in->narrative ? in->narrative : "";
	} else if (is_submit) {
		/* submitting the newest draft as it is: it too needs a narrative */
		struct sup_report *rows;
		size_t n;
		enum status rc = store_sup_reports(s, a, c->id, measure, unit, &rows, &n);
		if (rc != ST_OK)
			return rc;
		if (n && is_blank(rows[0].narrative))
			return refuse(err, ST_INVALID, "narrative_missing", "narrative",
				      "a submitted report needs a narrative of the progress made");
	}
	struct sup_event ev = {
		.kind = "report.submitted",
		.object_type = "report",
		.plan_code = c->plan_code,
		.unit = unit,
		.measure = measure,
		.period = c->period,
		.to_department = 1,
	};
	return write_failed(store_sup_report_write(s, a, &w, is_submit ? &ev : NULL, out), err);
}

enum status sup_report_review(struct store *s, struct arena *a, const struct sup_cycle *c, int measure, const char *unit,
			      int is_approve, const char *reason, int expect_revision, struct sup_report **out,
			      struct sup_error *err)
{
	if (!is_approve && (is_blank(reason) || !text_ok(reason, SUP_TEXT_MAX_BYTES)))
		return refuse(err, ST_INVALID, "reason_missing", "reason",
			      "a returned report needs a reason (at most 4000 bytes) telling the unit what to change");
	struct sup_report_write w = {c->id, measure, unit, is_approve ? REPORT_APPROVED : REPORT_RETURNED,
				     PROGRESS_NOT_STARTED, NULL, NULL, is_approve ? NULL : reason, expect_revision};
	struct sup_event ev = {
		.kind = is_approve ? "report.approved" : "report.returned",
		.object_type = "report",
		.plan_code = c->plan_code,
		.unit = unit,
		.measure = measure,
		.period = c->period,
		.text = is_approve ? NULL : reason,
		.to_unit = 1,
	};
	return write_failed(store_sup_report_write(s, a, &w, &ev, out), err);
}

enum status sup_evidence_add(struct store *s, struct arena *a, const struct sup_settings *cfg,
			     const struct sup_cycle *c, int measure, const char *unit, const char *name, const void *data,
			     size_t len, long long user_id, long long *id, struct sup_error *err)
{
	const struct sup_file_kind *kind;
	const char *clean;
	*id = 0;
	enum status rc = sup_evidence_check(a, data, len, name, cfg->evidence_max_bytes, &kind, &clean, err);
	if (rc != ST_OK)
		return rc;
	if (!c->is_open)
		return refuse(err, ST_CONFLICT, "cycle_closed", NULL, "the reporting cycle is closed");
	if (cfg->scan_command && *cfg->scan_command) {
		rc = sup_evidence_scan(cfg->scan_command, data, len, err);
		if (rc != ST_OK)
			return rc;
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	struct sup_evidence e = {
		.cycle_id = c->id,
		.user_id = user_id,
		.measure = measure,
		.unit = unit,
		.file_name = clean,
		.kind = kind->kind,
		.content_type = kind->content_type,
		.sha256 = hex,
		.size = len,
		.content = data,
	};
	rc = store_sup_evidence_add(s, &e, id);
	if (rc == ST_NOT_FOUND)
		return refuse(err, rc, "not_owed", "measure", "the cycle owes no report of this unit on this measure");
	if (rc == ST_CONFLICT)
		return refuse(err, rc, "cycle_closed", NULL, "the reporting cycle is closed");
	return rc;
}

/* ---- notices --------------------------------------------------------------------------------- */

/* The period notices of plan_code not tied to a cycle belong to: the plan's open cycle's, else
 * the quarter of now. */
const char *sup_notice_period(struct store *s, struct arena *a, const char *plan_code, time_t now)
{
	struct sup_cycle *c;
	if (sup_cycle_current(s, a, plan_code, &c) == ST_OK)
		return c->period;
	struct period q = sup_quarter_of(now);
	char *text = arena_alloc(a, PERIOD_TEXT_MAX);
	period_format(&q, text);
	return text;
}

enum status sup_notice_raise_manual(struct store *s, const struct plan *p, const char *unit, int measure,
				    const char *subject, const char *body, int reply_days, long long *id,
				    struct sup_error *err)
{
	int has_duty = 0;
	for (size_t i = 0; i < p->n_resps; i++)
		has_duty |= p->resps[i].measure_number == measure && unit && strcmp(p->resps[i].unit_code, unit) == 0;
	if (!unit || plan_find_unit(p, unit) < 0)
		return refuse(err, ST_INVALID, "bad_unit", "unit", "unknown unit: give its code");
	if (plan_find_measure(p, measure) < 0 || !has_duty)
		return refuse(err, ST_INVALID, "bad_measure", "measure", "the unit leads or shares no measure with this number");
	if (is_blank(subject) || !text_ok(subject, SUP_TEXT_MAX_BYTES))
		return refuse(err, ST_INVALID, "subject_missing", "subject", "a notice needs a subject of at most 4000 bytes");
	if (body && !text_ok(body, SUP_NARRATIVE_MAX_BYTES))
		return refuse(err, ST_INVALID, "too_long", "body", "the text is longer than 20000 bytes or holds control characters");
	if (reply_days < 1 || reply_days > 365)
		return refuse(err, ST_INVALID, "bad_reply_days", "reply_days", "reply_days is a whole number from 1 to 365");
	struct arena *a = arena_new();
	time_t now = clock_now();
	char due[32];
	clock_format_utc(sup_reply_due(now, reply_days), due);
	struct sup_notice n = {
		.plan_code = p->info.code,
		.unit = unit,
		.measure = measure,
		.period = sup_notice_period(s, a, p->info.code, now),
		.subject = subject,
		.body = body && *body ? body : NULL,
		.reply_due = due,
	};
	struct sup_event ev = {
		.kind = "notice.raised",
		.object_type = "notice",
		.plan_code = p->info.code,
		.unit = unit,
		.measure = measure,
		.period = n.period,
		.text = subject,
		.to_unit = 1,
	};
	int is_new;
	enum status rc = store_sup_notice_raise(s, &n, &ev, id, &is_new);
	arena_free(a);
	if (rc == ST_INVALID)
		return refuse(err, rc, "bad_unit", "unit", "unknown unit: give its code");
	return rc;
}

static enum status notice_failed(enum status rc, struct sup_error *err)
{
	if (rc == ST_NOT_FOUND)
		return refuse(err, rc, "notice_not_found", NULL, "no such notice");
	if (rc == ST_CONFLICT)
		return refuse(err, rc, "notice_closed", NULL, "the notice is closed");
	return rc;
}

enum status sup_notice_reply(struct store *s, struct arena *a, long long id, const char *body, struct sup_error *err)
{
	struct sup_notice *n;
	if (is_blank(body) || !text_ok(body, SUP_NARRATIVE_MAX_BYTES))
		return refuse(err, ST_INVALID, "body_missing", "body", "a reply needs a text of at most 20000 bytes");
	enum status rc = store_sup_notice_get(s, a, id, &n);
	if (rc != ST_OK)
		return notice_failed(rc, err);
	struct sup_event ev = {
		.kind = "notice.answered",
		.object_type = "notice",
		.object_id = id,
		.plan_code = n->plan_code,
		.unit = n->unit,
		.measure = n->measure,
		.period = n->period,
		.text = body,
		.to_department = 1,
	};
	return notice_failed(store_sup_notice_reply(s, id, body, &ev), err);
}

enum status sup_notice_close(struct store *s, struct arena *a, long long id, const char *note, struct sup_error *err)
{
	struct sup_notice *n;
	if (note && !text_ok(note, SUP_TEXT_MAX_BYTES))
		return refuse(err, ST_INVALID, "too_long", "note", "the note is longer than 4000 bytes or holds control characters");
	enum status rc = store_sup_notice_get(s, a, id, &n);
	if (rc != ST_OK)
		return notice_failed(rc, err);
	struct sup_event ev = {
		.kind = "notice.closed",
		.object_type = "notice",
		.object_id = id,
		.plan_code = n->plan_code,
		.unit = n->unit,
		.measure = n->measure,
		.period = n->period,
		.text = note && *note ? note : NULL,
		.to_unit = 1,
	};
	return notice_failed(store_sup_notice_close(s, id, note && *note ? note : NULL, &ev), err);
}
