/* report_doc_int.h - private to report_doc.c and report_doc_annex.c: the document builder
 * (block list, numbering of headings, tables and figures) and the shared wording helpers. */
#ifndef INNOMON_REPORT_REPORT_DOC_INT_H
#define INNOMON_REPORT_REPORT_DOC_INT_H

#include "report/report_doc.h"

struct docb {
	struct report_doc *d;
	const struct evaluation *ev;
	const struct plan *p;
	enum lang lang;
	struct arena *a;
	size_t cap;
	int n_h1, n_h2, n_annex; /* heading counters */
	int n_tables, n_figures;
};

struct doc_block *db_add(struct docb *b, enum doc_block_kind kind);
/* A numbered heading: level 1 "一、" / "1.", level 2 "（一）" / "1.2". */
void db_heading(struct docb *b, int level, const char *text);
/* An annex heading "附件1 text" / "Annex 1. text" (level 1, numbered separately). */
void db_annex(struct docb *b, const char *text);
void db_para(struct docb *b, const char *text);
void db_note(struct docb *b, const char *text, const char *url);
void db_list(struct docb *b, int number, const char *text);
/* A table of n_rows x n_cols with a numbered caption "表N caption"; cells zeroed (DC_TEXT ""). */
struct doc_table *db_table(struct docb *b, const char *sheet, const char *caption, size_t n_cols, size_t n_rows,
			   const char *const *header_keys, const double *widths, const int *is_numeric);
struct doc_cell *db_cell(struct doc_table *t, size_t row, size_t col);

/* The message text of key in the document's language. */
const char *db_t(const struct docb *b, const char *key);
/* key's template with {name} filled from names/values, in the arena. */
const char *db_fill(const struct docb *b, const char *key, const char *const *names, const char *const *values, size_t n);
const char *db_printf(const struct docb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void cell_text(struct doc_cell *c, const char *text);
void cell_link(struct doc_cell *c, const char *text, const char *url);
void cell_status(struct doc_cell *c, const char *text, enum chart_role role);
void cell_empty(struct doc_cell *c);
/* A number of indicator ind with its qualifier mark; with_unit adds the unit. */
void cell_value(const struct docb *b, struct doc_cell *c, double v, enum obs_qualifier q, const struct indicator *ind,
		int with_unit);
void cell_count(const struct docb *b, struct doc_cell *c, size_t n);

/* The firms registry's projection beside the mapped targets (report_doc_firms.c). */
void db_firm_projections(struct docb *b);

/* Words for plan content and values. */
const char *db_ind_name(const struct docb *b, int ind);
const char *db_region_name(const struct docb *b, int reg);
const char *db_unit_name(const struct docb *b, int unit);
const char *db_value_text(const struct docb *b, double v, enum obs_qualifier q, const struct indicator *ind);
const char *db_target_text(const struct docb *b, int target);
/* "outer（inner）" in Chinese, "outer (inner)" in English. */
const char *db_paren(const struct docb *b, const char *outer, const char *inner);
/* "长沙国家创新型城市创新能力排名（长沙）": an indicator in a region. */
const char *db_ind_region(const struct docb *b, int ind, int reg);
/* A target with its year: "≤ 10 位（2025）". */
const char *db_target_year(const struct docb *b, int target);
/* "：" or ": ". */
const char *db_colon(const struct docb *b);
/* The plan's kind of document in the report's language (行动计划, 规划, 实施方案 …). */
const char *db_doc_kind(const struct docb *b);
/* The verdict of target ti in words ("缺2025年数据"). */
const char *db_verdict_text(const struct docb *b, int ti);
/* One or two sentences: the judgement of target ti and which year's figure it rests on. */
const char *db_judgement(const struct docb *b, int ti);

/* The supervision parts (report_doc_sup.c): an action's milestone, report and notice tables;
 * the supervision picture in words; the scorecards of the newest cycle. */
void db_action_supervision(struct docb *b, const struct eval_action *ac);
void db_supervision_words(struct docb *b);
void db_scorecards(struct docb *b);

/* The annex part of the document (report_doc_annex.c): data quality, method, detail table,
 * sources and the store state. */
void db_build_quality(struct docb *b);
void db_build_annexes(struct docb *b);

#endif
