/* fmt.h - how numbers, targets and units read in each language (shared by pages and reports). */
#ifndef INNOMON_REPORT_FMT_H
#define INNOMON_REPORT_FMT_H

#include "base/buf.h"
#include "core/obs.h"
#include "core/plan.h"
#include "report/i18n.h"

/* A value with the indicator's decimals, thousands grouped ("30,000", "50.5"). */
void fmt_value(struct buf *b, double v, int decimals);
/* A target in words: "≥ 142", "> 30,000", "3–5", "each year ≥ 700", "保位进位", "3%左右（±0.5）",
 * "2020—2025年年均增长不低于7%", "较2019年下降不少于10%", "Ⅱ类或更好", "定性目标（评审认定）", ...
 * with the unit where a number is shown (in the plan's own unit when the target was written in
 * another), then its nature ("（约束性）") when the plan gives one. p (may be NULL) gives the
 * first year of a cumulative target without a base year. Plain text (escape before HTML). */
void fmt_target_in(struct buf *b, enum lang lang, const struct plan *p, const struct target *t,
		   const struct indicator *ind);
/* fmt_target_in without the plan. */
void fmt_target(struct buf *b, enum lang lang, const struct target *t, const struct indicator *ind);
/* A value of indicator ind as a reader sees it: an ordinal class by its label ("Ⅱ类"), a
 * reviewer's verdict by its word ("达成"), else the number with the indicator's decimals.
 * ind may be NULL (2 decimals). */
void fmt_ind_value(struct buf *b, enum lang lang, const struct indicator *ind, double v);
/* fmt_ind_value followed by the unit where a number is shown; in English a rank reads as an
 * ordinal ("8th") and a unit with a multiplier in words ("2.12 trillion yuan" for 21,200 of
 * "100 million yuan"). */
void fmt_ind_value_unit(struct buf *b, enum lang lang, const struct indicator *ind, double v);
/* The plan's issuers in lang: issuer_zh / issuer_en may list several, ';'-separated (a plan
 * issued jointly), written "A、B" in Chinese and "A; B" in English. */
void fmt_issuers(struct buf *b, enum lang lang, const struct plan_info *in);
/* Where a figure was published: "publisher · title · date", the parts that are known; nothing
 * when neither publisher nor title is. Plain text. Returns whether it wrote anything. */
int fmt_cite(struct buf *b, const struct obs *o);
/* The unit of an indicator in lang ("亿元" / "100 million yuan"). */
const char *fmt_unit(enum lang lang, const struct indicator *ind);
/* The unit values are best shown in: in English a unit with a multiplier in front loses it
 * ("yuan" with *factor 1e8 for "100 million yuan"; multiply values by *factor), else
 * fmt_unit with *factor 1. */
const char *fmt_unit_scaled(enum lang lang, const struct indicator *ind, double *factor);

#endif
