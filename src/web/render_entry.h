/* render_entry.h - the renderers of the entry form and the import pages (page_entry.c): they
 * write a page from a view of app/view_entry.h (and, for the form, the rows as typed) and
 * nothing else. Apart from render_work.h because app/owed.h and app/sup.h each name a struct
 * app_owed. */
#ifndef INNOMON_WEB_RENDER_ENTRY_H
#define INNOMON_WEB_RENDER_ENTRY_H

#include "app/view_entry.h"
#include "web/req.h"

/* One row of the form as typed back (NULLs on GET) and what the check said of it. */
struct entry_row {
	const char *value, *source, *url, *note; /* as typed */
	const char *error;                        /* the check's message for this row, or NULL */
	const char *change;                       /* "new" / "revised" after a check */
};

/* GET and POST /entry: the view's cells, rows[k] (v->n of them) typed into cell k; message
 * (NULL: none) an outcome line, an error summary linking to the rows when any has an error. */
void render_entry(struct req *r, const struct entry_view *v, const struct entry_row *rows, const char *message, int is_error);
/* An upload's preview, a refused upload and a commit's outcome. */
void render_import(struct req *r, const struct import_view *v);

#endif
