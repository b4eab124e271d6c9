/* cmd_backup.c - innomon backup FILE: a consistent copy of the store, taken while the server
 * may be serving and writing (app_backup). Refuses to overwrite a non-empty FILE. */
#include <stdio.h>

#include "app/backup.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "store/store.h"
#include "base/banned.h"

enum status cmd_backup(struct cli *c, int argc, char **argv)
{
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("backup", argc, argv, NULL, 0, pos, 1, &n_pos);
	if (rc != ST_OK)
		return rc;
	if (n_pos != 1)
		return cli_usage("backup", "expected the FILE to write the backup to");
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct app_ctx x;
	struct diag_list errs;
	cli_app(c, s, &x, &errs);
	rc = app_backup(&x, pos[0], &errs);
	if (rc == ST_OK)
		printf("innomon: backed up '%s' to '%s'\n", c->db_shown, pos[0]);
	else
		(void)cli_refused("backup", rc, &errs, s);
	store_close(s);
	return rc;
}
