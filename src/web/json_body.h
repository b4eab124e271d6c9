/* json_body.h - the strict reading of a JSON request body that every API handler uses: the
 * bytes must be one JSON object (duplicate keys rejected) whose members are all named in an
 * allow-list. Pure: no I/O and no request state, so the fuzz target fuzz/fuzz_json_body.c
 * feeds it exactly what the server does (req_json_body in req.c answers from its result). */
#ifndef INNOMON_WEB_JSON_BODY_H
#define INNOMON_WEB_JSON_BODY_H

#include <jansson.h>
#include <stddef.h>

enum json_body_error {
	JSON_BODY_OK = 0,
	JSON_BODY_BAD_JSON,      /* not JSON at all (400 "bad_json") */
	JSON_BODY_NOT_OBJECT,    /* JSON, but not an object (400 "bad_json") */
	JSON_BODY_UNKNOWN_FIELD, /* an object with members not in the allow-list (422 "unknown_field") */
};

/* Parse bytes[0..len) (need not be NUL-terminated; NULL is allowed when len is 0) as a JSON
 * object whose keys are all in allowed (a NULL-terminated list, borrowed).
 * JSON_BODY_OK: *out gets the object (the caller owns it: json_decref) and *details NULL.
 * Otherwise *out is NULL and *details gets a new array (the caller owns it) saying why:
 * BAD_JSON one {line, column, message}; NOT_OBJECT empty; UNKNOWN_FIELD one {field, code
 * "unknown_field", message} per member not allowed, in the body's order. Cannot fail
 * otherwise (aborts on out of memory, like every allocation). */
enum json_body_error json_body_parse(const char *bytes, size_t len, const char *const *allowed, json_t **out,
				     json_t **details);

#endif
