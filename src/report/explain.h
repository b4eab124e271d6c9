/* explain.h - an assessment in words, in Chinese or English ("按当前增速预计2027年达标"), built
 * from message templates with {name} placeholders, shared by pages and reports. */
#ifndef INNOMON_REPORT_EXPLAIN_H
#define INNOMON_REPORT_EXPLAIN_H

#include "base/buf.h"
#include "report/assess.h"
#include "report/i18n.h"

/* Write template with each {key} replaced by the matching value (keys[i] -> values[i]). */
void i18n_fill(struct buf *b, const char *template_text, const char *const *keys, const char *const *values, size_t n);
/* One or two sentences: the status in words, the pace and the projection, and which year's
 * figure the judgement rests on. Plain text. */
void explain_assessment(struct buf *b, enum lang lang, const struct plan *p, const struct assess_row *r);
/* The verdict in words (core/verdict.h): in the running phase explain_assessment; in the final
 * phase what decided it: the target-year figure, the figure that stands in and why (a July
 * figure of the same year, or the proxy region's with the plan's note), or why there is no
 * final verdict (with the latest figure for reference). Plain text. */
void explain_verdict(struct buf *b, enum lang lang, const struct plan *p, const struct assess_row *r);
/* The baseline sentence ("计划未公布基期值，以最早公布值……为基期") or nothing when the plan
 * gives the baseline. */
void explain_baseline(struct buf *b, enum lang lang, const struct plan *p, const struct assess_row *r);

#endif
