/* config.h - innomon's settings: ONE table (config_table.c) gives every setting its name,
 * command-line flag, environment variable, type, default, range and one-line help, as redis
 * static_configs and PostgreSQL GUC records do. --help, `innomon config show`, the example file
 * dist/innomon.conf.example and validation are all generated from it.
 * Precedence: built-in default < config file < environment (INNOMON_*) < command-line flags.
 * main fills one struct config and passes `const struct config *` down; nothing is global.
 * To add a setting: a field here, a row in the table in config_table.c, CONFIG_N_SETTINGS + 1,
 * then regenerate dist/innomon.conf.example (tests/unit/base/test_config.c says how) and add it
 * to docs/innomon.1.scd (the same test checks both). */
#ifndef INNOMON_BASE_CONFIG_H
#define INNOMON_BASE_CONFIG_H

#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/log.h"
#include "base/status.h"

#define CONFIG_DEFAULT_PATH "/etc/innomon.conf" /* read when it exists and no other is named */
#define CONFIG_FILE_MAX_BYTES ((size_t)1 << 20) /* a longer config file is refused whole */
#define CONFIG_LINE_MAX_BYTES 4096u             /* a longer line is an error */
#define CONFIG_VALUE_MAX_BYTES 1023u            /* a longer value is an error */
#define CONFIG_ADDR_MAX_BYTES 15u               /* "255.255.255.255" */
#define CONFIG_N_SETTINGS 37

enum config_type {
	CONFIG_STRING,   /* non-empty text */
	CONFIG_ADDR,     /* an IPv4 address in dotted-quad form (empty allowed where the table says) */
	CONFIG_INT,      /* a decimal integer in [min, max] */
	CONFIG_BOOL,     /* true/false, yes/no, on/off, 1/0 */
	CONFIG_ENUM,     /* one of the table's allowed words; stored as its index */
	CONFIG_SIZE,     /* bytes: a number with an optional K, M or G suffix (powers of 1024) */
	CONFIG_DURATION, /* seconds: a number with an optional s, m or h suffix */
};

/* Same numbering as server_config.secure_cookies. */
enum config_secure_cookies {
	CONFIG_SECURE_COOKIES_AUTO,   /* Secure when a trusted proxy says the request came over TLS */
	CONFIG_SECURE_COOKIES_ALWAYS,
	CONFIG_SECURE_COOKIES_NEVER,
};

enum config_source { CONFIG_SOURCE_DEFAULT, CONFIG_SOURCE_FILE, CONFIG_SOURCE_ENV, CONFIG_SOURCE_FLAG };

/* The effective settings: one typed field per setting. Written only by the config_* functions
 * (main, at start); read-only afterwards. Self-contained: strings are arrays inside the struct,
 * so a copy is a full copy and there is nothing to free. */
struct config {
	char db_path[CONFIG_VALUE_MAX_BYTES + 1];         /* db */
	char bind_addr[CONFIG_ADDR_MAX_BYTES + 1];        /* bind */
	long long port;                                   /* port: 0 = any free port */
	long long threads;                                /* threads */
	enum log_level log_level;                         /* log_level */
	enum log_format log_format;                       /* log_format */
	size_t body_max_bytes;                            /* body_max */
	size_t upload_max_bytes;                          /* upload_max */
	long long conn_limit;                             /* conn_limit */
	long long per_ip_conn_limit;                      /* per_ip_conn_limit: 0 = no limit */
	long long request_timeout_s;                      /* request_timeout */
	long long request_deadline_s;                     /* request_deadline */
	long long report_workers;                         /* report_workers */
	long long report_queue;                           /* report_queue */
	long long access_log_sample;                      /* access_log_sample: 1 = every request */
	size_t cache_max_bytes;                           /* cache_max: 0 = no answers kept */
	size_t progress_max_bytes;                        /* progress_max: 0 = judged per request */
	long long session_idle_s;                         /* session_idle */
	long long session_absolute_s;                     /* session_absolute */
	enum config_secure_cookies secure_cookies;        /* secure_cookies */
	char trusted_proxy[CONFIG_ADDR_MAX_BYTES + 1];    /* trusted_proxy: "" = none */
	long long signin_max_failures_account;            /* signin_max_failures_account */
	long long signin_max_failures_ip;                 /* signin_max_failures_ip */
	long long signin_window_s;                        /* signin_window */
	int is_metrics_enabled;                           /* metrics: serve GET /metrics */
	/* task supervision (src/supervise) */
	char webhook_url[CONFIG_VALUE_MAX_BYTES + 1];     /* webhook_url: "" = no webhook */
	char webhook_secret[CONFIG_VALUE_MAX_BYTES + 1];  /* webhook_secret: HMAC key; never shown */
	long long reminder_days;                          /* reminder_days: 0 = no reminders */
	size_t evidence_max_bytes;                        /* evidence_max */
	char scan_command[CONFIG_VALUE_MAX_BYTES + 1];    /* scan_command: "" = no scan */
	long long tick_interval_s;                        /* tick_interval: 0 = serve runs no tick */
	/* who runs the site: its name on every page, and who prepares the evaluation reports */
	char site_name_zh[CONFIG_VALUE_MAX_BYTES + 1];    /* site_name_zh */
	char site_name_en[CONFIG_VALUE_MAX_BYTES + 1];    /* site_name_en */
	char org_name_zh[CONFIG_VALUE_MAX_BYTES + 1];     /* org_name_zh: "" = the unit owning most headline indicators */
	char org_name_en[CONFIG_VALUE_MAX_BYTES + 1];     /* org_name_en: "" = org_name_zh */
	char time_zone[CONFIG_VALUE_MAX_BYTES + 1];       /* time_zone: shown times (clock_zone_apply) */
	char four_eyes[CONFIG_VALUE_MAX_BYTES + 1];       /* four_eyes: "all", "none" or plan codes */

