/* cmd_user.c - innomon user add|list|passwd|disable|enable|role and innomon token
 * create|list|revoke: accounts and API tokens from the command line (for the first admin,
 * scripts and recovery), through the operations of app/users.h. Passwords come from stdin
 * (--password-stdin) or are generated as one-time passwords the user must change; they are
 * never taken from the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/credentials.h"
#include "app/users.h"
#include "base/num.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "store/store.h"
#include "base/banned.h"

/* The first line of stdin without its newline, in the arena. */
static enum status read_password(struct cli *c, const char **out)
{
	char line[AUTH_PASSWORD_MAX_BYTES + 2];
	if (!fgets(line, sizeof(line), stdin)) {
		fprintf(stderr, "innomon: no password on standard input\n");
		return ST_USAGE;
	}
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	*out = arena_strdup(c->arena, line);
	sodium_memzero(line, sizeof(line));
	return ST_OK;
}

static enum status role_args(const char *cmd, const char *role_s, const char *unit, const char *region, enum role *role)
{
	if (!role_s || !role_parse(role_s, role))
		return cli_usage(cmd, "--role must be admin, analyst, unit_reporter, region_reporter or reader");
	if ((*role == ROLE_UNIT_REPORTER) != (unit != NULL))
		return cli_usage(cmd, "--unit CODE is given with, and only with, --role unit_reporter");
	if ((*role == ROLE_REGION_REPORTER) != (region != NULL))
		return cli_usage(cmd, "--region CODE is given with, and only with, --role region_reporter");
	return ST_OK;
}

enum status cli_create_first_admin(struct cli *c, struct store *s)
{
	struct app_ctx x;
	struct diag_list errs;
	struct app_user_result res;
	int is_created;
	const char *given = getenv("INNOMON_ADMIN_PASSWORD");
	cli_app(c, s, &x, &errs);
	enum status rc = app_first_admin(&x, given, &is_created, &res, &errs);
	if (rc != ST_OK)
		return cli_refused(given ? "init: INNOMON_ADMIN_PASSWORD" : "init", rc, &errs, s);
	if (!is_created)
		return ST_OK;
	if (given)
		printf("admin user 'admin' created with the password from INNOMON_ADMIN_PASSWORD\n");
	else
		printf("admin user 'admin' created; one-time password (change it at first sign-in): %s\n", res.one_time_password);
	return ST_OK;
}

static void user_list(const struct user *rows, size_t n)
{
	printf("%-20s %-16s %-12s %s\n", "name", "role", "unit/region", "state");
	for (size_t i = 0; i < n; i++)
		printf("%-20s %-16s %-12s %s\n", rows[i].name, role_name(rows[i].role),
		       rows[i].unit ? rows[i].unit : rows[i].region ? rows[i].region : "-",
		       rows[i].is_disabled ? "disabled" : rows[i].must_change_password ? "must change password" : "active");
}

enum status cmd_user(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("user", "missing subcommand: add, list, passwd, disable, enable or role");
	const char *sub = argv[1];
	char cmd[32];
	snprintf(cmd, sizeof(cmd), "user %s", sub);
	const char *role_s = NULL, *unit = NULL, *region = NULL, *display = NULL;
	int from_stdin = 0, is_json = 0;
	const struct opt opts[] = {{"role", &role_s, NULL},   {"unit", &unit, NULL}, {"region", &region, NULL},
				   {"display-name", &display, NULL}, {"password-stdin", NULL, &from_stdin}, {"json", NULL, &is_json}};
	const char *pos[2];
	size_t n_pos;
	enum status rc = opts_parse(cmd, argc - 1, argv + 1, opts, sizeof(opts) / sizeof(opts[0]), pos, 2, &n_pos);
	if (rc != ST_OK)
		return rc;
	int is_list = strcmp(sub, "list") == 0;
	if (!is_list && strcmp(sub, "add") && strcmp(sub, "passwd") && strcmp(sub, "disable") && strcmp(sub, "enable") &&
	    strcmp(sub, "role"))
		return cli_usage("user", "unknown subcommand '%s'", sub);
	if (!is_list && n_pos < 1)
		return cli_usage(cmd, "missing the user NAME");
	if (strcmp(sub, "role") == 0 && n_pos == 2 && !role_s)
		role_s = pos[1];
	enum role role = ROLE_READER;
	if ((strcmp(sub, "add") == 0 || strcmp(sub, "role") == 0) && (rc = role_args(cmd, role_s, unit, region, &role)) != ST_OK)
		return rc;
	const char *password = NULL;
	if (from_stdin && (strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0) && (rc = read_password(c, &password)) != ST_OK)
		return rc;
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct app_ctx x;
	struct diag_list errs;
	struct app_user_result res;
	cli_app(c, s, &x, &errs);
	const char *name = n_pos ? pos[0] : NULL;
	if (is_list) {
		struct user *rows;
		size_t n;
		rc = app_users(&x, &rows, &n);
		if (rc == ST_OK)
			user_list(rows, n);
	} else if (strcmp(sub, "add") == 0) {
		struct app_user_new in = {name, display, role, unit, region, password};
		rc = app_user_add(&x, &in, &res, &errs);
		if (rc == ST_OK)
			printf("user '%s' added as %s%s%s\n", name, role_name(role), res.one_time_password ? "; one-time password: " : "",
			       res.one_time_password ? res.one_time_password : "");
	} else {
		struct app_user_change in = {0};
		if (strcmp(sub, "passwd") == 0) {
			in.password = password; /* from stdin: kept; else a one-time password is made */
			in.is_reset = !password;
		} else if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) {
			in.has_disabled = 1;
			in.is_disabled = strcmp(sub, "disable") == 0;
		} else {
			in.has_role = 1, in.role = role, in.unit = unit, in.region = region;
		}
		rc = app_user_change(&x, name, &in, &res, &errs);
		if (rc == ST_OK && strcmp(sub, "passwd") == 0)
			printf("password of '%s' changed%s%s; their sessions are signed out\n", name,
			       res.one_time_password ? "; one-time password: " : "", res.one_time_password ? res.one_time_password : "");
		else if (rc == ST_OK && in.has_disabled)
			printf("user '%s' %s\n", name, in.is_disabled ? "disabled; their sessions and tokens are revoked" : "enabled");
		else if (rc == ST_OK)
			printf("user '%s' is now %s\n", name, role_name(role));
	}
	if (rc != ST_OK)
		cli_refused(NULL, rc, &errs, s);
	store_close(s);
	return rc;
}

