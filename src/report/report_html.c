/* report_html.c - the evaluation report as one standalone, printable HTML page: the site's
 * print look (www/style.css colours and fonts) in an inline style sheet, a cover, the table of
 * contents, numbered sections, tables with thin rules and captions above, charts as inline SVG
 * (report/chart.h through the SVG canvas) with captions below, and the store state in the
 * footer. No scripts, no external references. Deterministic: the same document gives the same
 * bytes. */
#include <string.h>

#include "base/html_esc.h"
#include "report/chart.h"
#include "report/report.h"
#include "base/banned.h"

/* Print look: A4, serif body for reading, sans headings, thin table rules (三线表-like). */
static const char report_css[] =
	":root{--ink:#1b1f23;--muted:#5a6169;--line:#b8bec5;--band:#f4f6f8;--accent:#0b5cad;"
	"--ok:#1a7f37;--warn:#9a6700;--bad:#b42318}\n"
	"@page{size:A4;margin:22mm 20mm 20mm 20mm}\n"
	"html{font-family:\"Noto Serif CJK SC\",\"Source Han Serif SC\",\"Songti SC\",SimSun,serif;font-size:11pt;"
	"line-height:1.7;color:var(--ink);background:#fff}\n"
	"body{max-width:180mm;margin:0 auto;padding:0 6mm}\n"
	"h1,h2,h3,.cover,caption,figcaption,th,nav.toc{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\","
	"\"PingFang SC\",\"Microsoft YaHei\",sans-serif}\n"
	".cover{min-height:250mm;display:flex;flex-direction:column;justify-content:center;text-align:center;"
	"page-break-after:always;break-after:page}\n"
	".cover h1{font-size:22pt;line-height:1.4;margin:0 0 6mm}\n"
	".cover p{text-indent:0;text-align:center}\n.cover .sub{font-size:14pt;margin:0 0 18mm}\n"
	".cover table{margin:0 auto;border:none;font-size:10.5pt;width:auto}\n"
	".cover th,.cover td{border:none;padding:1.2mm 3mm;text-align:left;background:none;font-weight:normal}\n"
	".cover th{color:var(--muted);white-space:nowrap}\n"
	".cover .issuer{font-size:14pt;margin-top:20mm}\n"
	"nav.toc{page-break-after:always;break-after:page}\n"
	"nav.toc h2{text-align:center;border:none;letter-spacing:.5em}\n"
	"nav.toc ol{list-style:none;padding:0}\nnav.toc ol ol{padding-left:2em}\n"
	"nav.toc a{color:var(--ink);text-decoration:none}\n"
	"h2{font-size:15pt;margin:8mm 0 3mm;border-bottom:1px solid var(--ink);padding-bottom:1mm}\n"
	"h3{font-size:12.5pt;margin:6mm 0 2mm}\n"
	"p{margin:1.5mm 0;text-indent:2em;text-align:justify}\n"
	"p.note{text-indent:0;font-size:9pt;color:var(--muted);margin:0.5mm 0 2mm}\n"
	"p.item{text-indent:0;padding-left:2em}\np.item b{margin-left:-2em;display:inline-block;width:2em}\n"
	"a{color:var(--accent);word-break:break-all}\n"
	"table{border-collapse:collapse;width:100%;margin:2mm 0 5mm;font-size:9pt;line-height:1.45;"
	"border-top:1.5px solid var(--ink);border-bottom:1.5px solid var(--ink)}\n"
	"caption{caption-side:top;font-weight:700;font-size:10pt;padding:2mm 0}\n"
	"thead th{border-bottom:1px solid var(--ink);text-align:left;font-weight:700;padding:1.2mm 1.5mm;"
	"vertical-align:bottom}\n"
	"td{border-bottom:.5px solid var(--line);padding:1mm 1.5mm;vertical-align:top}\n"
	"td.num,th.num{text-align:right;white-space:nowrap}\n"
	"tr{page-break-inside:avoid;break-inside:avoid}\nthead{display:table-header-group}\n"
	".st-ok{color:var(--ok);font-weight:700}.st-warn{color:var(--warn);font-weight:700}"
	".st-bad{color:var(--bad);font-weight:700}.st-muted{color:var(--muted)}\n"
	"figure{margin:3mm 0 4mm;text-align:center;page-break-inside:avoid;break-inside:avoid}\n"
	"figure svg{max-width:100%;height:auto}\n"
	"figcaption{font-size:9.5pt;font-weight:700;margin-top:1mm}\n"
	".break{page-break-after:always;break-after:page}\n"
	"footer{border-top:1px solid var(--line);margin-top:10mm;padding-top:2mm;font-size:8.5pt;color:var(--muted)}\n"
	"@media screen{body{padding:8mm 6mm}.cover{min-height:0;padding:20mm 0;border-bottom:1px solid var(--line)}"
	".break{border-top:1px dashed var(--line);margin:8mm 0}}\n";

static void link_or_text(struct buf *b, const char *text, const char *url)
{
	if (!html_url_is_web(url)) { /* a stored URL is data, not markup */
		html_esc(b, text);
		return;
	}
	bw(b, "<a rel=\"noopener noreferrer\" href=\"");
	html_esc(b, url);
	bw(b, "\">");
	html_esc(b, text);
	bw(b, "</a>");
}

static const char *role_class(enum chart_role role)
{
	switch (role) {
	case CHART_ROLE_OK: return "st-ok";
	case CHART_ROLE_WARN: return "st-warn";
	case CHART_ROLE_BAD: return "st-bad";
	default: return "st-muted";
	}
}

