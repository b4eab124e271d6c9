/* cmd_serve.c - innomon serve: the web pages and the JSON API over the store. */
#include <stdio.h>

#include "cli/cli.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/log.h"
#include "store/store.h"
#include "web/metrics.h"
#include "web/server.h"
#include "base/banned.h"

enum status cmd_serve(struct cli *c, int argc, char **argv)
{
	struct config conf = *c->config;
	struct diag_list d;
	diag_init(&d, c->arena);
	for (int i = 1; i < argc; i++)
		if (!config_apply_args(&conf, argc, argv, &i, &d))
			return cli_usage("serve", "unknown option '%s'", argv[i]);
	if (diag_errors(&d)) {
		diag_print(&d, stderr);
		return ST_USAGE;
	}
	log_setup(conf.log_level, conf.log_format);
	if (!clock_zone_apply(conf.time_zone))
		return cli_usage("serve", "no such time zone '%s' (an IANA name such as Asia/Shanghai, or UTC)", conf.time_zone);
	c->db_path = conf.db_path;
	/* open once here: a missing store or a failed migration stops before listening */
	struct store *s;
	enum status rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	store_close(s);
	struct server_config cfg = {
		.db_path = conf.db_path,
		.bind_addr = conf.bind_addr,
		.port = (unsigned)conf.port,
		.threads = (unsigned)conf.threads,
		.body_max_bytes = conf.body_max_bytes,
		.upload_max_bytes = conf.upload_max_bytes,
		.conn_limit = (unsigned)conf.conn_limit,
		.per_ip_conn_limit = (unsigned)conf.per_ip_conn_limit,
		.timeout_s = (unsigned)conf.request_timeout_s,
		.deadline_s = (unsigned)conf.request_deadline_s,
		.report_workers = (unsigned)conf.report_workers,
		.report_queue = (unsigned)conf.report_queue,
		.access_log_sample = (unsigned)conf.access_log_sample,
		.cache_max_bytes = conf.cache_max_bytes,
		.progress_max_bytes = conf.progress_max_bytes,
		.auth = {conf.session_idle_s, conf.session_absolute_s, conf.signin_max_failures_account,
			 conf.signin_max_failures_ip, conf.signin_window_s},
		.secure_cookies = (int)conf.secure_cookies,
		.trusted_proxy = conf.trusted_proxy[0] ? conf.trusted_proxy : NULL,
		.metrics = conf.is_metrics_enabled ? metrics_new() : NULL,
		.sup = {.webhook_url = conf.webhook_url, .webhook_secret = conf.webhook_secret,
			.reminder_days = conf.reminder_days, .evidence_max_bytes = conf.evidence_max_bytes,
			.scan_command = conf.scan_command},
		.tick_interval_s = conf.tick_interval_s,
		.site_name_zh = conf.site_name_zh,
		.site_name_en = conf.site_name_en,
		.org_name_zh = conf.org_name_zh,
		.org_name_en = conf.org_name_en,
		.four_eyes = conf.four_eyes,
	};
	rc = server_run(&cfg);
	metrics_free(cfg.metrics);
	return rc;
}
