/* report_doc.h - the evaluation report as a document: a list of blocks (headings, paragraphs,
 * tables, charts) in one language, built once from the model (report/evaluation.h) so every
 * writer shows the same words, numbers and tables. Writers: report_html.c, report_pdf.c and
 * report_md.c render the blocks in order; report_xlsx.c writes each table as a sheet. The
 * cover and the table of contents come from struct report_doc's fields and its headings. */
#ifndef INNOMON_REPORT_REPORT_DOC_H
#define INNOMON_REPORT_REPORT_DOC_H

#include <stddef.h>

#include "base/arena.h"
#include "report/chart.h"
#include "report/evaluation.h"
#include "report/i18n.h"

enum doc_cell_kind {
	DC_TEXT = 0,  /* text, maybe with a link */
	DC_NUMBER,    /* a number with decimals and a unit (kept numeric in XLSX) */
	DC_STATUS,    /* a verdict or status in words, coloured by role */
	DC_EMPTY,     /* no value: shown as "—" */
};

struct doc_cell {
	enum doc_cell_kind kind;
	const char *text;       /* DC_TEXT/DC_STATUS: the words; DC_NUMBER: the formatted number */
	double num;             /* DC_NUMBER */
	int decimals;           /* DC_NUMBER */
	const char *unit;       /* DC_NUMBER: unit in the report's language, or NULL */
	const char *mark;       /* DC_NUMBER: the qualifier mark ("≥", "≈") or "" */
	enum chart_role role;   /* DC_STATUS: colour; CHART_ROLE_INK otherwise */
	const char *url;        /* a link (source), or NULL */
};

struct doc_table {
	const char *sheet;      /* the XLSX sheet name (at most 31 characters, unique) */
	const char *caption;    /* "表1 核心指标完成情况" */
	size_t n_cols, n_rows;
	const char **headers;   /* n_cols */
	const double *widths;   /* n_cols relative widths (sum about 100) */
	const int *is_numeric;  /* n_cols: right-aligned */
	struct doc_cell *cells; /* n_rows x n_cols, row by row */
	const char *note;       /* said of the rows (how many are left out), NULL: nothing; the
	                         * workbook writes it under them, the other formats as a paragraph */
};

enum doc_block_kind {
	DB_HEADING = 0,   /* level 1 (一、) or 2 (（一）) */
	DB_PARA,          /* a paragraph of plain text */
	DB_NOTE,          /* a small muted paragraph (basis, source, caveat), maybe with a link */
	DB_TABLE,
	DB_CHART,         /* the line chart of one target */
	DB_LIST,          /* one item of a numbered list ("1. ...") */
	DB_PAGE_BREAK,    /* a new page in print (PDF, HTML print) */
};

struct doc_block {
	enum doc_block_kind kind;
	int level;                /* DB_HEADING: 1 or 2 */
	const char *number;       /* DB_HEADING: "一、", "（二）", "1.", "1.2"; DB_LIST: "1." */
	const char *text;         /* heading, paragraph, note, list item */
	const char *label;        /* DB_HEADING: number and text as printed ("一、总体评估结论", "1. Summary") */
	const char *url;          /* DB_NOTE: a link for the whole note, or NULL */
	const char *anchor;       /* DB_HEADING: unique id ("s2-1") */
	struct doc_table *table;  /* DB_TABLE */
	int target;               /* DB_CHART: index into eval.targets */
	const char *caption;      /* DB_CHART: "图3 ..." */
};

/* One cover line: label and value ("文号", "湘政办发〔2024〕3号"). */
struct doc_fact {
	const char *label, *value;
};

struct report_doc {
	const struct evaluation *ev;
	enum lang lang;
	const char *title;        /* "《…》监测评估报告" */
	const char *subtitle;     /* "2025年度 · 终期评估" */
	const char *issuer;       /* the preparing department */
	const char *date;         /* the date in words */
	const char *toc_title;    /* "目 录" */
	const char *footer;       /* store state in one line, for page footers */
	struct doc_fact *facts;   /* the cover's table */
	size_t n_facts;
	struct doc_block *blocks;
	size_t n_blocks;
};

/* Build the document of ev in lang; everything in a. Cannot fail. */
void report_doc_build(const struct evaluation *ev, enum lang lang, struct arena *a, struct report_doc *out);

/* The line chart of target ti as the report draws it (w x h px), spec memory in a. */
void report_chart_spec(const struct report_doc *d, int ti, double w, double h, struct arena *a,
		       struct chart_line_spec *spec);

/* The chart colour of a verdict. */
enum chart_role report_verdict_role(enum verdict v);

#endif
