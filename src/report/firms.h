/* firms.h - enterprise evaluation as the front ends need it (docs/firms.md): firms read from
 * the store (the firms registry with the certificates of the enterprises registry), one JSON
 * shape for a firm's evaluation and for a row of the list (CLI --json and the API alike), and
 * the projection model: the pipeline counts per region and year with, for every indicator the
 * plan folder maps to a method (store/firms.h), the target, the reported figure and the count
 * the registry projects, every count passed through firm_counts_shown for the reader. */
#ifndef INNOMON_REPORT_FIRMS_H
#define INNOMON_REPORT_FIRMS_H

#include <jansson.h>

#include "base/status.h"
#include "core/authz.h"
#include "core/eval.h"
#include "core/obs.h"
#include "core/pipeline.h"
#include "core/plan.h"

struct store;

/* Every firm of the registry, sorted by code (core/firm_load.h). */
enum status firms_read_all(struct store *s, struct arena *a, const struct plan *p, struct firm **out, size_t *n) WUR;
/* The firm with credit code code; ST_NOT_FOUND when the registry has no row of it. */
enum status firms_read_one(struct store *s, struct arena *a, const struct plan *p, const char *code, struct firm **out) WUR;
/* The firm with credit code code as reader may see it, with *year its figures' year (given, or
 * 0 for its latest). ST_DENIED when the firm lies outside the reader's scope, whether or not it
 * exists (a code cannot be probed); ST_NOT_FOUND (the department only) when there is no such
 * firm. The decision is firm_may_see's. */
enum status firms_open(struct store *s, struct arena *a, const struct plan *p, const struct principal *reader, const char *code,
		       int *year, struct firm **out) WUR;
/* The firms of firms[0..n) with figures for year, in region (plan index, -1 all) or below it,
 * that reader may see: pointers into firms, in order, in a. */
size_t firms_visible(struct arena *a, const struct plan *p, const struct principal *reader, const struct firm *firms, size_t n,
		     int year, int region, const struct firm ***out);

/* The latest year any of firms[0..n) has figures for, 0 when none. */
int firms_latest_year(const struct firm *firms, size_t n);

/* A firm's evaluation for year (res: firm_evaluate_all) as a new JSON object: code, name,
 * region, year, tier, next_tier, and per method its rules, verdict, score range, every item
 * (rule, basis, figure, band, points, state, note) and every lift; texts in both languages. */
json_t *firm_eval_json(const struct plan *p, const struct firm *f, int year, const struct eval_result *res);
/* A firm's list row: code, name, region, year, tier, and per method verdict and score range. */
json_t *firm_row_json(const struct plan *p, const struct firm *f, int year, const struct eval_result *res);

/* ---- the projection model ---------------------------------------------------------------- */

/* A count as a reader may see it: is_shown 0 means suppressed (value withheld). */
struct shown_count {
	long value;
	int is_shown;
};

struct projection_row {
	int indicator, region, target; /* plan indexes; target -1 when the region has none that year */
	enum firm_method method;
	int near_points;
	int has_reported;              /* the indicator's current value for the region and year */
	double reported;
	const char *reported_period;
	struct shown_count evaluated, qualifies, reach, open;
};

struct firm_projections {
	int year;
	size_t n_regions;                     /* = plan regions */
	struct pipeline_row *rows;            /* per region, exact (for the department) */
	struct shown_count (*shown)[1 + 3 * FM_N]; /* per region: evaluated, then qualifies, reach, open per method */
	int near_points[FM_N];
	struct projection_row *proj;
	size_t n_proj;
	size_t n_firms;                       /* firms in the registry */
};

/* Build the model for year (0: the latest year of the registry) as reader sees it (NULL or an
 * anonymous principal: the public, suppressed counts). Values for the reported figures are read
 * with view. ST_NOT_FOUND when the registry holds no firm. */
enum status firm_projections_build(struct store *s, struct arena *a, const struct plan *p, int year, const struct principal *reader,
				   enum obs_view view, struct firm_projections *out) WUR;
/* Index into firm_projections.shown[g] of what for method m ("evaluated" ignores m). */
size_t projection_col(const char *what, enum firm_method m);
/* The model as JSON (API and CLI): year, regions with their counts (null when suppressed) and
 * the projections. */
json_t *firm_projections_json(const struct plan *p, const struct firm_projections *fp);

#endif
