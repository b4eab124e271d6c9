/* fmt.h - how numbers, targets and units read in each language (shared by pages and reports). */
#ifndef INNOMON_REPORT_FMT_H
#define INNOMON_REPORT_FMT_H

#include "base/buf.h"
#include "core/obs.h"
#include "core/plan.h"
#include "report/i18n.h"

/* A value with the indicator's decimals, thousands grouped ("30,000", "50.5"). */
void fmt_value(struct buf *b, double v, int decimals);
/* A target in words: "≥ 142", "> 30,000", "3–5", "each year ≥ 700", "保位进位", ... plus the unit
 * where a number is shown. Plain text (escape before putting it in HTML). */
void fmt_target(struct buf *b, enum lang lang, const struct target *t, const struct indicator *ind);
/* Where a figure was published: "publisher · title · date", the parts that are known; nothing
 * when neither publisher nor title is. Plain text. Returns whether it wrote anything. */
int fmt_cite(struct buf *b, const struct obs *o);
/* The unit of an indicator in lang ("亿元" / "100 million yuan"). */
const char *fmt_unit(enum lang lang, const struct indicator *ind);

#endif
