/* indicator_tabs.h - the parts of an indicator's page beside its targets (indicator_tabs.c):
 * the tab links, the metadata tab, the comparison of regions, the chart downloads. */
#ifndef INNOMON_WEB_INDICATOR_TABS_H
#define INNOMON_WEB_INDICATOR_TABS_H

#include "core/obs.h"
#include "core/plan.h"
#include "report/assess.h"
#include "web/req.h"

/* The page's tabs: 概览 (tab NULL or "overview") and 元数据 ("meta"), each a link, the current
 * one marked. Returns whether tab names the metadata tab (anything unknown is the overview). */
int indicator_tab_nav(struct req *r, const struct indicator *d, const char *tab);
/* The metadata tab: definition, method, source agency, frequency, data owner, latest period,
 * last updated, next release, each in the reader's language or marked "Chinese only"; own[0..n_own)
 * the indicator's current values the reader may see (app_indicator_view). */
void indicator_meta_section(struct req *r, const struct plan *p, int ind, const struct obs *own, size_t n_own);
/* The regions' figures for the latest period at least two of them have, as bars (a table for
 * ranks and classes), with the same figures as a table behind a details toggle. Nothing when
 * fewer than two regions have a figure for one period. */
void indicator_compare_section(struct req *r, const struct plan *p, int ind, const struct obs *cur, size_t n_cur);
/* Links to each target chart as SVG and PNG. */
void indicator_chart_downloads(struct req *r, const struct plan *p, const struct assess_row *rows, size_t n_rows);

#endif