static void html_table(struct buf *b, const struct doc_table *t)
{
	bw(b, "<table>\n<caption>");
	html_esc(b, t->caption);
	bw(b, "</caption>\n<colgroup>");
	for (size_t c = 0; c < t->n_cols; c++)
		hf(b, "<col style=\"width:%.0f%%\">", t->widths[c]);
	bw(b, "</colgroup>\n<thead><tr>");
	for (size_t c = 0; c < t->n_cols; c++) {
		bw(b, t->is_numeric[c] ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
		html_esc(b, t->headers[c]);
		bw(b, "</th>");
	}
	bw(b, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		bw(b, "<tr>");
		for (size_t c = 0; c < t->n_cols; c++) {
			const struct doc_cell *x = &t->cells[r * t->n_cols + c];
			if (x->kind == DC_STATUS)
				hf(b, "<td class=\"%s\">", role_class(x->role));
			else if (x->kind == DC_NUMBER || t->is_numeric[c])
				bw(b, "<td class=\"num\">");
			else
				bw(b, "<td>");
			link_or_text(b, x->text, x->url);
			bw(b, "</td>");
		}
		bw(b, "</tr>\n");
	}
	bw(b, "</tbody>\n</table>\n");
}

static void html_chart(struct buf *b, const struct report_doc *d, const struct doc_block *x)
{
	struct arena *a = arena_new();
	struct chart_line_spec spec;
	report_chart_spec(d, x->target, 600, 260, a, &spec);
	struct canvas_svg svg;
	canvas_svg_init(&svg, b);
	bw(b, "<figure>");
	chart_line(a, &svg.canvas, &spec);
	bw(b, "<figcaption>");
	html_esc(b, x->caption);
	bw(b, "</figcaption></figure>\n");
	arena_free(a);
}

static void html_cover(struct buf *b, const struct report_doc *d)
{
	bw(b, "<section class=\"cover\">\n<h1>");
	html_esc(b, d->title);
	bw(b, "</h1>\n<p class=\"sub\">");
	html_esc(b, d->subtitle);
	bw(b, "</p>\n<table>\n");
	for (size_t i = 0; i < d->n_facts; i++) {
		bw(b, "<tr><th scope=\"row\">");
		html_esc(b, d->facts[i].label);
		bw(b, "</th><td>");
		html_esc(b, d->facts[i].value);
		bw(b, "</td></tr>\n");
	}
	bw(b, "</table>\n<p class=\"issuer\">");
	html_esc(b, d->issuer);
	bw(b, "<br>");
	html_esc(b, d->date);
	bw(b, "</p>\n</section>\n");
}

static void html_toc(struct buf *b, const struct report_doc *d)
{
	bw(b, "<nav class=\"toc\" aria-labelledby=\"toc\">\n<h2 id=\"toc\">");
	html_esc(b, d->toc_title);
	bw(b, "</h2>\n<ol>");
	int open_sub = 0, any = 0;
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *x = &d->blocks[i];
		if (x->kind != DB_HEADING)
			continue;
		if (x->level == 1) {
			if (open_sub)
				bw(b, "</ol>");
			if (any)
				bw(b, "</li>");
			bw(b, "\n<li>");
			open_sub = 0;
			any = 1;
		} else {
			bw(b, open_sub ? "<li>" : "<ol><li>");
			open_sub = 1;
		}
		hf(b, "<a href=\"#%s\">", x->anchor);
		html_esc(b, x->label);
		bw(b, "</a>");
		if (x->level == 2)
			bw(b, "</li>");
	}
	if (open_sub)
		bw(b, "</ol>");
	if (any)
		bw(b, "</li>");
	bw(b, "\n</ol>\n</nav>\n");
}

enum status report_html(const struct report_doc *d, struct buf *out)
{
	struct buf *b = out;
	hf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
	    d->lang == LANG_EN ? "en" : "zh-CN");
	html_esc(b, d->title);
	bw(b, "</title>\n<meta name=\"generator\" content=\"innomon " INNOMON_VERSION "\">\n<style>\n");
	h_raw(b, report_css); /* raw: the constant style sheet above */
	bw(b, "</style>\n</head>\n<body>\n");
	html_cover(b, d);
	html_toc(b, d);
	bw(b, "<main>\n");
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *x = &d->blocks[i];
		switch (x->kind) {
		case DB_HEADING:
			bw(b, x->level == 1 ? "<h2 id=\"" : "<h3 id=\"");
			html_esc(b, x->anchor);
			bw(b, "\">");
			html_esc(b, x->label);
			bw(b, x->level == 1 ? "</h2>\n" : "</h3>\n");
			break;
		case DB_PARA:
			bw(b, "<p>");
			html_esc(b, x->text);
			bw(b, "</p>\n");
			break;
		case DB_NOTE:
			bw(b, "<p class=\"note\">");
			link_or_text(b, x->text, x->url);
			bw(b, "</p>\n");
			break;
		case DB_LIST:
			bw(b, "<p class=\"item\"><b>");
			html_esc(b, x->number);
			bw(b, "</b>");
			html_esc(b, x->text);
			bw(b, "</p>\n");
			break;
		case DB_TABLE:
			html_table(b, x->table);
			break;
		case DB_CHART:
			html_chart(b, d, x);
			break;
		case DB_PAGE_BREAK:
			bw(b, "<div class=\"break\"></div>\n");
			break;
		}
	}
	bw(b, "</main>\n<footer><p>");
	html_esc(b, d->footer);
	bw(b, " · innomon " INNOMON_VERSION "</p></footer>\n</body>\n</html>\n");
	return buf_status(b);
}
