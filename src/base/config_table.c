/* config_table.c - the settings table: one row per setting giving its config-file name, flag,
 * environment variable, type, default, range, allowed words and one-line help, and where its
 * value lives in struct config (config.h says how to add one). Data and lookups only: values
 * are parsed by config_value.c, files, environment and flags read by config.c. */
#include <stddef.h>
#include <string.h>

#include "base/config.h"
#include "base/config_int.h"
#include "base/str.h"
#include "base/banned.h"

/* Index = enum value (LOG_ERROR..LOG_DEBUG, LOG_FORMAT_TEXT/JSON, CONFIG_SECURE_COOKIES_*). */
static const char *const log_level_words[] = {"error", "warn", "info", "debug", NULL};
static const char *const log_format_words[] = {"text", "json", NULL};
static const char *const secure_cookies_words[] = {"auto", "always", "never", NULL};

#define FIELD(f) offsetof(struct config, f), sizeof(((struct config *)0)->f)

const struct config_setting config_table[] = {
	{"db", "--db", "INNOMON_DB", CONFIG_STRING, "innomon.db", 0, 0, NULL, 0, "STORE",
	 "the store: an SQLite file, or a PostgreSQL database as postgresql://USER@HOST/DB", FIELD(db_path)},
	{"bind", "--bind", "INNOMON_BIND", CONFIG_ADDR, "127.0.0.1", 0, 0, NULL, 0, "ADDR",
	 "IPv4 address to listen on (0.0.0.0: every interface)", FIELD(bind_addr)},
	{"port", "--port", "INNOMON_PORT", CONFIG_INT, "8080", 0, 65535, NULL, 0, "N",
	 "TCP port to listen on; 0 picks a free one and prints it", FIELD(port)},
	{"threads", "--threads", "INNOMON_THREADS", CONFIG_INT, "4", 1, 256, NULL, 0, "N",
	 "worker threads answering requests", FIELD(threads)},
	{"log_level", "--log-level", "INNOMON_LOG_LEVEL", CONFIG_ENUM, "info", 0, 0, log_level_words, 0, "LEVEL",
	 "least severe log lines written to stderr", FIELD(log_level)},
	{"log_format", "--log-format", "INNOMON_LOG_FORMAT", CONFIG_ENUM, "text", 0, 0, log_format_words, 0, "FORMAT",
	 "log lines as text, or as one JSON object per line", FIELD(log_format)},
	{"body_max", "--body-max", "INNOMON_BODY_MAX", CONFIG_SIZE, "8M", KIB, GIB, NULL, 0, "SIZE",
	 "largest request body accepted (larger: answered 413)", FIELD(body_max_bytes)},
	{"upload_max", "--upload-max", "INNOMON_UPLOAD_MAX", CONFIG_SIZE, "32M", KIB, GIB, NULL, 0, "SIZE",
	 "largest file accepted for an import upload", FIELD(upload_max_bytes)},
	{"conn_limit", "--conn-limit", "INNOMON_CONN_LIMIT", CONFIG_INT, "1000", 1, 65536, NULL, 0, "N",
	 "connections served at once", FIELD(conn_limit)},
	{"per_ip_conn_limit", "--per-ip-conn-limit", "INNOMON_PER_IP_CONN_LIMIT", CONFIG_INT, "512", 0, 65536, NULL, 0,
	 "N", "connections served at once per address (none behind trusted_proxy); 0: no limit", FIELD(per_ip_conn_limit)},
	{"request_timeout", "--request-timeout", "INNOMON_REQUEST_TIMEOUT", CONFIG_DURATION, "30s", 1, HOUR_S, NULL, 0,
	 "DURATION", "a connection silent this long is closed", FIELD(request_timeout_s)},
	{"request_deadline", "--request-deadline", "INNOMON_REQUEST_DEADLINE", CONFIG_DURATION, "20s", 1, HOUR_S, NULL,
	 0, "DURATION", "a request's line, headers and body must all arrive within this, or it is closed",
	 FIELD(request_deadline_s)},
	{"report_workers", "--report-workers", "INNOMON_REPORT_WORKERS", CONFIG_INT, "2", 1, 64, NULL, 0, "N",
	 "reports (evaluation report, export) built at once, apart from the request threads", FIELD(report_workers)},
	{"report_queue", "--report-queue", "INNOMON_REPORT_QUEUE", CONFIG_INT, "4", 0, 1000, NULL, 0, "N",
	 "report requests waiting for a worker; more are answered 503 with Retry-After", FIELD(report_queue)},
	{"access_log_sample", "--access-log-sample", "INNOMON_ACCESS_LOG_SAMPLE", CONFIG_INT, "100", 1, 1000000, NULL,
	 0, "N", "log every 4xx/5xx and slow request and 1 in N of the others; 1: every request",
	 FIELD(access_log_sample)},
	{"cache_max", "--cache-max", "INNOMON_CACHE_MAX", CONFIG_SIZE, "64M", 0, GIB, NULL, 0, "SIZE",
	 "memory for answers of public reads kept per store version; 0: none kept", FIELD(cache_max_bytes)},
	{"progress_max", "--progress-max", "INNOMON_PROGRESS_MAX", CONFIG_SIZE, "1G", 0, 64 * GIB, NULL, 0, "SIZE",
	 "memory for progress judged once per store version for every page and user; 0: judged per request",
	 FIELD(progress_max_bytes)},
	{"session_idle", "--session-idle", "INNOMON_SESSION_IDLE", CONFIG_DURATION, "30m", MINUTE_S, 24 * HOUR_S, NULL,
	 0, "DURATION", "a sign-in session unused this long ends", FIELD(session_idle_s)},
	{"session_absolute", "--session-absolute", "INNOMON_SESSION_ABSOLUTE", CONFIG_DURATION, "12h", MINUTE_S,
	 720 * HOUR_S, NULL, 0, "DURATION", "a sign-in session ends this long after sign-in", FIELD(session_absolute_s)},
	{"secure_cookies", "--secure-cookies", "INNOMON_SECURE_COOKIES", CONFIG_ENUM, "auto", 0, 0, secure_cookies_words,
	 0, "MODE", "mark cookies Secure; auto: when trusted_proxy reports https", FIELD(secure_cookies)},
	{"trusted_proxy", "--trusted-proxy", "INNOMON_TRUSTED_PROXY", CONFIG_ADDR, "", 0, 0, NULL, 1, "ADDR",
	 "IPv4 of the proxy whose X-Forwarded-* count; empty: none", FIELD(trusted_proxy)},
	{"signin_max_failures_account", "--signin-max-failures-account", "INNOMON_SIGNIN_MAX_FAILURES_ACCOUNT",
	 CONFIG_INT, "5", 1, 1000, NULL, 0, "N", "failed sign-ins per account in signin_window, then wait",
	 FIELD(signin_max_failures_account)},
	{"signin_max_failures_ip", "--signin-max-failures-ip", "INNOMON_SIGNIN_MAX_FAILURES_IP", CONFIG_INT, "20", 1,
	 100000, NULL, 0, "N", "failed sign-ins per address in signin_window, then wait",
	 FIELD(signin_max_failures_ip)},
	{"signin_window", "--signin-window", "INNOMON_SIGNIN_WINDOW", CONFIG_DURATION, "15m", MINUTE_S, 24 * HOUR_S,
	 NULL, 0, "DURATION", "the span in which failed sign-ins are counted", FIELD(signin_window_s)},
	{"metrics", "--metrics", "INNOMON_METRICS", CONFIG_BOOL, "true", 0, 0, NULL, 0, "BOOL",
	 "serve GET /metrics (Prometheus) to anyone on the port", FIELD(is_metrics_enabled)},
	{"webhook_url", "--webhook-url", "INNOMON_WEBHOOK_URL", CONFIG_STRING, "", 0, 0, NULL, 1, "URL",
	 "http(s) URL that receives supervision events as signed JSON; empty: none", FIELD(webhook_url)},
	{"webhook_secret", "--webhook-secret", "INNOMON_WEBHOOK_SECRET", CONFIG_STRING, "", 0, 0, NULL, 1, "TEXT",
	 "key of the HMAC-SHA256 signature of each webhook body", FIELD(webhook_secret)},
	{"reminder_days", "--reminder-days", "INNOMON_REMINDER_DAYS", CONFIG_INT, "3", 0, 60, NULL, 0, "N",
	 "remind units this many days before a deadline; 0: no reminders", FIELD(reminder_days)},
	{"evidence_max", "--evidence-max", "INNOMON_EVIDENCE_MAX", CONFIG_SIZE, "20M", KIB, GIB, NULL, 0, "SIZE",
	 "largest evidence file accepted with a progress report", FIELD(evidence_max_bytes)},
	{"scan_command", "--scan-command", "INNOMON_SCAN_COMMAND", CONFIG_STRING, "", 0, 0, NULL, 1, "COMMAND",
	 "command run on each evidence file (path appended); non-zero exit refuses it", FIELD(scan_command)},
	{"tick_interval", "--tick-interval", "INNOMON_TICK_INTERVAL", CONFIG_DURATION, "60s", 0, 24 * HOUR_S, NULL, 0,
	 "DURATION", "how often serve runs the supervision tick; 0: never (use innomon tick)", FIELD(tick_interval_s)},
	{"site_name_zh", "--site-name-zh", "INNOMON_SITE_NAME_ZH", CONFIG_STRING, "创新规划监测评估", 0, 0, NULL, 0, "TEXT",
	 "the site's name in Chinese, at the top of every page", FIELD(site_name_zh)},
	{"site_name_en", "--site-name-en", "INNOMON_SITE_NAME_EN", CONFIG_STRING, "Innovation Plan Monitoring & Evaluation", 0,
	 0, NULL, 0, "TEXT", "the site's name in English", FIELD(site_name_en)},
	{"org_name_zh", "--org-name-zh", "INNOMON_ORG_NAME_ZH", CONFIG_STRING, "", 0, 0, NULL, 1, "TEXT",
	 "who prepares the evaluation reports; empty: the unit owning most headline indicators", FIELD(org_name_zh)},
	{"org_name_en", "--org-name-en", "INNOMON_ORG_NAME_EN", CONFIG_STRING, "", 0, 0, NULL, 1, "TEXT",
	 "the same in English; empty: org_name_zh", FIELD(org_name_en)},
	{"time_zone", "--time-zone", "INNOMON_TIME_ZONE", CONFIG_STRING, "Asia/Shanghai", 0, 0, NULL, 0, "ZONE",
	 "the time zone times are shown in on pages (an IANA name); exports and the API keep UTC", FIELD(time_zone)},
	{"four_eyes", "--four-eyes", "INNOMON_FOUR_EYES", CONFIG_STRING, "all", 0, 0, NULL, 0, "PLANS",
	 "where a second person approves each value: all, none, or plan codes separated by commas", FIELD(four_eyes)},
};

_Static_assert(sizeof(config_table) / sizeof(config_table[0]) == CONFIG_N_SETTINGS, "CONFIG_N_SETTINGS is out of date");

const struct config_setting *config_settings(size_t *n)
{
	*n = CONFIG_N_SETTINGS;
	return config_table;
}

const struct config_setting *config_find_name(struct str name)
{
	for (size_t i = 0; i < CONFIG_N_SETTINGS; i++)
		if (str_eq(name, config_table[i].name))
			return &config_table[i];
	return NULL;
}

const struct config_setting *config_find(const char *name)
{
	return config_find_name(str_of(name));
}

const struct config_setting *config_find_flag(const char *arg)
{
	if (strncmp(arg, "--", 2) != 0)
		return NULL;
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	for (size_t i = 0; i < CONFIG_N_SETTINGS; i++)
		if (strlen(config_table[i].flag) == n && memcmp(config_table[i].flag, arg, n) == 0)
			return &config_table[i];
	return NULL;
}
