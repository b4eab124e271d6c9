/* fuzz_json_body.c - libFuzzer target: json_body_parse, the strict reading of every JSON API
 * request body (src/web/json_body.h; req_json_body answers from its result), over any bytes.
 * Besides the sanitizers it checks the function's promises: exactly one of object and details
 * comes back; an accepted object has only allowed members and, printed and read again, is
 * accepted as the same object; malformed JSON says where (line, column, message), a
 * non-object says nothing more, and every member not allowed is named once, in order. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/json_body.h"
#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The members the API accepts in its bodies, from several handlers at once. */
static const char *const allowed[] = {"name",	  "password", "values", "submit",   "reason", "current",
				      "new",	  "role",     "unit",	"region",   "disabled", "display_name",
				      "comparator", "value",  "kind",	"applies", NULL};
static const char *const nothing[] = {NULL};

static int is_in(const char *const *list, const char *key)
{
	for (; *list; list++)
		if (strcmp(*list, key) == 0)
			return 1;
	return 0;
}

static void check(const char *bytes, size_t len, const char *const *list)
{
	json_t *obj = (json_t *)(uintptr_t)1, *details = (json_t *)(uintptr_t)1;
	enum json_body_error e = json_body_parse(bytes, len, list, &obj, &details);
	if ((e == JSON_BODY_OK) != (obj != NULL) || (e == JSON_BODY_OK) != (details == NULL))
		abort();
	const char *key;
	json_t *v;
	switch (e) {
	case JSON_BODY_OK: {
		if (!json_is_object(obj))
			abort();
		json_object_foreach(obj, key, v) {
			if (!is_in(list, key))
				abort();
		}
		/* what was accepted reads back as the same object */
		size_t n;
		char *text = json_dumps(obj, JSON_COMPACT | JSON_ENCODE_ANY);
		if (!text)
			abort();
		n = strlen(text);
		json_t *again, *d2;
		if (json_body_parse(text, n, list, &again, &d2) != JSON_BODY_OK || !json_equal(obj, again))
			abort();
		json_decref(again);
		free(text);
		json_decref(obj);
		break;
	}
	case JSON_BODY_BAD_JSON: {
		json_t *d = json_array_get(details, 0);
		if (json_array_size(details) != 1 || !json_is_integer(json_object_get(d, "line")) ||
		    !json_is_integer(json_object_get(d, "column")) || !json_is_string(json_object_get(d, "message")))
			abort();
		break;
	}
	case JSON_BODY_NOT_OBJECT:
		if (!json_is_array(details) || json_array_size(details) != 0)
			abort();
		break;
	case JSON_BODY_UNKNOWN_FIELD: {
		/* the same bytes parse as an object; its unknown members are the details, in order */
		json_error_t err;
		json_t *o = json_loadb(bytes, len, JSON_REJECT_DUPLICATES, &err);
		size_t k = 0;
		if (!json_is_object(o))
			abort();
		json_object_foreach(o, key, v) {
			if (is_in(list, key))
				continue;
			json_t *d = json_array_get(details, k++);
			const char *field = json_string_value(json_object_get(d, "field"));
			const char *code = json_string_value(json_object_get(d, "code"));
			if (!field || strcmp(field, key) != 0 || !code || strcmp(code, "unknown_field") != 0)
				abort();
		}
		if (k == 0 || k != json_array_size(details))
			abort();
		json_decref(o);
		break;
	}
	default:
		abort();
	}
	json_decref(details);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check((const char *)data, size, allowed);
	check((const char *)data, size, nothing);
	return 0;
}
