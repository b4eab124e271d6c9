/* test_json_body.c - unit tests of web/json_body.c: an allowed object is returned; malformed
 * JSON, duplicate keys, non-objects and members not allowed are refused with the details the
 * API answers with (400 bad_json, 422 unknown_field). */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "web/json_body.h"
#include "base/banned.h"

static const char *const fields[] = {"name", "password", NULL};

#define TEXT(s) s, sizeof(s) - 1

static void test_json_body_parse_accepts_allowed_members(void **state)
{
	(void)state;
	json_t *out, *details;
	assert_int_equal(json_body_parse(TEXT("{\"name\":\"admin\",\"password\":\"x\"}"), fields, &out, &details), JSON_BODY_OK);
	assert_null(details);
	assert_true(json_is_object(out));
	assert_string_equal(json_string_value(json_object_get(out, "name")), "admin");
	json_decref(out);
	/* members are optional; an empty object is fine */
	assert_int_equal(json_body_parse(TEXT(" { } "), fields, &out, &details), JSON_BODY_OK);
	assert_int_equal(json_object_size(out), 0);
	json_decref(out);
}

static void test_json_body_parse_reads_only_len_bytes(void **state)
{
	(void)state;
	json_t *out, *details;
	/* what follows the length is not part of the body */
	const char *text = "{\"name\":\"a\"}{\"more\":1}";
	assert_int_equal(json_body_parse(text, 12, fields, &out, &details), JSON_BODY_OK);
	json_decref(out);
	assert_int_equal(json_body_parse(text, strlen(text), fields, &out, &details), JSON_BODY_BAD_JSON);
	json_decref(details);
}

static void test_json_body_parse_names_unknown_members(void **state)
{
	(void)state;
	json_t *out, *details;
	assert_int_equal(json_body_parse(TEXT("{\"name\":\"a\",\"colour\":\"red\",\"size\":3}"), fields, &out, &details),
			 JSON_BODY_UNKNOWN_FIELD);
	assert_null(out);
	assert_int_equal(json_array_size(details), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(details, 0), "field")), "colour");
	assert_string_equal(json_string_value(json_object_get(json_array_get(details, 0), "code")), "unknown_field");
	assert_string_equal(json_string_value(json_object_get(json_array_get(details, 1), "field")), "size");
	json_decref(details);
	static const char *const none[] = {NULL};
	assert_int_equal(json_body_parse(TEXT("{\"name\":1}"), none, &out, &details), JSON_BODY_UNKNOWN_FIELD);
	json_decref(details);
}

static void test_json_body_parse_refuses_malformed_json(void **state)
{
	(void)state;
	static const char *const bad[] = {"", "{", "{\"name\":", "nul", "{\"name\":\"a\",\"name\":\"b\"}", "{'name':1}", "{\"a\":1,}"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *out, *details;
		assert_int_equal(json_body_parse(bad[i], strlen(bad[i]), fields, &out, &details), JSON_BODY_BAD_JSON);
		assert_null(out);
		assert_int_equal(json_array_size(details), 1);
		assert_true(json_is_integer(json_object_get(json_array_get(details, 0), "line")));
		assert_true(json_is_integer(json_object_get(json_array_get(details, 0), "column")));
		assert_true(json_is_string(json_object_get(json_array_get(details, 0), "message")));
		json_decref(details);
	}
	json_t *out, *details;
	assert_int_equal(json_body_parse(NULL, 0, fields, &out, &details), JSON_BODY_BAD_JSON);
	json_decref(details);
	/* the message stays valid text whatever bytes jansson quotes from the input */
	assert_int_equal(json_body_parse(TEXT("{\"name\":\"\\u\xcc\x90" "2d\"}"), fields, &out, &details), JSON_BODY_BAD_JSON);
	const char *msg = json_string_value(json_object_get(json_array_get(details, 0), "message"));
	assert_non_null(msg);
	for (const char *p = msg; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f);
	json_decref(details);
}

static void test_json_body_parse_refuses_non_objects(void **state)
{
	(void)state;
	json_t *out, *details;
	assert_int_equal(json_body_parse(TEXT("[{\"name\":\"a\"}]"), fields, &out, &details), JSON_BODY_NOT_OBJECT);
	assert_null(out);
	assert_true(json_is_array(details));
	assert_int_equal(json_array_size(details), 0);
	json_decref(details);
	/* a bare scalar is not even a JSON text here (jansson decodes objects and arrays only) */
	static const char *const scalars[] = {"\"admin\"", "42", "null", "true"};
	for (size_t i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++) {
		assert_int_equal(json_body_parse(scalars[i], strlen(scalars[i]), fields, &out, &details), JSON_BODY_BAD_JSON);
		assert_null(out);
		json_decref(details);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_body_parse_accepts_allowed_members),
		cmocka_unit_test(test_json_body_parse_reads_only_len_bytes),
		cmocka_unit_test(test_json_body_parse_names_unknown_members),
		cmocka_unit_test(test_json_body_parse_refuses_malformed_json),
		cmocka_unit_test(test_json_body_parse_refuses_non_objects),
	};
	return cmocka_run_group_tests_name("web/json_body", tests, NULL, NULL);
}
