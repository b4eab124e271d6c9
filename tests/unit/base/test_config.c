/* test_config.c - unit tests of base/config.c: the table's defaults and naming, every value
 * type from the config file, every error class with its exact file:line:column message, the
 * caps on hostile input, the environment and flags, the precedence default < file < environment
 * < flag, config show round-tripping through the parser, --help listing every flag, and the
 * generated files that must agree with the table (dist/innomon.conf.example, the man page).
 * INNOMON_GOLDEN_WRITE=1 rewrites dist/innomon.conf.example from the table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/config.h"
#include "base/str.h"
#include "base/banned.h"

static struct arena *arena;
static struct diag_list diags;

static int setup(void **state)
{
	(void)state;
	arena = arena_new();
	diag_init(&diags, arena);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(arena);
	arena = NULL;
	return 0;
}

static enum status parse(struct config *c, const char *text)
{
	return config_parse_file(c, text, strlen(text), "test.conf", &diags);
}

/* The formatted value of a setting (in the arena). */
static const char *value_of(const struct config *c, const char *name)
{
	const struct config_setting *s = config_find(name);
	struct buf b;
	assert_non_null(s);
	buf_init(&b, 0);
	assert_int_equal(config_format_value(c, s, &b), ST_OK);
	char *copy = arena_strdup(arena, buf_str(&b));
	buf_release(&b);
	return copy;
}

static void expect_diag(size_t i, long line, int col, const char *code, const char *msg)
{
	if (i >= diags.n)
		fail_msg("diagnostic %zu missing (have %zu); expected: %s", i, diags.n, msg);
	const struct diag *d = &diags.items[i];
	if (!d->msg || strcmp(d->msg, msg) != 0)
		fail_msg("diagnostic %zu: got '%s', expected '%s'", i, d->msg, msg);
	assert_int_equal(d->line, line);
	assert_int_equal(d->col, col);
	assert_string_equal(d->code, code);
	assert_false(d->is_warning);
}

/* Whole file into the arena (NUL-terminated); NULL when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b;
	char chunk[4096];
	size_t n;
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(buf_append(&b, chunk, n), ST_OK);
	fclose(f);
	*len = b.len;
	char *copy = arena_strndup(arena, buf_str(&b), b.len);
	buf_release(&b);
	return copy;
}

static const char *source_path(const char *rel)
{
	const char *root = getenv("INNOMON_SOURCE_ROOT");
	return arena_printf(arena, "%s/%s", root ? root : ".", rel);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* ---- the table ------------------------------------------------------------------------------ */

static void test_config_defaults_are_the_documented_ones(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	assert_string_equal(c.db_path, "innomon.db");
	assert_string_equal(c.bind_addr, "127.0.0.1");
	assert_int_equal(c.port, 8080);
	assert_int_equal(c.threads, 4);
	assert_int_equal(c.log_level, LOG_INFO);
	assert_int_equal(c.log_format, LOG_FORMAT_TEXT);
	assert_int_equal(c.body_max_bytes, 8u << 20);
	assert_int_equal(c.upload_max_bytes, 32u << 20);
	assert_int_equal(c.conn_limit, 1000);
	assert_int_equal(c.per_ip_conn_limit, 512);
	assert_int_equal(c.cache_max_bytes, 64u << 20);
	assert_true(c.progress_max_bytes == (size_t)1 << 30);
	assert_int_equal(c.request_timeout_s, 30);
	assert_int_equal(c.request_deadline_s, 20);
	assert_int_equal(c.report_workers, 2);
	assert_int_equal(c.report_queue, 4);
	assert_int_equal(c.access_log_sample, 100);
	assert_int_equal(c.session_idle_s, 30 * 60);
	assert_int_equal(c.session_absolute_s, 12 * 3600);
	assert_int_equal(c.secure_cookies, CONFIG_SECURE_COOKIES_AUTO);
	assert_string_equal(c.trusted_proxy, "");
	assert_int_equal(c.signin_max_failures_account, 5);
	assert_int_equal(c.signin_max_failures_ip, 20);
	assert_int_equal(c.signin_window_s, 15 * 60);
	assert_true(c.is_metrics_enabled);
	/* a neutral site name, no plan's; no organisation until one is set */
	assert_string_equal(c.site_name_zh, "创新规划监测评估");
	assert_string_equal(c.site_name_en, "Innovation Plan Monitoring & Evaluation");
	assert_string_equal(c.org_name_zh, "");
	assert_string_equal(c.org_name_en, "");
	assert_string_equal(c.file_path, "");
	for (size_t i = 0; i < CONFIG_N_SETTINGS; i++)
		assert_int_equal(c.source[i], CONFIG_SOURCE_DEFAULT);
	/* values print in their shortest exact unit */
	assert_string_equal(value_of(&c, "body_max"), "8M");
	assert_string_equal(value_of(&c, "upload_max"), "32M");
	assert_string_equal(value_of(&c, "request_timeout"), "30s");
	assert_string_equal(value_of(&c, "session_idle"), "30m");
	assert_string_equal(value_of(&c, "session_absolute"), "12h");
	assert_string_equal(value_of(&c, "log_level"), "info");
	assert_string_equal(value_of(&c, "metrics"), "true");
}

