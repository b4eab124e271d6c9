/* cmd_tick.c - innomon tick: run the periodic work of supervision once (rules at deadlines,
 * escalation, reminders, webhook deliveries); safe to run from cron as often as wanted. */
#include <stdio.h>

#include "app/sup.h"
#include "base/clock.h"
#include "base/config.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "store/store.h"
#include "supervise/supervise.h"
#include "base/banned.h"

void cli_sup_settings(const struct cli *c, struct sup_settings *out)
{
	out->webhook_url = c->config->webhook_url;
	out->webhook_secret = c->config->webhook_secret;
	out->reminder_days = c->config->reminder_days;
	out->evidence_max_bytes = c->config->evidence_max_bytes;
	out->scan_command = c->config->scan_command;
	out->stop = NULL;
}

enum status cmd_tick(struct cli *c, int argc, char **argv)
{
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("tick", argc, argv, NULL, 0, pos, 0, &n_pos);
	if (rc != ST_OK)
		return rc;
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct sup_settings cfg;
	struct sup_tick_result res;
	char now[32];
	time_t t = clock_now();
	cli_sup_settings(c, &cfg);
	clock_format_utc(t, now);
	struct app_ctx x;
	struct diag_list errs;
	cli_app(c, s, &x, &errs);
	x.sup = &cfg;
	rc = app_tick(&x, t, &res);
	if (rc == ST_OK)
		printf("tick at %s: %d notices raised, %d escalated, %d reminders; webhook: %d sent, %d to retry, %d failed,"
		       " %d skipped\n",
		       now, res.n_raised, res.n_escalated, res.n_reminders, res.n_sent, res.n_retry, res.n_failed, res.n_skipped);
	else
		fprintf(stderr, "innomon tick: %s\n", store_errmsg(s));
	store_close(s);
	return rc;
}
