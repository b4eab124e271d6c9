/* cmd_user.c - innomon user add|list|passwd|disable|enable|role and innomon token
 * create|list|revoke: accounts and API tokens from the command line (for the first admin,
 * scripts and recovery). Passwords come from stdin (--password-stdin) or are generated as
 * one-time passwords the user must change; they are never taken from the command line. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/num.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "store/store.h"
#include "web/auth.h"
#include "base/banned.h"

/* The first line of stdin without its newline, in the arena. */
/* The password policy's refusal (auth_hash_password's reason key) in words. */
static const char *password_why(const char *why)
{
	return strcmp(why, "password.too_long") == 0 ? "the password has more than 1024 characters"
	     : strcmp(why, "password.common") == 0   ? "the password is one of the 10,000 most common ones"
						     : "the password needs at least 10 characters";
}

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

/* A password from stdin, or a generated one-time password (*is_one_time set). */
static enum status choose_password(struct cli *c, int from_stdin, char hash[crypto_pwhash_STRBYTES], const char **shown,
				   int *is_one_time)
{
	const char *pw;
	*is_one_time = !from_stdin;
	*shown = NULL;
	if (from_stdin) {
		enum status rc = read_password(c, &pw);
		if (rc != ST_OK)
			return rc;
	} else {
		char *gen = arena_alloc(c->arena, 32);
		auth_new_password(gen);
		pw = gen;
		*shown = gen;
	}
	const char *why;
	enum status rc = auth_hash_password(pw, hash, &why);
	if (rc == ST_INVALID)
		fprintf(stderr, "innomon: %s\n", password_why(why));
	return rc;
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

static enum status explain(struct store *s, enum status rc, const char *name)
{
	if (rc == ST_NOT_FOUND)
		fprintf(stderr, "innomon: no user '%s'\n", name);
	else if (rc == ST_CONFLICT)
		if (strstr(store_errmsg(s), "administrator"))
			fprintf(stderr, "innomon: %s\n", store_errmsg(s));
		else
			fprintf(stderr, "innomon: user '%s' already exists\n", name);
	else if (rc == ST_INVALID)
		fprintf(stderr, "innomon: the unit or region is not defined by any plan\n");
	else if (rc != ST_OK)
		fprintf(stderr, "innomon: %s\n", store_errmsg(s));
	return rc;
}

enum status cli_create_first_admin(struct store *s)
{
	long long n;
	enum status rc = store_user_count(s, &n);
	if (rc != ST_OK || n > 0)
		return rc;
	const char *given = getenv("INNOMON_ADMIN_PASSWORD");
	char gen[32], hash[crypto_pwhash_STRBYTES];
	const char *why;
	if (!given)
		auth_new_password(gen);
	rc = auth_hash_password(given ? given : gen, hash, &why);
	if (rc == ST_INVALID) {
		fprintf(stderr, "innomon: INNOMON_ADMIN_PASSWORD: %s\n", password_why(why));
		return rc;
	}
	if (rc != ST_OK)
		return rc;
	struct user u = {0, "admin", NULL, ROLE_ADMIN, NULL, NULL, given ? 0 : 1, 0, NULL};
	long long id;
	rc = store_user_add(s, &u, hash, &id);
	if (rc != ST_OK)
		return explain(s, rc, "admin");
	if (given)
		printf("admin user 'admin' created with the password from INNOMON_ADMIN_PASSWORD\n");
	else
		printf("admin user 'admin' created; one-time password (change it at first sign-in): %s\n", gen);
	return ST_OK;
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
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	const char *name = n_pos ? pos[0] : NULL;
	char hash[crypto_pwhash_STRBYTES];
	const char *shown;
	int one_time;
	if (is_list) {
		struct user *rows;
		size_t n;
		rc = store_user_list(s, c->arena, &rows, &n);
		if (rc == ST_OK) {
			printf("%-20s %-16s %-12s %s\n", "name", "role", "unit/region", "state");
			for (size_t i = 0; i < n; i++)
				printf("%-20s %-16s %-12s %s\n", rows[i].name, role_name(rows[i].role),
				       rows[i].unit ? rows[i].unit : rows[i].region ? rows[i].region : "-",
				       rows[i].is_disabled ? "disabled" : rows[i].must_change_password ? "must change password" : "active");
		}
	} else if (strcmp(sub, "add") == 0) {
		rc = choose_password(c, from_stdin, hash, &shown, &one_time);
		if (rc == ST_OK) {
			struct user u = {0, name, display, role, unit, region, one_time, 0, NULL};
			long long id;
			rc = explain(s, store_user_add(s, &u, hash, &id), name);
		}
		if (rc == ST_OK)
			printf("user '%s' added as %s%s%s\n", name, role_name(role), shown ? "; one-time password: " : "",
			       shown ? shown : "");
	} else if (strcmp(sub, "passwd") == 0) {
		rc = choose_password(c, from_stdin, hash, &shown, &one_time);
		if (rc == ST_OK)
			rc = explain(s, store_user_set_password(s, name, hash, one_time, NULL), name);
		if (rc == ST_OK)
			printf("password of '%s' changed%s%s; their sessions are signed out\n", name,
			       shown ? "; one-time password: " : "", shown ? shown : "");
	} else if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) {
		int off = strcmp(sub, "disable") == 0;
		rc = explain(s, store_user_set_disabled(s, name, off), name);
		if (rc == ST_OK)
			printf("user '%s' %s\n", name, off ? "disabled; their sessions and tokens are revoked" : "enabled");
	} else {
		rc = explain(s, store_user_set_role(s, name, role, unit, region), name);
		if (rc == ST_OK)
			printf("user '%s' is now %s\n", name, role_name(role));
	}
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
		rc = opts_int(cmd, "days", days_s, 1, 3650, &days);
	if (rc != ST_OK)
		return rc;
	if (strcmp(sub, "create") && strcmp(sub, "list") && strcmp(sub, "revoke"))
		return cli_usage("token", "unknown subcommand '%s'", sub);
	if (strcmp(sub, "list") != 0 && n_pos != 1)
		return cli_usage(cmd, strcmp(sub, "create") == 0 ? "missing the USER" : "missing the token ID");
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	if (strcmp(sub, "create") == 0) {
		struct user *u;
		rc = explain(s, store_user_get(s, c->arena, pos[0], &u, NULL), pos[0]);
		if (rc == ST_OK) {
			char token[AUTH_TOKEN_TEXT_MAX], hash[AUTH_HASH_HEX_MAX], expires[32];
			long long id;
			auth_new_token(token);
			auth_token_hash(token, hash);
			if (days)
				clock_format_utc(clock_now() + (time_t)days * 86400, expires);
			rc = store_token_create(s, u->id, name ? name : "cli", hash, days ? expires : NULL, &id);
			if (rc == ST_OK)
				printf("token %lld for '%s'%s%s (shown once; send it as 'Authorization: Bearer TOKEN'):\n%s\n", id,
				       u->name, days ? ", expires " : "", days ? expires : "", token);
			else
				explain(s, rc, pos[0]);
			sodium_memzero(token, sizeof(token));
		}
	} else if (strcmp(sub, "list") == 0) {
		struct api_token *rows;
		size_t n;
		rc = store_token_list(s, c->arena, &rows, &n);
		if (rc == ST_OK) {
			printf("%-6s %-16s %-16s %-21s %-21s %-21s %s\n", "id", "user", "name", "created", "expires", "last used", "state");
			for (size_t i = 0; i < n; i++)
				printf("%-6lld %-16s %-16s %-21s %-21s %-21s %s\n", rows[i].id, rows[i].user, rows[i].name, rows[i].created_at,
				       rows[i].expires_at ? rows[i].expires_at : "-", rows[i].last_used_at ? rows[i].last_used_at : "-",
				       rows[i].revoked_at ? "revoked" : "active");
		}
	} else {
		int64_t id;
		if (!num_parse_int(str_of(pos[0]), 1, INT64_MAX, &id)) {
			store_close(s);
			return cli_usage(cmd, "the token ID is a number");
		}
		rc = store_token_revoke(s, id);
		if (rc == ST_NOT_FOUND)
			fprintf(stderr, "innomon: no active token %lld\n", (long long)id);
		else if (rc == ST_OK)
			printf("token %lld revoked\n", (long long)id);
	}
	store_close(s);
	return rc;
}