enum status cmd_token(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("token", "missing subcommand: create, list or revoke");
	const char *sub = argv[1];
	char cmd[32];
	snprintf(cmd, sizeof(cmd), "token %s", sub);
	const char *name = NULL, *days_s = NULL;
	const struct opt opts[] = {{"name", &name, NULL}, {"days", &days_s, NULL}};
	const char *pos[1];
	size_t n_pos;
	long days = 0;
	enum status rc = opts_parse(cmd, argc - 1, argv + 1, opts, 2, pos, 1, &n_pos);
	if (rc == ST_OK && days_s)
		rc = opts_int(cmd, "days", days_s, 1, APP_TOKEN_MAX_DAYS, &days);
	if (rc != ST_OK)
		return rc;
	if (strcmp(sub, "create") && strcmp(sub, "list") && strcmp(sub, "revoke"))
		return cli_usage("token", "unknown subcommand '%s'", sub);
	if (strcmp(sub, "list") != 0 && n_pos != 1)
		return cli_usage(cmd, strcmp(sub, "create") == 0 ? "missing the USER" : "missing the token ID");
	int64_t id = 0;
	if (strcmp(sub, "revoke") == 0 && !num_parse_int(str_of(pos[0]), 1, INT64_MAX, &id))
		return cli_usage(cmd, "the token ID is a number");
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct app_ctx x;
	struct diag_list errs;
	cli_app(c, s, &x, &errs);
	if (strcmp(sub, "create") == 0) {
		struct app_token_result t;
		rc = app_token_create(&x, pos[0], name, (int)days, &t, &errs);
		if (rc == ST_OK)
			printf("token %lld for '%s'%s%s (shown once; send it as 'Authorization: Bearer TOKEN'):\n%s\n", t.id, t.user,
			       t.expires_at ? ", expires " : "", t.expires_at ? t.expires_at : "", t.token);
	} else if (strcmp(sub, "list") == 0) {
		struct api_token *rows;
		size_t n;
		rc = app_tokens(&x, &rows, &n);
		if (rc == ST_OK) {
			printf("%-6s %-16s %-16s %-21s %-21s %-21s %s\n", "id", "user", "name", "created", "expires", "last used", "state");
			for (size_t i = 0; i < n; i++)
				printf("%-6lld %-16s %-16s %-21s %-21s %-21s %s\n", rows[i].id, rows[i].user, rows[i].name, rows[i].created_at,
				       rows[i].expires_at ? rows[i].expires_at : "-", rows[i].last_used_at ? rows[i].last_used_at : "-",
				       rows[i].revoked_at ? "revoked" : "active");
		}
	} else {
		rc = app_token_revoke(&x, id, &errs);
		if (rc == ST_OK)
			printf("token %lld revoked\n", (long long)id);
	}
	if (rc != ST_OK)
		cli_refused(NULL, rc, &errs, s);
	store_close(s);
	return rc;
}
