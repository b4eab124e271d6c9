/* projections.h - the plan folder's projections.csv: which indicator each evaluation method's
 * registry count stands beside (docs/firms.md), checked against the plan. */
#ifndef INNOMON_INGEST_PROJECTIONS_H
#define INNOMON_INGEST_PROJECTIONS_H

#include "base/arena.h"
#include "base/diag.h"
#include "base/status.h"
#include "core/plan.h"
#include "store/firms.h"

#define PROJECTIONS_NEAR_DEFAULT 10

/* Read the projections file buf[0..len) (CSV or XLSX; columns indicator / 指标, method / 评价方法,
 * near_points / 临近分值 optional) against plan p. An indicator is a code or a Chinese name of p,
 * a method a firm_method_code, near_points a whole number 0..100 (default 10); an indicator given
 * twice is an error. ST_OK with *rows (in a); ST_INVALID with every error in diags (file, row,
 * column). */
enum status projections_read(struct arena *a, const struct plan *p, const char *file, const void *buf, size_t len,
			     struct firm_projection **rows, size_t *n, struct diag_list *diags) WUR;

#endif
