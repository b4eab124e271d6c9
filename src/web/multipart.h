/* multipart.h - the fields of a multipart/form-data body (an HTML file upload), parsed once
 * per request with libmicrohttpd's post processor from the buffered body. */
#ifndef INNOMON_WEB_MULTIPART_H
#define INNOMON_WEB_MULTIPART_H

#include <stddef.h>

#include "web/req.h"

#define MULTIPART_MAX_FIELDS 16

struct form_field {
	const char *name;
	const char *filename; /* NULL for a plain field */
	char *data;           /* arena memory, NUL-terminated */
	size_t len;
};

/* 1 when the request body is multipart/form-data. */
int multipart_is(struct req *r);
/* The field called name (parsing the body on first use), or NULL. ST_INVALID bodies give NULL. */
const struct form_field *multipart_field(struct req *r, const char *name);

#endif
