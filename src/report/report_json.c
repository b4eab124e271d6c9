/* report_json.c - the evaluation report's model as JSON (innomon report --format json): the
 * plan, the period and the edition, the summary of the headline targets by verdict (the same
 * assess_summary_json the dashboard, the API and the CLI show), every target judged with its
 * verdict in words in the document's language, goal groups, data-quality notes by kind and the
 * provenance. Machine-readable twin of the HTML/PDF/XLSX/MD writers. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

#include "report/assess.h"
#include "report/explain.h"
#include "report/plan_json.h"
#include "report/report.h"
#include "base/banned.h"

static json_t *must(json_t *j)
{
	if (!j)
		BUG("jansson allocation failed");
	return j;
}

static void set(json_t *o, const char *k, json_t *v)
{
	if (json_object_set_new(o, k, must(v)) != 0)
		BUG("json_object_set_new(%s) failed", k);
}

static void push(json_t *arr, json_t *v)
{
	if (json_array_append_new(arr, must(v)) != 0)
		BUG("json_array_append_new failed");
}

static json_t *targets_json(const struct report_doc *d, struct assess_row *rows)
{
	const struct evaluation *ev = d->ev;
	json_t *arr = must(json_array());
	for (size_t i = 0; i < ev->n_targets; i++) {
		const struct eval_target *t = &ev->targets[i];
		rows[i] = t->row;
		json_t *o = assess_row_json(ev->plan, &t->row);
		set(o, "is_headline", json_boolean(t->is_headline));
		struct buf w;
		buf_init(&w, 512);
		explain_verdict(&w, d->lang, ev->plan, &t->row);
		set(o, "verdict_text", json_string(buf_str(&w)));
		buf_release(&w);
		push(arr, o);
	}
	return arr;
}

static json_t *groups_json(const struct evaluation *ev)
{
	json_t *arr = must(json_array());
	for (size_t g = 0; g < ev->n_groups; g++) {
		const struct eval_group *gr = &ev->groups[g];
		json_t *o = must(json_object()), *counts = must(json_object());
		set(o, "goal", json_string(ev->plan->goals[gr->goal].code));
		set(o, "n_targets", json_integer((json_int_t)gr->n_targets));
		for (size_t v = 0; v < VERDICT__COUNT; v++)
			set(counts, verdict_name((enum verdict)v), json_integer((json_int_t)gr->n_verdict[v]));
		set(o, "verdicts", counts);
		push(arr, o);
	}
	return arr;
}

enum status report_json(const struct report_doc *d, struct buf *out)
{
	const struct evaluation *ev = d->ev;
	const struct plan_info *pi = &ev->plan->info;
	struct assess_row *rows = xcalloc(ev->n_targets + 1, sizeof(*rows));
	json_t *o = must(json_object());
	set(o, "plan", json_string(pi->code));
	set(o, "plan_version", json_integer(ev->prov.plan_version));
	set(o, "title", json_string(d->title));
	set(o, "period", json_string(ev->period));
	set(o, "is_final", json_boolean(ev->is_final));
	set(o, "edition", json_string(ev->prov.is_public ? "public" : "internal"));
	set(o, "lang", json_string(lang_code(d->lang)));
	set(o, "issuer", json_string(d->issuer ? d->issuer : ""));
	set(o, "generated", json_string(ev->prov.generated_utc ? ev->prov.generated_utc : ""));
	json_t *targets = targets_json(d, rows);
	set(o, "n_targets", json_integer((json_int_t)ev->n_targets));
	set(o, "n_headline", json_integer((json_int_t)ev->n_headline));
	set(o, "summary", assess_summary_json(ev->plan, rows, ev->n_targets));
	set(o, "targets", targets);
	set(o, "groups", groups_json(ev));
	json_t *notes = must(json_object());
	static const char *const kinds[EN__COUNT] = {
		[EN_MISSING_FINAL] = "missing_final", [EN_MISSING_PERIOD] = "missing_period", [EN_PENDING] = "pending",
		[EN_RULE] = "rule",		      [EN_DISCREPANCY] = "discrepancy",	      [EN_FORMULA_DIFF] = "formula_diff",
		[EN_BASELINE] = "baseline"};
	for (size_t k = 0; k < EN__COUNT; k++) /* every note found, also those the report does not list */
		set(notes, kinds[k], json_integer((json_int_t)ev->n_note_kind[k]));
	set(o, "notes", notes);
	json_t *prov = must(json_object());
	set(prov, "n_values", json_integer((json_int_t)ev->prov.n_values));
	set(prov, "n_audit_events", json_integer(ev->prov.n_audit_events));
	set(prov, "audit_head", json_string(ev->prov.audit_head ? ev->prov.audit_head : ""));
	set(prov, "audit_intact", json_boolean(ev->prov.audit_intact));
	set(prov, "plan_digest", json_str_or_null(ev->prov.plan_digest));
	set(o, "provenance", prov);
	free(rows);
	char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	json_decref(o);
	if (!text)
		BUG("json_dumps failed");
	enum status rc = buf_puts(out, text);
	if (rc == ST_OK)
		rc = buf_putc(out, '\n');
	free(text);
	return rc;
}
