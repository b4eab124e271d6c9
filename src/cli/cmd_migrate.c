/* cmd_migrate.c - innomon migrate --from STORE --to STORE: move a store to another back end
 * (an SQLite file to a PostgreSQL database, or back) by copying every table (store_copy), then
 * prove the copy: its audit chain verified and the same head as the source's. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "store/store.h"
#include "base/banned.h"

/* Verify the audit chain of s, named what in messages; *head gets its newest hash. */
static enum status verify(struct cli *c, struct store *s, const char *what, const char **head, long long *n)
{
	long long bad;
	const char *why;
	enum status rc = store_audit_verify(s, c->arena, n, &bad, head, &why);
	if (rc != ST_OK) {
		fprintf(stderr, "innomon migrate: %s: %s\n", what, store_errmsg(s));
		return rc;
	}
	if (bad) {
		fprintf(stderr, "innomon migrate: the audit trail of the %s is broken at event %lld: %s\n", what, bad, why);
		return ST_INVALID;
	}
	return ST_OK;
}

enum status cmd_migrate(struct cli *c, int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *pos[1];
	size_t n_pos;
	const struct opt opts[] = {{"from", &from, NULL}, {"to", &to, NULL}};
	enum status rc = opts_parse("migrate", argc, argv, opts, 2, pos, 0, &n_pos);
	if (rc != ST_OK)
		return rc;
	if (!from || !to)
		return cli_usage("migrate", "expected --from STORE and --to STORE");
	const char *from_shown = store_target_shown(c->arena, from), *to_shown = store_target_shown(c->arena, to);
	struct store *src = NULL, *dst = NULL;
	rc = store_open_existing(from, &src);
	if (rc != ST_OK) {
		fprintf(stderr, "innomon migrate: %s\n", rc == ST_NOT_FOUND ? "the source store does not exist" : store_errmsg(src));
		goto out;
	}
	/* a source whose trail is already broken would give a copy that fails its own check */
	const char *src_head, *dst_head;
	long long n_src, n_dst;
	rc = verify(c, src, "source", &src_head, &n_src);
	if (rc != ST_OK)
		goto out;
	rc = store_open(to, &dst);
	if (rc != ST_OK) {
		fprintf(stderr, "innomon migrate: %s\n", store_errmsg(dst));
		goto out;
	}
	long long n_rows = 0;
	rc = store_copy(src, dst, &n_rows);
	if (rc != ST_OK) {
		fprintf(stderr, "innomon migrate: %s\n", store_errmsg(dst));
		goto out;
	}
	rc = verify(c, dst, "copy", &dst_head, &n_dst);
	if (rc == ST_OK && (n_dst != n_src || strcmp(dst_head, src_head) != 0)) {
		fprintf(stderr, "innomon migrate: the copy's audit trail differs from the source's\n");
		rc = ST_STORE;
	}
	if (rc == ST_OK)
		printf("innomon: copied %lld rows from %s (%s) to %s (%s); audit trail intact: %lld events, head %s\n", n_rows,
		       from_shown, store_kind(src), to_shown, store_kind(dst), n_dst, dst_head);
out:
	store_close(src);
	store_close(dst);
	return rc;
}
