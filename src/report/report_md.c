/* report_md.c - the evaluation report as Markdown (CommonMark with GFM tables): headings with
 * anchors, the table of contents, pipe tables with their captions, and for each chart its
 * caption and the figures it plots (Markdown has no pictures of its own). Deterministic:
 * the same document gives the same bytes. */
#include <string.h>

#include "report/fmt.h"
#include "report/report.h"
#include "base/banned.h"

/* Text inside a paragraph or a table cell: no line breaks, and the characters that would start
 * markup are escaped. */
static void md_esc(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '|': case '#':
			bwc(b, '\\');
			bwc(b, *s);
			break;
		case '\n': case '\r': case '\t':
			bwc(b, ' ');
			break;
		default:
			bwc(b, *s);
		}
	}
}

/* A link target: spaces and parentheses percent-encoded so the link stays one token. */
static void md_url(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == ' ' || *s == '(' || *s == ')' || *s == '<' || *s == '>')
			bwf(b, "%%%02X", (unsigned char)*s);
		else
			bwc(b, *s);
	}
}

static void md_link(struct buf *b, const char *text, const char *url)
{
	if (!url || !*url) {
		md_esc(b, text);
		return;
	}
	bwc(b, '[');
	md_esc(b, text);
	bw(b, "](");
	md_url(b, url);
	bwc(b, ')');
}

static void md_table(struct buf *b, const struct doc_table *t)
{
	bw(b, "**");
	md_esc(b, t->caption);
	bw(b, "**\n\n|");
	for (size_t c = 0; c < t->n_cols; c++) {
		bwc(b, ' ');
		md_esc(b, t->headers[c]);
		bw(b, " |");
	}
	bw(b, "\n|");
	for (size_t c = 0; c < t->n_cols; c++)
		bw(b, t->is_numeric[c] ? " ---: |" : " --- |");
	bwc(b, '\n');
	for (size_t r = 0; r < t->n_rows; r++) {
		bwc(b, '|');
		for (size_t c = 0; c < t->n_cols; c++) {
			const struct doc_cell *x = &t->cells[r * t->n_cols + c];
			bwc(b, ' ');
			md_link(b, x->text, x->url);
			bw(b, " |");
		}
		bwc(b, '\n');
	}
	bwc(b, '\n');
}

/* The chart's caption and, since Markdown shows no picture, the points it plots. */
static void md_chart(struct buf *b, const struct report_doc *d, const struct doc_block *x)
{
	const struct evaluation *ev = d->ev;
	const struct eval_target *t = &ev->targets[x->target];
	const struct indicator *ind = &ev->plan->indicators[t->row.indicator];
	bw(b, "*");
	md_esc(b, x->caption);
	bw(b, "*");
	bw(b, d->lang == LANG_EN ? ": " : "：");
	for (size_t i = 0; i < t->row.series.n; i++) {
		const struct series_point *pt = &t->row.series.pts[i];
		if (i)
			bw(b, d->lang == LANG_EN ? "; " : "；");
		md_esc(b, pt->period);
		bwc(b, ' ');
		md_esc(b, obs_qualifier_mark(pt->qualifier));
		struct buf v;
		buf_init(&v, 64);
		fmt_value(&v, pt->value, ind->decimals);
		md_esc(b, buf_str(&v));
		buf_release(&v);
	}
	const char *u = fmt_unit(d->lang, ind);
	if (u && *u) {
		bw(b, d->lang == LANG_EN ? " (" : "（");
		md_esc(b, u);
		bw(b, d->lang == LANG_EN ? ")" : "）");
	}
	bw(b, "\n\n");
}

static void md_toc(struct buf *b, const struct report_doc *d)
{
	bw(b, "## ");
	md_esc(b, d->toc_title);
	bw(b, "\n\n");
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *x = &d->blocks[i];
		if (x->kind != DB_HEADING)
			continue;
		bw(b, x->level == 1 ? "- [" : "  - [");
		md_esc(b, x->label);
		bwf(b, "](#%s)\n", x->anchor);
	}
	bwc(b, '\n');
}

enum status report_md(const struct report_doc *d, struct buf *out)
{
	struct buf *b = out;
	bw(b, "# ");
	md_esc(b, d->title);
	bw(b, "\n\n**");
	md_esc(b, d->subtitle);
	bw(b, "**\n\n| | |\n| --- | --- |\n");
	for (size_t i = 0; i < d->n_facts; i++) {
		bw(b, "| ");
		md_esc(b, d->facts[i].label);
		bw(b, " | ");
		md_esc(b, d->facts[i].value);
		bw(b, " |\n");
	}
	bwc(b, '\n');
	md_toc(b, d);
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *x = &d->blocks[i];
		switch (x->kind) {
		case DB_HEADING:
			bwf(b, "<a id=\"%s\"></a>\n\n%s ", x->anchor, x->level == 1 ? "##" : "###");
			md_esc(b, x->label);
			bw(b, "\n\n");
			break;
		case DB_PARA:
			md_esc(b, x->text);
			bw(b, "\n\n");
			break;
		case DB_NOTE:
			bw(b, "> ");
			md_link(b, x->text, x->url);
			bw(b, "\n\n");
			break;
		case DB_LIST:
			md_esc(b, x->number);
			bwc(b, ' ');
			md_esc(b, x->text);
			bw(b, "\n\n");
			break;
		case DB_TABLE:
			md_table(b, x->table);
			break;
		case DB_CHART:
			md_chart(b, d, x);
			break;
		case DB_PAGE_BREAK:
			break;
		}
	}
	bw(b, "---\n\n");
	md_esc(b, d->footer);
	bwc(b, '\n');
	return buf_status(b);
}
