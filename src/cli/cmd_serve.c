/* cmd_serve.c - innomon serve: the web pages and the JSON API over the store. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "store/store.h"
#include "web/metrics.h"
#include "web/server.h"
#include "base/banned.h"

enum status cmd_serve(struct cli *c, int argc, char **argv)
{
	const char *port_s = NULL, *bind = NULL, *threads_s = NULL;
	const struct opt opts[] = {{"port", &port_s, NULL}, {"bind", &bind, NULL}, {"threads", &threads_s, NULL}};
	const char *pos[1];
	size_t n_pos;
	long port = 8080, threads = 4;
	enum status rc = opts_parse("serve", argc, argv, opts, 3, pos, 0, &n_pos);
	if (rc == ST_OK && port_s)
		rc = opts_int("serve", "port", port_s, 0, 65535, &port);
	if (rc == ST_OK && threads_s)
		rc = opts_int("serve", "threads", threads_s, 1, 256, &threads);
	if (rc != ST_OK)
		return rc;
	/* open once here: a missing store or a failed migration stops before listening */
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	store_close(s);
	struct server_config cfg = {
		.db_path = c->db_path,
		.bind_addr = bind ? bind : "127.0.0.1",
		.port = (unsigned)port,
		.threads = (unsigned)threads,
		.body_max_bytes = 8u << 20,
		.conn_limit = 256,
		.timeout_s = 30,
		.auth = {.session_idle_s = 30 * 60, .session_absolute_s = 12 * 3600, .max_failures_account = 5,
			 .max_failures_ip = 20, .failure_window_s = 15 * 60},
		.secure_cookies = 0,
		.trusted_proxy = NULL,
		.metrics = metrics_new(),
	};
	rc = server_run(&cfg);
	metrics_free(cfg.metrics);
	return rc;
}
