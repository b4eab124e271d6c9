/* report.h - the front door of the evaluation report's writers: one document
 * (report/report_doc.h) rendered as a printable standalone HTML page, a PDF (cairo + pango),
 * an XLSX workbook (libxlsxwriter) or Markdown. The same document gives the same bytes for
 * HTML, Markdown and XLSX (the XLSX core properties take the report's generated-at time). */
#ifndef INNOMON_REPORT_REPORT_H
#define INNOMON_REPORT_REPORT_H

#include "base/buf.h"
#include "base/status.h"
#include "report/report_doc.h"

enum report_format { REPORT_HTML = 0, REPORT_PDF, REPORT_XLSX, REPORT_MD, REPORT_JSON };

/* Parse "html", "pdf", "xlsx", "md" or "json"; returns 1 and sets *out on success. */
int report_format_parse(const char *s, enum report_format *out);
/* "html", "pdf", "xlsx", "md". */
const char *report_format_ext(enum report_format f);
/* The media type of a format ("application/pdf", ...). */
const char *report_format_mime(enum report_format f);

/* Append d rendered in format f to out (borrowed). ST_TOO_LARGE when out's cap is reached, ST_IO
 * when the PDF or XLSX library fails (including its temporary file). */
enum status report_render(const struct report_doc *d, enum report_format f, struct buf *out) WUR;

/* The writers, one file each. */
enum status report_html(const struct report_doc *d, struct buf *out) WUR;
enum status report_md(const struct report_doc *d, struct buf *out) WUR;
enum status report_pdf(const struct report_doc *d, struct buf *out) WUR;
enum status report_xlsx(const struct report_doc *d, struct buf *out) WUR;
/* The model behind d as JSON (report_json.c): summary, targets with verdicts, groups, notes. */
enum status report_json(const struct report_doc *d, struct buf *out) WUR;

/* Release the process-wide font caches of pango, cairo and fontconfig that the PDF writer fills
 * (they live until exit otherwise): for a leak checker at the end of a process. No PDF may be
 * written afterwards. */
void report_pdf_release_fonts(void);

/* The file name a download of d in format f gets: "czt-2024-evaluation-2025-zh.pdf". */
const char *report_file_name(const struct report_doc *d, enum report_format f, struct arena *a);

#endif
