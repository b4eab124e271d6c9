/* report.c - the writers' front door (see report.h): format names, media types, file names
 * and the dispatch to report_html.c, report_pdf.c, report_xlsx.c and report_md.c. */
#include <string.h>

#include "report/report.h"
#include "base/banned.h"

static const char *const ext_names[] = {"html", "pdf", "xlsx", "md", "json"};

int report_format_parse(const char *s, enum report_format *out)
{
	for (size_t i = 0; s && i < sizeof(ext_names) / sizeof(ext_names[0]); i++)
		if (strcmp(s, ext_names[i]) == 0) {
			*out = (enum report_format)i;
			return 1;
		}
	return 0;
}

const char *report_format_ext(enum report_format f)
{
	return (size_t)f < sizeof(ext_names) / sizeof(ext_names[0]) ? ext_names[f] : "bin";
}

const char *report_format_mime(enum report_format f)
{
	switch (f) {
	case REPORT_HTML: return "text/html; charset=utf-8";
	case REPORT_PDF: return "application/pdf";
	case REPORT_XLSX: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	case REPORT_MD: return "text/markdown; charset=utf-8";
	case REPORT_JSON: return "application/json; charset=utf-8";
	default: return "application/octet-stream";
	}
}

enum status report_render(const struct report_doc *d, enum report_format f, struct buf *out)
{
	switch (f) {
	case REPORT_HTML: return report_html(d, out);
	case REPORT_PDF: return report_pdf(d, out);
	case REPORT_XLSX: return report_xlsx(d, out);
	case REPORT_MD: return report_md(d, out);
	case REPORT_JSON: return report_json(d, out);
	default: return ST_INVALID;
	}
}

const char *report_file_name(const struct report_doc *d, enum report_format f, struct arena *a)
{
	return arena_printf(a, "%s-evaluation-%s-%s.%s", d->ev->plan->info.code, d->ev->period, lang_code(d->lang),
			    report_format_ext(f));
}