static void test_config_settings_names_flags_and_variables_agree(void **state)
{
	(void)state;
	size_t n;
	const struct config_setting *s = config_settings(&n);
	assert_int_equal(n, CONFIG_N_SETTINGS);
	for (size_t i = 0; i < n; i++) {
		char flag[128] = "--", env[128] = "INNOMON_";
		size_t name_len = strlen(s[i].name);
		for (size_t k = 0; k < name_len; k++) {
			char ch = s[i].name[k];
			assert_true((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_');
			flag[2 + k] = ch == '_' ? '-' : ch;
			env[8 + k] = ch == '_' ? '_' : (char)(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
		}
		flag[2 + name_len] = '\0';
		env[8 + name_len] = '\0';
		assert_string_equal(s[i].flag, flag);
		assert_string_equal(s[i].env, env);
		assert_ptr_equal(config_find(s[i].name), &s[i]);
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(s[k].name, s[i].name);
		/* help: one line, lower-case start (an acronym such as TCP aside), no final period */
		size_t help_len = strlen(s[i].help);
		assert_true(help_len > 1);
		assert_null(strchr(s[i].help, '\n'));
		if (s[i].help[0] >= 'A' && s[i].help[0] <= 'Z')
			assert_true(s[i].help[1] >= 'A' && s[i].help[1] <= 'Z');
		assert_true(s[i].help[help_len - 1] != '.');
		assert_non_null(s[i].metavar);
	}
	assert_null(config_find("nope"));
}

/* ---- the config file ------------------------------------------------------------------------ */

static void test_config_parse_file_every_type(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	const char *text = "\xef\xbb\xbf# innomon test settings\r\n"
			   "\r\n"
			   "db = \"/var/lib/innomon/数据 \\\"main\\\" \\\\ #1.db\"   # quoted, escaped, a comment\r\n"
			   "bind = 0.0.0.0\n"
			   "\tport=9090\n"
			   "threads = 16 # sixteen\n"
			   "log_level = DEBUG\n"
			   "log_format = json\n"
			   "body_max = 512K\n"
			   "upload_max = 1g\n"
			   "conn_limit = 1000\n"
			   "per_ip_conn_limit = 0\n"
			   "request_timeout = 90\n"
			   "request_deadline = 2m\n"
			   "report_workers = 3\n"
			   "report_queue = 0\n"
			   "access_log_sample = 1\n"
			   "cache_max = 0\n"
			   "progress_max = 2G\n"
			   "session_idle = 45m\n"
			   "session_absolute = 24h\n"
			   "secure_cookies = always\n"
			   "trusted_proxy = \"10.1.2.3\"\n"
			   "signin_max_failures_account = +7\n"
			   "signin_max_failures_ip = 100\n"
			   "signin_window = 3600s\n"
			   "metrics = off\n"
			   "webhook_url = https://oa.example.cn/hooks/innomon\n"
			   "webhook_secret = \"s3cret key\"\n"
			   "reminder_days = 5\n"
			   "evidence_max = 4M\n"
			   "scan_command = \"\"\n"
			   "tick_interval = 0\n"
			   "site_name_zh = 湘江科创监测平台\n"
			   "site_name_en = \"Xiangjiang \\\"S&T\\\" monitor\"\n"
			   "org_name_zh = 省科技信息研究所\n"
			   "org_name_en = \"\"\n"
			   "time_zone = Europe/Berlin\n"
			   "four_eyes = czt-2024, innov-prov-2018";
	assert_int_equal(parse(&c, text), ST_OK);
	assert_int_equal(diags.n, 0);
	assert_string_equal(c.db_path, "/var/lib/innomon/数据 \"main\" \\ #1.db");
	assert_string_equal(c.bind_addr, "0.0.0.0");
	assert_int_equal(c.port, 9090);
	assert_int_equal(c.threads, 16);
	assert_int_equal(c.log_level, LOG_DEBUG);
	assert_int_equal(c.log_format, LOG_FORMAT_JSON);
	assert_int_equal(c.body_max_bytes, 512u * 1024);
	assert_int_equal(c.upload_max_bytes, 1u << 30);
	assert_int_equal(c.conn_limit, 1000);
	assert_int_equal(c.per_ip_conn_limit, 0);
	assert_int_equal(c.request_timeout_s, 90);
	assert_int_equal(c.session_idle_s, 45 * 60);
	assert_int_equal(c.session_absolute_s, 24 * 3600);
	assert_int_equal(c.secure_cookies, CONFIG_SECURE_COOKIES_ALWAYS);
	assert_string_equal(c.trusted_proxy, "10.1.2.3");
	assert_int_equal(c.signin_max_failures_account, 7);
	assert_int_equal(c.signin_max_failures_ip, 100);
	assert_int_equal(c.signin_window_s, 3600);
	assert_false(c.is_metrics_enabled);
	assert_string_equal(c.webhook_url, "https://oa.example.cn/hooks/innomon");
	assert_string_equal(c.webhook_secret, "s3cret key");
	assert_int_equal(c.reminder_days, 5);
	assert_int_equal(c.evidence_max_bytes, 4u << 20);
	assert_string_equal(c.scan_command, "");
	assert_int_equal(c.tick_interval_s, 0);
	assert_int_equal(c.request_deadline_s, 120);
	assert_int_equal(c.report_workers, 3);
	assert_int_equal(c.report_queue, 0);
	assert_int_equal(c.access_log_sample, 1);
	assert_int_equal(c.cache_max_bytes, 0);
	assert_true(c.progress_max_bytes == (size_t)2 << 30);
	assert_string_equal(c.site_name_zh, "湘江科创监测平台");
	assert_string_equal(c.site_name_en, "Xiangjiang \"S&T\" monitor");
	assert_string_equal(c.org_name_zh, "省科技信息研究所");
	assert_string_equal(c.org_name_en, "");
	assert_string_equal(c.time_zone, "Europe/Berlin");
	assert_string_equal(c.four_eyes, "czt-2024, innov-prov-2018");
	/* config show never prints a secret */
	struct buf shown;
	buf_init(&shown, 0);
	assert_int_equal(config_describe(&c, &shown), ST_OK);
	assert_null(strstr(buf_str(&shown), "s3cret"));
	assert_non_null(strstr(buf_str(&shown), "webhook_secret = \"********\""));
	buf_release(&shown);
	/* nor the password of a PostgreSQL store's URL */
	struct config pg;
	config_defaults(&pg);
	assert_int_equal(parse(&pg, "db = postgresql://innomon:pw-9x@db.example/innomon?password=pw-9y\n"), ST_OK);
	buf_init(&shown, 0);
	assert_int_equal(config_describe(&pg, &shown), ST_OK);
	assert_null(strstr(buf_str(&shown), "pw-9"));
	assert_non_null(strstr(buf_str(&shown), "db = \"postgresql://innomon:***@db.example/innomon?password=***\""));
	buf_release(&shown);
	for (size_t i = 0; i < CONFIG_N_SETTINGS; i++)
		assert_int_equal(c.source[i], CONFIG_SOURCE_FILE);
	assert_int_equal(c.source_line[config_find("db") - config_settings(&(size_t){0})], 3);
	assert_int_equal(c.source_line[config_find("port") - config_settings(&(size_t){0})], 5);
	assert_string_equal(value_of(&c, "request_timeout"), "90s");
	assert_string_equal(value_of(&c, "signin_window"), "1h");
	assert_string_equal(value_of(&c, "upload_max"), "1G");

	/* other spellings: yes, plain bytes, an empty address means none */
	assert_int_equal(parse(&c, "metrics = yes\nbody_max = 2049\ntrusted_proxy =\nsession_idle = 1h\n"), ST_OK);
	assert_true(c.is_metrics_enabled);
	assert_int_equal(c.body_max_bytes, 2049);
	assert_string_equal(value_of(&c, "body_max"), "2049");
	assert_string_equal(c.trusted_proxy, "");
	assert_int_equal(c.session_idle_s, 3600);

	/* comments and blank lines only: nothing changes */
	struct config before = c;
	assert_int_equal(parse(&c, "# nothing\n\n   \t\n  # more\n"), ST_OK);
	assert_memory_equal(&before, &c, sizeof(c));
	assert_int_equal(parse(&c, ""), ST_OK);
	assert_memory_equal(&before, &c, sizeof(c));
}

struct bad_line {
	const char *text;
	int col;
	const char *code;
	const char *msg; /* NULL: the line is good */
};

static void test_config_parse_file_every_error_with_line_and_column(void **state)
{
	(void)state;
	static const struct bad_line lines[] = {
		{"# every error class, one per line", 0, NULL, NULL},
		{"per_ip_conn_limit = 10", 0, NULL, NULL},
		{"prot = 8080", 1, "unknown_setting", "unknown setting 'prot' (did you mean 'port'?)"},
		{"log-level = debug", 1, "unknown_setting", "unknown setting 'log-level' (did you mean 'log_level'?)"},
		{"  INNOMON_THREADS = 2", 3, "unknown_setting", "unknown setting 'INNOMON_THREADS' (did you mean 'threads'?)"},
		{"colour = blue", 1, "unknown_setting", "unknown setting 'colour' (innomon --help lists the settings)"},
		{"threads = four", 11, "bad_value",
		 "invalid value 'four' for setting 'threads': expected an integer from 1 to 256"},
		{"port = 70000", 8, "out_of_range",
		 "value '70000' for setting 'port' is out of range: expected an integer from 0 to 65535"},
		{"conn_limit = -1", 14, "out_of_range",
		 "value '-1' for setting 'conn_limit' is out of range: expected an integer from 1 to 65536"},
		{"signin_max_failures_ip = 99999999999999999999999", 26, "out_of_range",
		 "value '99999999999999999999999' for setting 'signin_max_failures_ip' is out of range: expected an "
		 "integer from 1 to 100000"},
		{"metrics = maybe", 11, "bad_value", "invalid value 'maybe' for setting 'metrics': expected true or false"},
		{"log_level = verbose", 13, "bad_value",
		 "invalid value 'verbose' for setting 'log_level': expected one of error, warn, info, debug"},
		{"body_max = 8 MB", 12, "bad_value",
		 "invalid value '8 MB' for setting 'body_max': expected a size from 1K to 1G (bytes, or a number with "
		 "K, M or G)"},
		{"upload_max = 2G", 14, "out_of_range",
		 "value '2G' for setting 'upload_max' is out of range: expected a size from 1K to 1G (bytes, or a number "
		 "with K, M or G)"},
		{"session_idle = 30 minutes", 16, "bad_value",
		 "invalid value '30 minutes' for setting 'session_idle': expected a duration from 1m to 24h (seconds, or "
		 "a number with s, m or h)"},
		{"request_timeout = 0s", 19, "out_of_range",
		 "value '0s' for setting 'request_timeout' is out of range: expected a duration from 1s to 1h (seconds, "
		 "or a number with s, m or h)"},
		{"session_absolute = 9999999999999999h", 20, "out_of_range",
		 "value '9999999999999999h' for setting 'session_absolute' is out of range: expected a duration from 1m "
		 "to 720h (seconds, or a number with s, m or h)"},
		{"bind = localhost", 8, "bad_value",
		 "invalid value 'localhost' for setting 'bind': expected an IPv4 address such as 127.0.0.1"},
		{"trusted_proxy = 10.0.0.256", 17, "bad_value",
		 "invalid value '10.0.0.256' for setting 'trusted_proxy': expected an IPv4 address such as 10.0.0.2, or "
		 "empty for none"},
		{"secure_cookies = \"\"", 18, "bad_value",
		 "invalid value '' for setting 'secure_cookies': expected one of auto, always, never"},
		{"db = \"\"", 6, "bad_value", "invalid value '' for setting 'db': expected a non-empty text"},
		{"threads 8", 9, "syntax", "expected '=' after 'threads' (write: name = value)"},
		{"= 5", 1, "syntax", "expected a setting name before '='"},
		{"db = \"x.db", 6, "syntax", "missing closing '\"' in the value of 'db'"},
		{"db = \"数据\" x", 11, "syntax", "unexpected text after the quoted value of 'db'"},
		{"port = 80\x01", 10, "bad_character", "control character 0x01 is not allowed"},
		{"db = \xff.db", 6, "bad_encoding", "invalid UTF-8 (save the file as UTF-8)"},
		{"per_ip_conn_limit = 11", 1, "duplicate_setting", "setting 'per_ip_conn_limit' is set twice (first on line 2)"},
		{"   ", 0, NULL, NULL},
	};
	size_t n_lines = sizeof(lines) / sizeof(lines[0]);
	struct buf text;
	buf_init(&text, 0);
	for (size_t i = 0; i < n_lines; i++)
		bwf(&text, "%s%s", lines[i].text, i % 2 ? "\r\n" : "\n");
	/* a value and a line past their caps */
	long value_line = (long)n_lines + 1, long_line = (long)n_lines + 2;
	bw(&text, "log_format = \"");
	for (size_t i = 0; i < CONFIG_VALUE_MAX_BYTES + 1; i++)
		bwc(&text, 'x');
	bw(&text, "\"\nsignin_window = ");
	for (size_t i = 0; i < CONFIG_LINE_MAX_BYTES; i++)
		bwc(&text, '9');
	bw(&text, "\nsignin_max_failures_account = 9\n");
	assert_int_equal(buf_status(&text), ST_OK);

	struct config c, before;
	config_defaults(&c);
	before = c;
	assert_int_equal(config_parse_file(&c, text.p, text.len, "test.conf", &diags), ST_INVALID);
	buf_release(&text);
	/* all or nothing: the good lines (per_ip_conn_limit, signin_max_failures_account) were not applied */
	assert_memory_equal(&before, &c, sizeof(c));

	size_t k = 0;
	for (size_t i = 0; i < n_lines; i++) {
		if (!lines[i].msg)
			continue;
		expect_diag(k++, (long)i + 1, lines[i].col, lines[i].code, lines[i].msg);
	}
	expect_diag(k++, value_line, 14, "too_long", "value for setting 'log_format' is longer than 1023 bytes");
	expect_diag(k++, long_line, 0, "too_long", "line is longer than 4096 bytes");
	assert_int_equal(diags.n, k);
	assert_int_equal(diag_errors(&diags), k);

	/* what the user sees */
	char *printed = NULL;
	size_t printed_len = 0;
	FILE *f = open_memstream(&printed, &printed_len);
	assert_non_null(f);
	diag_print(&diags, f);
	fclose(f);
	assert_non_null(strstr(printed, "test.conf:3:1: error: unknown setting 'prot' (did you mean 'port'?)\n"));
	assert_non_null(strstr(printed, "test.conf:8:8: error: value '70000' for setting 'port' is out of range: "
					"expected an integer from 0 to 65535\n"));
	free(printed);
}

static void test_config_parse_file_quotes_hostile_values_safely(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	/* a long bad value is quoted cut short, on a character boundary */
	struct buf text;
	buf_init(&text, 0);
	bw(&text, "bind = ");
	for (int i = 0; i < 40; i++)
		bw(&text, "数");
	bwc(&text, '\n');
	assert_int_equal(parse(&c, buf_str(&text)), ST_INVALID);
	buf_release(&text);
	assert_int_equal(diags.n, 1);
	assert_string_equal(diags.items[0].msg, "invalid value '数数数数数数数数数数数数数数数数数数数数...' for setting 'bind': "
						"expected an IPv4 address such as 127.0.0.1");
}

static void test_config_parse_file_too_large(void **state)
{
	(void)state;
	struct config c, before;
	config_defaults(&c);
	before = c;
	size_t len = CONFIG_FILE_MAX_BYTES + 1;
	char *text = malloc(len);
	assert_non_null(text);
	memset(text, '\n', len);
	memcpy(text, "port = 1\n", 9);
	assert_int_equal(config_parse_file(&c, text, len, "big.conf", &diags), ST_TOO_LARGE);
	free(text);
	assert_memory_equal(&before, &c, sizeof(c));
	expect_diag(0, 0, 0, "too_large", "config file is larger than 1048576 bytes");
	assert_string_equal(diags.items[0].file, "big.conf");
}

static void test_config_read_file_missing_and_not_regular(void **state)
{
	(void)state;
	struct config c;
	char dir[] = "/tmp/innomon-config-XXXXXX";
	assert_non_null(mkdtemp(dir));
	config_defaults(&c);
	const char *missing = arena_printf(arena, "%s/none.conf", dir);
	assert_int_equal(config_read_file(&c, missing, &diags), ST_NOT_FOUND);
	expect_diag(0, 0, 0, "not_found",
		    arena_printf(arena, "cannot open config file '%s': No such file or directory", missing));
	assert_int_equal(config_read_file(&c, dir, &diags), ST_IO);
	expect_diag(1, 0, 0, "io", arena_printf(arena, "config file '%s' is not a regular file", dir));

	const char *good = arena_printf(arena, "%s/good.conf", dir);
	write_file(good, "threads = 9\n");
	assert_int_equal(config_read_file(&c, good, &diags), ST_OK);
	assert_int_equal(c.threads, 9);
	assert_string_equal(c.file_path, good);
	unlink(good);
	rmdir(dir);
}

/* ---- environment and flags ------------------------------------------------------------------ */

static void test_config_apply_env_reads_only_its_variables(void **state)
{
	(void)state;
	struct config c;
	char *env[] = {
		"PATH=/usr/bin",
		"INNOMON_PORT=9000",
		"INNOMON_NOW=2025-01-01T00:00:00Z", /* not a setting: ignored */
		"INNOMON_LOG_FORMAT=json",
		"INNOMON_DB=",                      /* empty counts as unset */
		"INNOMON_PORT=1",                   /* the first one counts, as with getenv */
		"INNOMON_PORTX=5",
		"INNOMON_SESSION_ABSOLUTE=2h",
		NULL,
	};
	config_defaults(&c);
	assert_int_equal(config_apply_env(&c, env, &diags), ST_OK);
	assert_int_equal(diags.n, 0);
	assert_int_equal(c.port, 9000);
	assert_int_equal(c.log_format, LOG_FORMAT_JSON);
	assert_string_equal(c.db_path, "innomon.db");
	assert_int_equal(c.session_absolute_s, 7200);
	size_t n;
	const struct config_setting *s = config_settings(&n);
	for (size_t i = 0; i < n; i++) {
		int is_set = streq(s[i].name, "port") || streq(s[i].name, "log_format") ||
			     streq(s[i].name, "session_absolute");
		assert_int_equal(c.source[i], is_set ? CONFIG_SOURCE_ENV : CONFIG_SOURCE_DEFAULT);
	}
	/* no environment at all */
	assert_int_equal(config_apply_env(&c, NULL, &diags), ST_OK);
}

static void test_config_apply_env_errors_change_nothing(void **state)
{
	(void)state;
	struct config c, before;
	char *env[] = {"INNOMON_PORT=9000", "INNOMON_THREADS=0", "INNOMON_SECURE_COOKIES=sometimes",
		       "INNOMON_BIND=127.0.0.1\nX", NULL};
	config_defaults(&c);
	before = c;
	assert_int_equal(config_apply_env(&c, env, &diags), ST_INVALID);
	assert_memory_equal(&before, &c, sizeof(c));
	expect_diag(0, 0, 0, "bad_value",
		    "invalid value '127.0.0.1?X' for INNOMON_BIND: expected an IPv4 address such as 127.0.0.1");
	expect_diag(1, 0, 0, "out_of_range",
		    "value '0' for INNOMON_THREADS is out of range: expected an integer from 1 to 256");
	expect_diag(2, 0, 0, "bad_value",
		    "invalid value 'sometimes' for INNOMON_SECURE_COOKIES: expected one of auto, always, never");
	assert_int_equal(diags.n, 3);
	assert_null(diags.items[0].file);
}

static void test_config_apply_flag_forms_and_errors(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	assert_int_equal(config_apply_flag(&c, "--port", "9", &diags), 1);
	assert_int_equal(c.port, 9);
	assert_int_equal(config_apply_flag(&c, "--port=10", "ignored", &diags), 1);
	assert_int_equal(c.port, 10);
	assert_int_equal(config_apply_flag(&c, "--log-level=warn", NULL, &diags), 1);
	assert_int_equal(c.log_level, LOG_WARN);
	assert_int_equal(config_apply_flag(&c, "--trusted-proxy=", NULL, &diags), 1);
	assert_string_equal(c.trusted_proxy, "");
	assert_int_equal(diags.n, 0);
	/* not settings: nothing happens */
	assert_int_equal(config_apply_flag(&c, "--frob", "1", &diags), 0);
	assert_int_equal(config_apply_flag(&c, "--po", "1", &diags), 0);
	assert_int_equal(config_apply_flag(&c, "-p", "1", &diags), 0);
	assert_int_equal(config_apply_flag(&c, "port", "1", &diags), 0);
	assert_int_equal(config_apply_flag(&c, "--log_level", "warn", &diags), 0);
	assert_int_equal(diags.n, 0);
	/* settings with a missing or bad value */
	assert_int_equal(config_apply_flag(&c, "--port", NULL, &diags), 1);
	assert_int_equal(config_apply_flag(&c, "--port", "x", &diags), 1);
	assert_int_equal(config_apply_flag(&c, "--body-max=3T", NULL, &diags), 1);
	assert_int_equal(c.port, 10);
	expect_diag(0, 0, 0, "missing_value", "option --port needs a value: expected an integer from 0 to 65535");
	expect_diag(1, 0, 0, "bad_value", "invalid value 'x' for --port: expected an integer from 0 to 65535");
	expect_diag(2, 0, 0, "bad_value",
		    "invalid value '3T' for --body-max: expected a size from 1K to 1G (bytes, or a number with K, M or "
		    "G)");
	assert_int_equal(diags.n, 3);
}

static void test_config_apply_args_consumes_values(void **state)
{
	(void)state;
	struct config c;
	char *argv[] = {"innomon", "--db", "x.db", "--log-format=json", "serve", "--metrics", "no", "--threads"};
	int argc = (int)(sizeof(argv) / sizeof(argv[0]));
	int seen[8] = {0};
	config_defaults(&c);
	for (int i = 1; i < argc; i++) {
		int at = i;
		if (!config_apply_args(&c, argc, argv, &i, &diags))
			seen[at] = 1;
	}
	/* only "serve" is left for the caller */
	assert_int_equal(seen[1] + seen[2] + seen[3] + seen[5] + seen[6] + seen[7], 0);
	assert_int_equal(seen[4], 1);
	assert_string_equal(c.db_path, "x.db");
	assert_int_equal(c.log_format, LOG_FORMAT_JSON);
	assert_false(c.is_metrics_enabled);
	/* --threads at the end has no value */
	expect_diag(0, 0, 0, "missing_value", "option --threads needs a value: expected an integer from 1 to 256");
	assert_int_equal(diags.n, 1);
}

static void test_config_arg_path_finds_config_before_the_command(void **state)
{
	(void)state;
	char *plain[] = {"innomon", "--config", "/etc/x.conf", "serve", NULL};
	char *joined[] = {"innomon", "--db", "--config", "--config=/y.conf", "serve", NULL};
	char *after[] = {"innomon", "serve", "--config", "/z.conf", NULL};
	char *missing[] = {"innomon", "--port=1", "--config", NULL};
	char *none[] = {"innomon", "--port", "8", "plan", "show", NULL};
	assert_string_equal(config_arg_path(4, plain), "/etc/x.conf");
	/* "--config" after --db is --db's value, not an option */
	assert_string_equal(config_arg_path(5, joined), "/y.conf");
	assert_null(config_arg_path(4, after));
	assert_string_equal(config_arg_path(3, missing), "");
	assert_null(config_arg_path(5, none));
}

static void test_config_bool_spellings(void **state)
{
	(void)state;
	struct config c;
	const char *yes[] = {"true", "YES", "on", "1"}, *no[] = {"false", "No", "OFF", "0"};
	config_defaults(&c);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(config_apply_flag(&c, "--metrics", no[i], &diags), 1);
		assert_false(c.is_metrics_enabled);
		assert_int_equal(config_apply_flag(&c, "--metrics", yes[i], &diags), 1);
		assert_true(c.is_metrics_enabled);
	}
	assert_int_equal(diags.n, 0);
	assert_int_equal(config_apply_flag(&c, "--metrics", "2", &diags), 1);
	assert_int_equal(diags.n, 1);
}

/* ---- precedence ----------------------------------------------------------------------------- */

static void test_config_load_precedence_default_file_env_flag(void **state)
{
	(void)state;
	char dir[] = "/tmp/innomon-config-XXXXXX";
	assert_non_null(mkdtemp(dir));
	const char *file = arena_printf(arena, "%s/innomon.conf", dir);
	write_file(file, "# site settings\nport = 1000\nthreads = 2\nlog_level = warn\ndb = \"file.db\"\n");
	char *env[] = {"INNOMON_PORT=2000", "INNOMON_THREADS=3", NULL};
	struct config c;

	/* the default path is read when it exists */
	assert_int_equal(config_load(&c, NULL, file, env, &diags), ST_OK);
	assert_int_equal(config_apply_flag(&c, "--port", "3000", &diags), 1);
	assert_int_equal(diags.n, 0);
	assert_int_equal(c.port, 3000);                  /* flag beats environment and file */
	assert_int_equal(c.threads, 3);                  /* environment beats file */
	assert_int_equal(c.log_level, LOG_WARN);         /* file beats default */
	assert_string_equal(c.db_path, "file.db");
	assert_int_equal(c.conn_limit, 1000);            /* default */
	assert_string_equal(c.file_path, file);

	struct buf shown;
	buf_init(&shown, 0);
	assert_int_equal(config_describe(&c, &shown), ST_OK);
	const char *expected_lines[] = {
		arena_printf(arena, "# config file: %s\n", file),
		arena_printf(arena, "\n%-44s # flag --port\n", "port = 3000"),
		arena_printf(arena, "\n%-44s # environment INNOMON_THREADS\n", "threads = 3"),
		arena_printf(arena, "\n%-44s # %s:4\n", "log_level = warn", file),
		arena_printf(arena, "\n%-44s # %s:5\n", "db = \"file.db\"", file),
		arena_printf(arena, "\n%-44s # default\n", "conn_limit = 1000"),
		arena_printf(arena, "\n%-44s # default\n", "trusted_proxy = \"\""),
	};
	for (size_t i = 0; i < sizeof(expected_lines) / sizeof(expected_lines[0]); i++)
		if (!strstr(buf_str(&shown), expected_lines[i]))
			fail_msg("config show lacks '%s' in:\n%s", expected_lines[i], buf_str(&shown));
	buf_release(&shown);

	/* a default path that does not exist is skipped */
	const char *missing = arena_printf(arena, "%s/missing.conf", dir);
	assert_int_equal(config_load(&c, NULL, missing, env, &diags), ST_OK);
	assert_int_equal(c.port, 2000);
	assert_int_equal(c.log_level, LOG_INFO);
	assert_string_equal(c.file_path, "");
	/* an explicit path (--config) must exist */
	assert_int_equal(config_load(&c, missing, NULL, env, &diags), ST_NOT_FOUND);
	assert_int_equal(diags.n, 1);
	/* INNOMON_CONFIG names the file when --config does not, and must exist too */
	char *env_config[] = {(char *)arena_printf(arena, "INNOMON_CONFIG=%s", file), NULL};
	assert_int_equal(config_load(&c, NULL, missing, env_config, &diags), ST_OK);
	assert_int_equal(c.port, 1000);
	char *env_missing[] = {(char *)arena_printf(arena, "INNOMON_CONFIG=%s", missing), NULL};
	assert_int_equal(config_load(&c, NULL, file, env_missing, &diags), ST_NOT_FOUND);
	/* --config wins over INNOMON_CONFIG */
	const char *other = arena_printf(arena, "%s/other.conf", dir);
	write_file(other, "port = 4000\n");
	assert_int_equal(config_load(&c, other, NULL, env_config, &diags), ST_OK);
	assert_int_equal(c.port, 4000);
	/* a bad file stops before the environment */
	write_file(other, "port = x\n");
	assert_int_equal(config_load(&c, other, NULL, env, &diags), ST_INVALID);
	unlink(file);
	unlink(other);
	rmdir(dir);
}

static void test_config_describe_round_trips_through_the_parser(void **state)
{
	(void)state;
	struct config c, back;
	config_defaults(&c);
	const char *flags[][2] = {
		{"--db", "/srv/数据 \"q\" \\ #x.db"}, {"--bind", "10.0.0.1"}, {"--port", "0"},
		{"--log-level", "error"}, {"--body-max", "1536"}, {"--upload-max", "3M"},
		{"--request-timeout", "61"}, {"--session-idle", "120m"}, {"--secure-cookies", "never"},
		{"--trusted-proxy", "192.168.1.1"}, {"--metrics", "0"},
	};
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		assert_int_equal(config_apply_flag(&c, flags[i][0], flags[i][1], &diags), 1);
	assert_int_equal(diags.n, 0);
	struct buf shown;
	buf_init(&shown, 0);
	assert_int_equal(config_describe(&c, &shown), ST_OK);
	config_defaults(&back);
	if (config_parse_file(&back, shown.p, shown.len, "shown.conf", &diags) != ST_OK) {
		diag_print(&diags, stderr);
		fail_msg("config show is not a valid config file:\n%s", buf_str(&shown));
	}
	buf_release(&shown);
	size_t n;
	const struct config_setting *s = config_settings(&n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(value_of(&back, s[i].name), value_of(&c, s[i].name));
	assert_string_equal(back.db_path, "/srv/数据 \"q\" \\ #x.db");
	assert_string_equal(value_of(&back, "session_idle"), "2h");
}

/* ---- generated text ------------------------------------------------------------------------- */

static void test_config_help_lists_every_flag(void **state)
{
	(void)state;
	struct buf help;
	buf_init(&help, 0);
	assert_int_equal(config_help(&help), ST_OK);
	size_t n;
	const struct config_setting *s = config_settings(&n);
	for (size_t i = 0; i < n; i++) {
		const char *needle = arena_printf(arena, "  %s %s ", s[i].flag, s[i].metavar);
		if (!strstr(buf_str(&help), needle))
			fail_msg("--help lacks '%s'", needle);
		assert_non_null(strstr(buf_str(&help), s[i].help));
	}
	assert_non_null(strstr(buf_str(&help), "[0..65535, default 8080]\n"));
	assert_non_null(strstr(buf_str(&help), "[error|warn|info|debug, default info]\n"));
	assert_non_null(strstr(buf_str(&help), "[1K..1G, default 8M]\n"));
	assert_non_null(strstr(buf_str(&help), "[1m..24h, default 30m]\n"));
	assert_non_null(strstr(buf_str(&help), "[default none]\n"));
	buf_release(&help);
}

static void test_config_example_file_matches_the_table(void **state)
{
	(void)state;
	struct buf example;
	buf_init(&example, 0);
	assert_int_equal(config_example(&example), ST_OK);
	const char *path = source_path("dist/innomon.conf.example");
	if (getenv("INNOMON_GOLDEN_WRITE"))
		write_file(path, buf_str(&example));
	size_t len;
	char *shipped = slurp(path, &len);
	if (!shipped)
		fail_msg("cannot read %s", path);
	if (len != example.len || memcmp(shipped, example.p, len) != 0)
		fail_msg("%s differs from the settings table: rerun this test with INNOMON_GOLDEN_WRITE=1 to "
			 "regenerate it, then review the diff",
			 path);

	/* every setting appears, commented out; uncommented, the file parses to the defaults */
	struct buf uncommented;
	buf_init(&uncommented, 0);
	size_t n, n_settings_seen = 0;
	const struct config_setting *s = config_settings(&n);
	for (const char *line = shipped; *line;) {
		const char *nl = strchr(line, '\n');
		size_t line_len = nl ? (size_t)(nl - line) : strlen(line);
		int is_setting = 0;
		for (size_t i = 0; i < n && line[0] == '#'; i++) {
			size_t name_len = strlen(s[i].name);
			if (line_len > name_len + 3 && memcmp(line + 1, s[i].name, name_len) == 0 &&
			    memcmp(line + 1 + name_len, " = ", 3) == 0)
				is_setting = 1;
		}
		n_settings_seen += (size_t)is_setting;
		bwn(&uncommented, line + is_setting, line_len - (size_t)is_setting);
		bwc(&uncommented, '\n');
		line += line_len + (nl ? 1 : 0);
	}
	assert_int_equal(n_settings_seen, n);
	struct config from_file, defaults;
	config_defaults(&defaults);
	config_defaults(&from_file);
	if (config_parse_file(&from_file, uncommented.p, uncommented.len, "innomon.conf.example", &diags) != ST_OK) {
		diag_print(&diags, stderr);
		fail_msg("the uncommented example does not parse");
	}
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(from_file.source[i], CONFIG_SOURCE_FILE);
		assert_string_equal(value_of(&from_file, s[i].name), value_of(&defaults, s[i].name));
	}
	buf_release(&uncommented);
	buf_release(&example);
}

static void test_config_man_page_documents_every_setting(void **state)
{
	(void)state;
	size_t len, n;
	char *man = slurp(source_path("docs/innomon.1.scd"), &len);
	assert_non_null(man);
	const struct config_setting *s = config_settings(&n);
	for (size_t i = 0; i < n; i++) {
		const char *needles[] = {
			arena_printf(arena, "*%s* %s", s[i].flag, s[i].metavar),
			arena_printf(arena, "*%s*", s[i].env),
			arena_printf(arena, "_%s_", s[i].name),
		};
		for (size_t k = 0; k < 3; k++)
			if (!strstr(man, needles[k]))
				fail_msg("docs/innomon.1.scd does not mention '%s'", needles[k]);
	}
	assert_non_null(strstr(man, "*INNOMON_CONFIG*"));
	assert_non_null(strstr(man, CONFIG_DEFAULT_PATH));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_config_defaults_are_the_documented_ones, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_settings_names_flags_and_variables_agree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_parse_file_every_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_parse_file_every_error_with_line_and_column, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_parse_file_quotes_hostile_values_safely, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_parse_file_too_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_read_file_missing_and_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_apply_env_reads_only_its_variables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_apply_env_errors_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_apply_flag_forms_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_apply_args_consumes_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_arg_path_finds_config_before_the_command, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_bool_spellings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_load_precedence_default_file_env_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_describe_round_trips_through_the_parser, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_help_lists_every_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_example_file_matches_the_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_man_page_documents_every_setting, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