	/* where each value came from, by table index (config_describe shows it) */
	enum config_source source[CONFIG_N_SETTINGS];
	long source_line[CONFIG_N_SETTINGS];              /* line in file_path for CONFIG_SOURCE_FILE */
	char file_path[CONFIG_VALUE_MAX_BYTES + 1];       /* the config file read, "" when none */
};

/* One row of the settings table (read-only; config_settings lists them). */
struct config_setting {
	const char *name;             /* in the config file: "log_level" */
	const char *flag;             /* on the command line: "--log-level" */
	const char *env;              /* in the environment: "INNOMON_LOG_LEVEL" */
	enum config_type type;
	const char *default_text;     /* parsed like any other value by config_defaults */
	long long min, max;           /* INT, SIZE (bytes), DURATION (seconds) */
	const char *const *allowed;   /* ENUM: the words, NULL-terminated; the index is stored */
	int is_empty_ok;              /* ADDR, STRING: "" is allowed (means none) */
	const char *metavar;          /* what --help shows after the flag: "N", "PATH" */
	const char *help;             /* one line, lower-case start, no final period */
	size_t offset, field_bytes;   /* where the value lives in struct config */
};

/* The table, in the order --help and config show print it; *n gets CONFIG_N_SETTINGS. */
const struct config_setting *config_settings(size_t *n);
/* The row for a config-file name ("port"), or NULL. */
const struct config_setting *config_find(const char *name);

/* Every setting at its built-in default. Cannot fail (a bad default in the table is a BUG). */
void config_defaults(struct config *c);

/* Apply the settings in text[0..len) (a config file named file_name in messages): lines of
 * `name = value`, '#' starts a comment (outside double quotes), blank lines are ignored, a value
 * may be double-quoted (inside, \" is a quote and \\ a backslash), a UTF-8 BOM is skipped.
 * Every problem is added to diags with file:line:column: an unknown name (with a suggestion),
 * a bad or out-of-range value (naming the setting and what is allowed), a setting given twice,
 * bad syntax, a line longer than CONFIG_LINE_MAX_BYTES, a value longer than
 * CONFIG_VALUE_MAX_BYTES, control characters or invalid UTF-8.
 * All or nothing: c is changed only when the whole file is good.
 * Returns ST_OK, ST_INVALID (diagnostics added) or ST_TOO_LARGE (len > CONFIG_FILE_MAX_BYTES). */
enum status config_parse_file(struct config *c, const char *text, size_t len, const char *file_name,
			      struct diag_list *diags) WUR;

/* Read the file at path (it must exist) and apply it with config_parse_file; records path in
 * c->file_path. ST_NOT_FOUND when absent, ST_IO when unreadable or not a regular file,
 * ST_TOO_LARGE, ST_INVALID; each with a diagnostic. */
enum status config_read_file(struct config *c, const char *path, struct diag_list *diags) WUR;

/* Apply the INNOMON_* variables of env (a NULL-terminated "NAME=value" array such as environ;
 * borrowed). The first entry of a name counts, as with getenv; an empty value counts as unset;
 * variables that are no setting (INNOMON_NOW...) are ignored. All or nothing, like
 * config_parse_file. Returns ST_OK or ST_INVALID with diagnostics. */
enum status config_apply_env(struct config *c, char **env, struct diag_list *diags) WUR;

/* Apply one command-line flag: "--port" with value "8080", or "--port=8080" (value ignored).
 * Returns 1 when flag is a setting's flag (applied, or a diagnostic added when the value is
 * missing or bad; c unchanged then), 0 when it is not (nothing done). */
int config_apply_flag(struct config *c, const char *flag, const char *value, struct diag_list *diags);

/* For an argument loop: when argv[*i] is a setting's flag, apply it with its value (the next
 * argument, or after '='), advance *i to the last argument consumed and return 1; otherwise
 * return 0 and leave *i alone. A missing value adds a diagnostic (and still returns 1). */
int config_apply_args(struct config *c, int argc, char **argv, int *i, struct diag_list *diags);

/* The FILE of --config FILE or --config=FILE among the options before the command (argv[1..]
 * up to the first argument not starting with '-', skipping the values of setting flags), for
 * main to know before anything else is read; "" when --config ends argv; NULL when absent. */
const char *config_arg_path(int argc, char **argv);

/* The whole start-up sequence before flags: defaults, then the config file - explicit_path
 * (--config; must exist) or else $INNOMON_CONFIG from env (must exist) or else default_path
 * (normally CONFIG_DEFAULT_PATH; skipped when it does not exist; NULL = none) - then env.
 * The caller applies flags afterwards (config_apply_args) and checks diag_errors.
 * Returns the first failure's status; diagnostics say what. */
enum status config_load(struct config *c, const char *explicit_path, const char *default_path, char **env,
			struct diag_list *diags) WUR;

/* The settings part of --help, one line per flag, generated from the table. */
enum status config_help(struct buf *out) WUR;
/* The effective values as a valid config file (`innomon config show`), each line with a
 * comment naming where the value came from (default, file:line, environment, flag). The value
 * of a setting whose name ends in "_secret" is never shown: a set one reads "********". */
enum status config_describe(const struct config *c, struct buf *out) WUR;
/* The text of dist/innomon.conf.example: every setting with its help, commented out at its
 * default. */
enum status config_example(struct buf *out) WUR;
/* The value of setting s in c, formatted as config_describe writes it (unquoted), into out. */
enum status config_format_value(const struct config *c, const struct config_setting *s, struct buf *out) WUR;

#endif
