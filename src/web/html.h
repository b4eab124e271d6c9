/* html.h - HTML writing: escaping for text and attributes, and the page frame every page
 * shares (head, navigation, language switch, footer). All plan and user text goes through
 * the escaping writers of base/html_esc.h (html_esc, hf); only constant markup is written raw. */
#ifndef INNOMON_WEB_HTML_H
#define INNOMON_WEB_HTML_H

#include "base/buf.h"
#include "base/html_esc.h"
#include "web/req.h"


/* A stored time (UTC, ISO 8601 "YYYY-MM-DDTHH:MM:SSZ") as pages show it: "YYYY-MM-DD HH:MM"
 * in the configured zone (setting time_zone, clock_zone_apply), in r's arena; "—" for NULL or
 * a text that is not such a time. The one conversion of every page; exports and the API keep ISO. */
const char *html_local_time(struct req *r, const char *utc);
/* Write utc as <time datetime="utc">local</time> (html_local_time), escaped. */
void html_time(struct req *r, const char *utc);

/* Open the page: doctype, head with title, the site header and navigation; `nav` names the
 * active navigation entry ("plan", "units", ...). */
/* The sentence saying that plan p assigns no measures (a plan of targets only), as a paragraph:
 * pages show it instead of empty tables of measures. */
void html_no_measures(struct req *r, const struct plan *p);
/* The site's name in the request's language (the site_name_zh / site_name_en settings). */
const char *html_site_name(struct req *r);
void page_begin(struct req *r, const char *title, const char *nav);
/* The hidden CSRF field of a form posted with the session cookie. */
void html_csrf_field(struct req *r);
/* Close main, write the footer and close the document. */
void page_end(struct req *r);
/* A whole error page for status st with a message. */
void page_error(struct req *r, enum status st, const char *message);

#endif
