/* cli.h - the innomon command: shared context and the subcommands, one file each (cmd_*.c). */
#ifndef INNOMON_CLI_CLI_H
#define INNOMON_CLI_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/status.h"

struct store;
struct config;
struct app_ctx;
struct plan;
struct diag_list;

struct cli {
	const char *db_path; /* --db, INNOMON_DB, or "innomon.db": a file or a postgresql:// URL */
	const char *db_shown; /* db_path as messages show it: a URL's password hidden */
	struct arena *arena; /* the command's lifetime */
	const struct config *config; /* the settings in effect (defaults, file, environment, flags) */
};

struct command {
	const char *name;
	enum status (*run)(struct cli *c, int argc, char **argv);
	const char *summary;
	const char *usage; /* full --help text */
};

/* The subcommands. argv[0] is the subcommand name. */
enum status cmd_init(struct cli *c, int argc, char **argv);
enum status cmd_plan(struct cli *c, int argc, char **argv);
enum status cmd_units(struct cli *c, int argc, char **argv);
enum status cmd_serve(struct cli *c, int argc, char **argv);
enum status cmd_import(struct cli *c, int argc, char **argv);
enum status cmd_values(struct cli *c, int argc, char **argv);
enum status cmd_progress(struct cli *c, int argc, char **argv);
enum status cmd_validate(struct cli *c, int argc, char **argv);
enum status cmd_user(struct cli *c, int argc, char **argv);
enum status cmd_token(struct cli *c, int argc, char **argv);
enum status cmd_audit(struct cli *c, int argc, char **argv);
enum status cmd_backup(struct cli *c, int argc, char **argv);
enum status cmd_migrate(struct cli *c, int argc, char **argv);
enum status cmd_config(struct cli *c, int argc, char **argv);
/* task supervision (cmd_cycle.c, cmd_notices.c, cmd_tick.c, cmd_milestones.c) */
enum status cmd_cycle(struct cli *c, int argc, char **argv);
enum status cmd_notices(struct cli *c, int argc, char **argv);
enum status cmd_tick(struct cli *c, int argc, char **argv);
enum status cmd_milestones(struct cli *c, int argc, char **argv);
struct sup_settings;
struct milestones_opts;
/* The supervision settings of c->config (strings borrowed from it). */
void cli_sup_settings(const struct cli *c, struct sup_settings *out);
struct plan_src;
/* Load the milestones.csv of the plan folder src (when it has one) for plan p (stored in s) into
 * the open store s, printing what changed. */
enum status cli_load_milestones(struct cli *c, struct store *s, const struct plan *p, const struct plan_src *src) WUR;
/* innomon import milestones FILE: open the store, import, print what changed or every error. */
enum status cli_import_milestones(struct cli *c, const char *path, const struct milestones_opts *mo) WUR;
enum status cmd_report(struct cli *c, int argc, char **argv);
/* DEMO registries (cmd_gen.c) */
enum status cmd_gen(struct cli *c, int argc, char **argv);
/* enterprise evaluation (cmd_evaluate.c) */
enum status cmd_evaluate(struct cli *c, int argc, char **argv);
enum status cmd_pipeline(struct cli *c, int argc, char **argv);
enum status cmd_projections(struct cli *c, int argc, char **argv);
/* Load the projections.csv of the plan folder src (when it has one) for plan p into s. */
enum status cli_load_projections(struct cli *c, struct store *s, const struct plan *p, const struct plan_src *src) WUR;
/* registries (cmd_registry.c) */
enum status cmd_registry(struct cli *c, int argc, char **argv);
/* innomon import registry KIND FILE: check and import one registry file, printing what changed
 * or every error. */
enum status cli_import_registry(struct cli *c, const char *kind, const char *path, const char *encoding, const char *sheet,
				int is_dry_run) WUR;
/* When the store has no user yet: create 'admin' with INNOMON_ADMIN_PASSWORD or a printed
 * one-time password. */
enum status cli_create_first_admin(struct cli *c, struct store *s) WUR;

/* The operation context of the command (app/app.h) on the open store s: the local operator
 * (app_operator) acting, results in c->arena; and an empty refusal list in errs. */
void cli_app(struct cli *c, struct store *s, struct app_ctx *x, struct diag_list *errs);
/* Print an operation's refusals to stderr ("innomon COMMAND: why", one a line; the store's
 * message when it failed without a refusal listed) and return rc. */
enum status cli_refused(const char *command, enum status rc, const struct diag_list *errs, struct store *s);
/* cli_app on the plan named by --plan (code; NULL: the default plan, as cli_plan), set as the
 * context's plan so that every operation works on it; *p gets it. ST_NOT_FOUND (said on
 * stderr, naming the plan) when the store has no such plan: nothing is done then. */
enum status cli_app_plan(struct cli *c, struct store *s, const char *code, struct app_ctx *x, struct diag_list *errs,
			 const struct plan **p) WUR;

/* Open the store named by c->db_path (it must exist unless is_create). Prints the reason and
 * returns ST_STORE / ST_NOT_FOUND on failure. */
enum status cli_open_store(struct cli *c, int is_create, struct store **out) WUR;
/* Print a usage error for command to stderr and return ST_USAGE. */
enum status cli_usage(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* 1 when argv[i] is -h or --help. */
int cli_wants_help(int argc, char **argv);
/* Print the help text of a command and return ST_OK. */
enum status cli_help(const char *command);

/* A plan folder: on disk (dir) or compiled in from data/plans/<folder> (dir NULL). plan_src.c. */
struct plan_src {
	const char *label;  /* how messages name it: the folder's path */
	const char *dir;    /* the folder on disk, or NULL */
	const char *folder; /* compiled in: the folder's name under data/plans/ */
};
/* Every plan folder compiled into the binary (data/plans/ at build time), in folder order; the
 * array lives in a. */
size_t cli_shipped_sources(struct arena *a, struct plan_src **out);
/* Read and check the plan of src; as plan_load_dir. */
enum status cli_src_plan(struct cli *c, const struct plan_src *src, struct plan **out, struct diag_list *diags) WUR;
/* Read file (e.g. "observations.csv") of src: its text and the name messages give it.
 * ST_NOT_FOUND when the folder has no such file (optional files); ST_IO / ST_TOO_LARGE, said on
 * stderr, when it cannot be read. */
enum status cli_src_read(struct cli *c, const struct plan_src *src, const char *file, size_t max_bytes, const char **data,
			 size_t *len, const char **name) WUR;

struct import_opts;
/* Import a values file (path) or a buffer (named name) into s against plan p, printing the
 * diagnostics, the changes (unless is_quiet) and a summary line. */
enum status cli_import_file(struct cli *c, struct store *s, const struct plan *p, const char *path,
			    const struct import_opts *io, int is_quiet) WUR;
enum status cli_import_buffer(struct cli *c, struct store *s, const struct plan *p, const char *name, const char *data,
			      size_t len, const struct import_opts *io, int is_quiet) WUR;
/* Load the default plan of an open store, explaining a missing one. */
enum status cli_plan(struct cli *c, struct store *s, const char *code, struct plan **out) WUR;

/* Store a plan (app_plan_save) and say what happened (stored, new version, unchanged). */
enum status plan_store_and_report(struct cli *c, struct store *s, struct plan *p) WUR;

#endif
