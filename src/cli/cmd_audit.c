/* cmd_audit.c - innomon audit verify (prove the hash chain intact or name the first broken
 * event) and innomon audit list (recent events, filtered). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/num.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "store/store.h"
#include "base/banned.h"

enum status cmd_audit(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("audit", "missing subcommand: verify or list");
	const char *sub = argv[1];
	struct audit_filter f;
	memset(&f, 0, sizeof(f));
	const char *limit_s = NULL;
	const struct opt opts[] = {{"actor", &f.actor, NULL}, {"action", &f.action, NULL}, {"since", &f.since, NULL},
				   {"until", &f.until, NULL}, {"limit", &limit_s, NULL}};
	const char *pos[1];
	size_t n_pos;
	char cmd[32];
	long limit = 50;
	snprintf(cmd, sizeof(cmd), "audit %s", sub);
	if (strcmp(sub, "verify") != 0 && strcmp(sub, "list") != 0)
		return cli_usage("audit", "unknown subcommand '%s': use verify or list", sub);
	enum status rc = opts_parse(cmd, argc - 1, argv + 1, opts, strcmp(sub, "list") == 0 ? 5 : 0, pos, 0, &n_pos);
	if (rc == ST_OK && limit_s)
		rc = opts_int(cmd, "limit", limit_s, 1, 1000, &limit);
	if (rc != ST_OK)
		return rc;
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	if (strcmp(sub, "verify") == 0) {
		long long n, bad;
		const char *head, *why;
		rc = store_audit_verify(s, c->arena, &n, &bad, &head, &why);
		if (rc != ST_OK) {
			fprintf(stderr, "innomon: %s\n", store_errmsg(s));
		} else if (bad) {
			printf("audit trail BROKEN at event %lld: %s\n", bad, why);
			rc = ST_INVALID;
		} else {
			printf("audit trail intact: %lld events; head %s\n", n, head);
		}
	} else {
		struct audit_event *rows;
		size_t n;
		f.limit = (int)limit;
		rc = store_audit_list(s, c->arena, &f, &rows, &n);
		if (rc == ST_OK)
			for (size_t i = n; i-- > 0;)
				printf("%6lld %s %-12s %-15s %-20s %s %s\n", rows[i].id, rows[i].at, rows[i].actor,
				       rows[i].ip ? rows[i].ip : "-", rows[i].action, rows[i].object_type,
				       rows[i].object_id ? rows[i].object_id : "");
		else
			fprintf(stderr, "innomon: %s\n", store_errmsg(s));
	}
	store_close(s);
	return rc;
}
