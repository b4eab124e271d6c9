/* json_body.c - strict parsing of JSON request bodies (see json_body.h). */
#include <string.h>

#include "web/json_body.h"
#include "base/banned.h"

static int is_allowed(const char *const *allowed, const char *key)
{
	for (const char *const *a = allowed; a && *a; a++)
		if (strcmp(*a, key) == 0)
			return 1;
	return 0;
}

enum json_body_error json_body_parse(const char *bytes, size_t len, const char *const *allowed, json_t **out,
				     json_t **details)
{
	json_error_t err;
	*out = NULL;
	*details = NULL;
	/* json_loadb reads exactly len bytes; an empty body is "" (a parse error, not a crash) */
	json_t *j = json_loadb(bytes && len ? bytes : "", bytes ? len : 0, JSON_REJECT_DUPLICATES, &err);
	if (!j) {
		/* jansson quotes the offending input in its message, which may be any bytes: keep it
		 * printable ASCII so the details are valid JSON text (else json_pack would fail) */
		char text[sizeof(err.text)];
		size_t n = 0;
		for (const char *p = err.text; *p && n + 1 < sizeof(text); p++)
			text[n++] = (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f ? *p : '?';
		text[n] = '\0';
		*details = json_pack("[{s:i, s:i, s:s}]", "line", err.line, "column", err.column, "message", text);
		return JSON_BODY_BAD_JSON;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		*details = json_array();
		return JSON_BODY_NOT_OBJECT;
	}
	const char *key;
	json_t *v;
	json_t *unknown = json_array();
	json_object_foreach(j, key, v) {
		if (!is_allowed(allowed, key))
			json_array_append_new(unknown, json_pack("{s:s, s:s, s:s}", "field", key, "code", "unknown_field",
								 "message", "this field is not accepted here"));
	}
	if (json_array_size(unknown)) {
		json_decref(j);
		*details = unknown;
		return JSON_BODY_UNKNOWN_FIELD;
	}
	json_decref(unknown);
	*out = j;
	return JSON_BODY_OK;
}
