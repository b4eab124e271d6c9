/* main.c - innomon's entry point: global options, the command table, exit codes.
 * Exit codes (docs/innomon.1.scd): 0 ok, 1 usage, 2 bad input, 3 store error, 4 not found,
 * 5 conflict, 6 denied, 7 I/O error. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/credentials.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/log.h"
#include "cli/cli.h"
#include "ingest/xlsx.h"
#include "supervise/supervise.h"
#include "store/store.h"
#include "base/banned.h"

static const struct command commands[] = {
	{"init", cmd_init, "create a store and load the shipped plans",
	 "usage: innomon [--db PATH] init [--plan DIR] [--plan-only]\n\n"
	 "Create the store (default innomon.db) and load every plan shipped in data/plans/ with its\n"
	 "real published figures (observations.csv, each with its source), or the plan in DIR.\n"
	 "--plan-only loads the plans without observations.\n"
	 "Running init again changes nothing.\n"},
	{"plan", cmd_plan, "check, load and show plans",
	 "usage: innomon [--db PATH] plan check DIR|FILE.xlsx\n"
	 "       innomon [--db PATH] plan load [--draft] DIR|FILE.xlsx\n"
	 "       innomon [--db PATH] plan show [--json] [--plan CODE] [--version N]\n"
	 "       innomon [--db PATH] plan status [CODE draft|in_force|superseded [--by CODE]]\n"
	 "       innomon plan template FILE.xlsx\n"
	 "       innomon [--db PATH] plan versions\n\n"
	 "check    read the plan folder DIR (or a plan workbook, docs/plan-format.md) and report\n"
	 "         every problem (file:line:column: reason)\n"
	 "load     check it, then store it: unchanged content changes nothing, changed content\n"
	 "         becomes a new plan version (older versions stay readable); --draft creates a\n"
	 "         new plan as a draft (never the default, seen by the department only)\n"
	 "show     print the stored plan (default: the latest version of the newest plan)\n"
	 "status   list every plan with its phase today; with CODE, set its status: draft,\n"
	 "         in_force, or superseded --by the successor's CODE\n"
	 "template write the plan workbook's template: every sheet with its headers and an example\n"
	 "         row, which loads as it is (docs/plan-format.md, \"A plan as a workbook\")\n"
	 "versions list every stored version of every plan\n"},
	{"units", cmd_units, "the responsibility matrix: measures each unit leads and shares",
	 "usage: innomon [--db PATH] units [--json] [--plan CODE]\n\n"
	 "For every responsible unit, the measures it leads and the measures it shares.\n"},
	{"import", cmd_import, "import indicator values, milestones or registries from CSV (UTF-8 or GBK) or XLSX",
	 "usage: innomon [--db PATH] import values FILE [--dry-run] [--encoding E] [--sheet NAME]\n"
	 "                                              [--status S] [--quiet]\n"
	 "       innomon [--db PATH] import milestones FILE [--dry-run] [--encoding E] [--sheet NAME]\n"
	 "       innomon [--db PATH] import registry KIND FILE [--dry-run] [--encoding E] [--sheet NAME]\n\n"
	 "import registry: records of KIND (enterprises, contracts, patents, platforms, talents), one\n"
	 "a row, Chinese or English headers (docs/registries.md lists the columns). A record already\n"
	 "stored unchanged changes nothing; a changed one becomes a new revision. All or nothing,\n"
	 "every bad row listed. When a record is new or changed, the derived indicators are\n"
	 "brought up to date in the import's own transaction (docs/registries.md).\n\n"
	 "import milestones: the department's 任务分解表, columns code/编号, measure/举措,\n"
	 "title_zh/里程碑, owner/责任单位, due_date/完成时限 and optionally title_en/英文名称,\n"
	 "deliverable_zh/成果形式, indicators/关联指标 (';'-separated), done_on/完成日期. A row whose\n"
	 "code is stored updates that milestone. All or nothing, every bad row listed.\n\n"
	 "import values:\n"
	 "Import the values in FILE (CSV in UTF-8, GBK or GB18030, comma or tab separated; or XLSX).\n"
	 "Columns (Chinese or English headers): 指标/indicator, 地区/region, 时期/period, 数值/value,\n"
	 "and optionally 来源/source (the quote), 链接/source_url, 发布机构/publisher, 标题/title,\n"
	 "发布日期/published (2026-03-25, 2026-03 or 2026), 备注/note, 限定/qualifier, 单位/unit,\n"
	 "修订/revision and 修订原因/reason (a figure and its revision in one file: number them 1, 2).\n"
	 "Indicators and regions by code or Chinese name; periods 2024, 2024Q3 or 2024-07.\n"
	 "Every row has the header's number of fields: quote a number written 1,234.\n"
	 "All or nothing: one bad row rejects the file and every bad row is listed.\n"
	 "Importing the same file again changes nothing; a changed value becomes a new revision.\n\n"
	 "--dry-run     show what would change and write nothing\n"
	 "--encoding E  utf-8, gbk or gb18030 (default: detected)\n"
	 "--sheet NAME  the XLSX sheet (default: the first)\n"
	 "--status S    draft, submitted, approved (default) or published\n"},
	{"registry", cmd_registry, "registries (enterprises, contracts, patents, ...) and derived indicators",
	 "usage: innomon [--db PATH] registry list KIND [--region R] [--json]\n"
	 "       innomon [--db PATH] registry recompute [--dry-run] [--quiet]\n\n"
	 "list       the current records of KIND (enterprises, contracts, patents, platforms or\n"
	 "           talents), with --region only those of region R and the regions below it\n"
	 "recompute  compute every derived indicator from its definition for every region its\n"
	 "           records cover and every ended year they mention; a changed value\n"
	 "           becomes a new approved revision with source 'registry: DEFINITION', an\n"
	 "           unchanged one writes nothing. Prints the new/revised values and a summary.\n"
	 "Load records with 'innomon import registry KIND FILE'; the grammar of definitions is in\n"
	 "docs/registries.md.\n"},
	{"gen", cmd_gen, "write made-up DEMO registries (for demonstrations and benchmarks)",
	 "usage: innomon gen [--scale N] [--seed S] [--plan DIR] [--only KIND] DIR\n\n"
	 "Write DEMO registry files into DIR (made if missing): demo_enterprises.csv,\n"
	 "demo_contracts.csv, demo_patents.csv, demo_platforms.csv, demo_talents.csv and a README.md\n"
	 "saying they are made up. Every name says 【演示】 and every code DEMO; regions are those of\n"
	 "the plan's region tree (--plan DIR, default the first plan compiled in). Records run\n"
	 "from 2015 to 2025: certificates with their lifetimes, renewals and lapses, contract\n"
	 "amounts spread log-normally, patents that lapse, platforms, talents.\n\n"
	 "--scale N  1 (default): about one real zone's registries; 100: a national registry's\n"
	 "           size (a fraction gives a small sample)\n"
	 "--seed S   the random seed (default 1): the same seed and scale give the same bytes\n"
	 "--only K   write the registry K alone (a kind draws from its own stream: the same rows)\n"},
	{"evaluate", cmd_evaluate, "evaluate firms under the published methods: every point, the tier, the smallest lifts",
	 "usage: innomon [--db PATH] evaluate [CODE] [--year Y] [--method M] [--region R] [--json] [--lang zh|en]\n\n"
	 "Without CODE: every firm of the firms registry with figures for the year (default: the\n"
	 "latest), its tier and its verdict per method (✓ qualifies, ✗ fails, ? open, — not computed).\n"
	 "With CODE (a 统一社会信用代码): each method's conditions and points with the rule, the\n"
	 "figure behind it and its band, the verdict, and the smallest changes that would pass.\n"
	 "Methods: tsme 科技型中小企业, innov_sme 创新型中小企业, hnte 高新技术企业, srdi 专精特新,\n"
	 "little_giant 小巨人 (docs/firms.md).\n"},
	{"pipeline", cmd_pipeline, "per region: firms that qualify, are within reach or open; projections against targets",
	 "usage: innomon [--db PATH] pipeline [--year Y] [--json] [--public] [--lang zh|en]\n\n"
	 "Counts per region and method of the firms registry for the year (default: the latest), and\n"
	 "beside every indicator projections.csv maps to a method: its target, the reported figure and\n"
	 "the registry's projection. --public shows what anyone may see: a region's count below 3 is\n"
	 "withheld, with any count that subtraction would reveal.\n"},
	{"projections", cmd_projections, "which indicator each method's registry count stands beside",
	 "usage: innomon [--db PATH] projections [FILE]\n\n"
	 "Without FILE: the mapping, one line per indicator: indicator, method, near points.\n"
	 "With FILE (CSV or XLSX: indicator/指标, method/评价方法, near_points/临近分值): replace the\n"
	 "mapping, all or nothing. 'innomon init' loads the plan folder's projections.csv.\n"},
	{"values", cmd_values, "an indicator's values per region, with sources and revisions",
	 "usage: innomon [--db PATH] values INDICATOR [--region R] [--revisions] [--json]\n\n"
	 "The current value of every region and period of INDICATOR (a code or Chinese name);\n"
	 "--revisions lists every revision with its status, time and author.\n"},
	{"progress", cmd_progress, "progress of every target: latest, achievement, status, projection",
	 "usage: innomon [--db PATH] progress [--json] [--indicator CODE]\n\n"
	 "For every indicator x region with a target: the latest value, the target, the share of the\n"
	 "way achieved, the status (docs/methodology.md) and the projection to the target year.\n"},
	{"validate", cmd_validate, "check every current value against the plan's validation rules",
	 "usage: innomon [--db PATH] validate\n\n"
	 "Lists the violations of each rule with the offending cells. Exit 2 when an error rule is\n"
	 "violated; warnings alone exit 0.\n"},
	{"user", cmd_user, "users and roles: add, list, passwd, disable, enable, role",
	 "usage: innomon [--db PATH] user add NAME --role ROLE [--unit CODE] [--region CODE] [--password-stdin]\n"
	 "       innomon [--db PATH] user list\n"
	 "       innomon [--db PATH] user passwd NAME [--password-stdin]\n"
	 "       innomon [--db PATH] user disable NAME | enable NAME\n"
	 "       innomon [--db PATH] user role NAME ROLE [--unit CODE] [--region CODE]\n\n"
	 "Roles: admin, analyst, unit_reporter (with --unit), region_reporter (with --region), reader.\n"
	 "Without --password-stdin a one-time password is generated and printed once; the user must\n"
	 "change it at first sign-in. Disabling a user revokes their sessions and API tokens.\n"},
	{"token", cmd_token, "API tokens: create (shown once), list, revoke",
	 "usage: innomon [--db PATH] token create USER [--name N] [--days D]\n"
	 "       innomon [--db PATH] token list\n"
	 "       innomon [--db PATH] token revoke ID\n\n"
	 "A token acts as its user: send 'Authorization: Bearer TOKEN'. Only its hash is stored.\n"},
	{"audit", cmd_audit, "the audit trail: verify the hash chain, list events",
	 "usage: innomon [--db PATH] audit verify\n"
	 "       innomon [--db PATH] audit list [--actor A] [--action X] [--since T] [--until T] [--limit N]\n\n"
	 "verify recomputes the hash chain of every event: exit 0 and the head hash when intact,\n"
	 "exit 2 naming the first broken event when a row was changed or removed by hand.\n"},
	{"backup", cmd_backup, "write a consistent copy of the store, even while serving",
	 "usage: innomon [--db STORE] backup FILE\n\n"
	 "Copy the store to the SQLite file FILE, consistent even while 'innomon serve' writes (an\n"
	 "SQLite store through SQLite's online backup API, a PostgreSQL one from one snapshot; for a\n"
	 "PostgreSQL server's own backups see docs/deploy.md). Written to FILE.tmp (mode 0600) and\n"
	 "renamed when complete. FILE must not exist or must be empty (exit 5).\n"},
	{"migrate", cmd_migrate, "copy a store to another back end (SQLite file <-> PostgreSQL)",
	 "usage: innomon migrate --from STORE --to STORE\n\n"
	 "Copy everything in the store --from (plans, values with every revision, users, sessions,\n"
	 "supervision, uploads, registries, the audit trail) into --to, a new SQLite file or an empty\n"
	 "PostgreSQL database (postgresql://USER@HOST/DB), ids kept, in one transaction: the copy is\n"
	 "complete or absent. Both audit trails are verified and must end in the same hash. A target\n"
	 "that already holds data is refused (exit 5). Stop the servers of --from first: what they\n"
	 "write meanwhile is not copied.\n"},
	{"report", cmd_report, "the evaluation report (监测评估报告) as HTML, PDF, XLSX or Markdown",
	 "usage: innomon [--db PATH] report --period P [--format html|pdf|xlsx|md] [--lang zh|en] [-o FILE]\n"
	 "                              [--plan CODE] [--issuer NAME]\n\n"
	 "The evaluation report of period P (a year such as 2025; also 2025Q3 or 2025-07) from the\n"
	 "approved and published values up to the end of P: cover, summary with the three targets\n"
	 "that most need attention, every goal group's indicators with charts and sources, actions\n"
	 "and measures with their units, units' scorecards, data-quality notes, the methodology\n"
	 "annex, the indicator x region x year table and the store state it was drawn from.\n"
	 "From the plan's target year on it is the final evaluation: a target is met or not met on\n"
	 "its target year's own figure, or has no final figure yet; never \"on track\".\n\n"
	 "--format   html (standalone, printable; default), pdf (A4), xlsx (one sheet per table), md\n"
	 "--lang     zh (default) or en\n"
	 "-o FILE    where to write ('-' for standard output; default PLAN-evaluation-P-LANG.EXT)\n"
	 "--issuer   the preparing department (default: the unit owning most headline indicators)\n"
	 "The same store and INNOMON_NOW give byte-identical HTML, Markdown and XLSX.\n"},
	{"cycle", cmd_cycle, "reporting cycles: open, close, status (who owes which report)",
	 "usage: innomon [--db PATH] cycle open PERIOD --deadline DATE [--plan CODE]\n"
	 "       innomon [--db PATH] cycle close PERIOD [--plan CODE]\n"
	 "       innomon [--db PATH] cycle status PERIOD [--plan CODE] [--json]\n"
	 "       innomon [--db PATH] cycle list [--plan CODE] [--json]\n\n"
	 "Each plan has its own cycles: two plans in force may both have one for a period. --plan\n"
	 "names the plan (default: the plan in force, as 'innomon plan show').\n"
	 "open    open the plan's reporting cycle of PERIOD (2025Q3, 2025-07 or 2025): every unit owes a\n"
	 "        progress report on each measure it leads or shares, by DATE (the end of that day,\n"
	 "        Beijing time; or a UTC time 2025-10-15T08:00:00Z). Units hear of it in their inbox.\n"
	 "close   close the cycle: no more drafts or submissions (the review goes on)\n"
	 "status  every report owed (measure x unit) with its state (none, draft, submitted,\n"
	 "        approved, returned) and timeliness (pending, on_time, late, missing);\n"
	 "        --json gives {period, deadline, status, owed: [...], summary}\n"
	 "list    every cycle of the plan, newest first\n"},
	{"notices", cmd_notices, "督办 notices: raised by rules or by hand, answered, escalated",
	 "usage: innomon [--db PATH] notices [--plan CODE] [--overdue] [--open] [--unit CODE] [--period P] [--json]\n\n"
	 "The 督办 notices of the plan (--plan CODE; default: the plan in force), newest first: unit,\n"
	 "measure, period, level (2 once escalated), status (open, answered, escalated, closed),\n"
	 "reply deadline and subject.\n"
	 "--overdue  only notices unanswered past their reply deadline\n"
	 "--open     only notices not closed\n"},
	{"tick", cmd_tick, "run the periodic supervision work once (cron-able)",
	 "usage: innomon [--db PATH] tick\n\n"
	 "Raise the notices the enabled rules call for, plan by plan (a report missing at its cycle's\n"
	 "deadline, in every plan with cycles; a milestone overdue and a linked indicator off track two\n"
	 "periods running, in every plan in force), escalate notices\n"
	 "unanswered past their reply deadline, send reminders reminder_days before deadlines, and\n"
	 "deliver pending webhook events (retrying with back-off). Idempotent: run it as often as\n"
	 "wanted, on several machines at once. 'innomon serve' also runs it every tick_interval.\n"},
	{"milestones", cmd_milestones, "milestones under each measure: due, done, overdue",
	 "usage: innomon [--db PATH] milestones [--plan CODE] [--measure N] [--json]\n\n"
	 "The milestones of the plan (--plan CODE; default: the plan in force): code, measure, owner\n"
	 "unit, due date, state, title.\n"
	 "Load the department's 任务分解表 with 'innomon import milestones FILE'.\n"},
	{"config", cmd_config, "show the settings in effect and where each came from",
	 "usage: innomon [--config FILE] config show\n\n"
	 "Every setting with its value and its source (default, file:line, environment or flag).\n"},
	{"serve", cmd_serve, "serve the web pages and the JSON API",
	 "usage: innomon [--db PATH] serve [--port N] [--bind ADDR] [--threads N]\n\n"
	 "Serve on ADDR:N (default 127.0.0.1:8080; --port 0 picks a free port and prints it).\n"
	 "Stops on SIGTERM or SIGINT after the requests in flight have finished.\n"},
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out, "usage: innomon [--db PATH] [--version] [--help] COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	struct buf b;
	buf_init(&b, 0);
	if (config_help(&b) == ST_OK)
		fprintf(out, "\nsettings (also in /etc/innomon.conf or --config FILE, and as INNOMON_* variables):\n%s", buf_str(&b));
	buf_release(&b);
	fprintf(out, "\nThe store is --db PATH, else $INNOMON_DB, else ./innomon.db.\n"
		     "Run 'innomon COMMAND --help' for a command's options.\n"
		     "Exit codes: 0 ok, 1 usage, 2 bad input, 3 store error, 4 not found, 5 conflict,\n"
		     "6 denied, 7 I/O error.\n");
}

enum status cli_usage(const char *command, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "innomon %s: ", command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(run 'innomon %s --help' for usage)\n", command);
	return ST_USAGE;
}

int cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

enum status cli_help(const char *command)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, command) == 0) {
			fputs(commands[i].usage, stdout);
			return ST_OK;
		}
	usage(stdout);
	return ST_OK;
}

enum status cmd_config(struct cli *c, int argc, char **argv)
{
	if (argc != 2 || strcmp(argv[1], "show") != 0)
		return cli_usage("config", "expected: config show");
	struct buf b;
	buf_init(&b, 0);
	enum status rc = config_describe(c->config, &b);
	if (rc == ST_OK)
		fputs(buf_str(&b), stdout);
	buf_release(&b);
	return rc;
}

enum status cli_plan(struct cli *c, struct store *s, const char *code, struct plan **out)
{
	struct app_ctx x;
	app_ctx_init(&x, s, c->arena, app_operator());
	/* no --plan: the plan in force, else the newest (the same choice as the web's) */
	enum status rc = code ? store_plan_get(s, c->arena, code, 0, out) : app_plan_default(&x, out);
	if (rc == ST_NOT_FOUND && code)
		fprintf(stderr, "innomon: no plan '%s' in '%s' ('innomon plan status' lists the plans)\n", code, c->db_shown);
	else if (rc == ST_NOT_FOUND)
		fprintf(stderr, "innomon: no plan in '%s' (run 'innomon init')\n", c->db_shown);
	else if (rc != ST_OK)
		fprintf(stderr, "innomon: %s\n", store_errmsg(s));
	return rc;
}

void cli_app(struct cli *c, struct store *s, struct app_ctx *x, struct diag_list *errs)
{
	app_ctx_init(x, s, c->arena, app_operator());
	diag_init(errs, c->arena);
}

enum status cli_app_plan(struct cli *c, struct store *s, const char *code, struct app_ctx *x, struct diag_list *errs,
			 const struct plan **p)
{
	struct plan *plan;
	cli_app(c, s, x, errs);
	enum status rc = cli_plan(c, s, code, &plan);
	if (rc != ST_OK)
		return rc;
	x->plan = plan;
	*p = plan;
	return ST_OK;
}

enum status cli_refused(const char *command, enum status rc, const struct diag_list *errs, struct store *s)
{
	for (size_t i = 0; i < errs->n; i++)
		fprintf(stderr, "innomon%s%s: %s\n", command ? " " : "", command ? command : "", errs->items[i].msg);
	if (!errs->n && rc == ST_STORE && s)
		fprintf(stderr, "innomon: %s\n", store_errmsg(s));
	else if (!errs->n && rc == ST_DENIED)
		fprintf(stderr, "innomon: not allowed\n");
	return rc;
}

enum status cli_open_store(struct cli *c, int is_create, struct store **out)
{
	enum status rc = is_create ? store_open(c->db_path, out) : store_open_existing(c->db_path, out);
	if (rc == ST_NOT_FOUND) {
		fprintf(stderr, "innomon: store '%s' does not exist (run 'innomon init' first)\n", c->db_shown);
		return rc;
	}
	if (rc != ST_OK) {
		fprintf(stderr, "innomon: %s\n", store_errmsg(*out));
		store_close(*out);
		*out = NULL;
		return ST_STORE;
	}
	const char *os_user = getenv("USER");
	struct passwd *pw = os_user ? NULL : getpwuid(getuid());
	if (pw)
		os_user = pw->pw_name;
	char actor[96];
	snprintf(actor, sizeof(actor), "cli:%.80s", os_user && *os_user ? os_user : "unknown");
	struct app_ctx x; /* what the command writes is audited as the operator, named by the OS user */
	if (app_ctx_begin(&x, *out, c->arena, app_operator(), actor, NULL) != ST_OK) {
		store_close(*out);
		*out = NULL;
		return ST_USAGE;
	}
	return ST_OK;
}

int main(int argc, char **argv)
{
	struct config conf;
	struct cli c = {.config = &conf};
	xlsx_global_init();
	supervise_global_init();
	if (store_global_init() != ST_OK) {
		fprintf(stderr, "innomon: cannot initialise SQLite\n");
		return status_exit_code(ST_STORE);
	}
	if (auth_global_init() != ST_OK) {
		fprintf(stderr, "innomon: cannot initialise libsodium\n");
		return status_exit_code(ST_IO);
	}
	/* settings: defaults < config file < environment < flags (STYLE.md 2.7) */
	struct arena *sa = arena_new();
	struct diag_list diags;
	diag_init(&diags, sa);
	enum status crc = config_load(&conf, config_arg_path(argc, argv), CONFIG_DEFAULT_PATH, environ, &diags);
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("innomon %s\n", INNOMON_VERSION);
			arena_free(sa);
			return 0;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			arena_free(sa);
			return 0;
		} else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			i++; /* read by config_load above */
		} else if (strncmp(argv[i], "--config=", 9) == 0) {
			continue;
		} else if (!config_apply_args(&conf, argc, argv, &i, &diags)) {
			fprintf(stderr, "innomon: unknown option '%s'\n", argv[i]);
			usage(stderr);
			arena_free(sa);
			return status_exit_code(ST_USAGE);
		}
	}
	/* --db names the store of every command, so it is taken after the command too
	 * ("innomon init --db PATH", as the Makefile and issue 2 write it) and removed from the
	 * command's own arguments */
	int kept = i + 1;
	for (int j = i + 1; j < argc; j++) {
		if (strcmp(argv[j], "--db") == 0 || strncmp(argv[j], "--db=", 5) == 0)
			(void)config_apply_args(&conf, argc, argv, &j, &diags);
		else
			argv[kept++] = argv[j];
	}
	if (i < argc)
		argc = kept;
	if (diag_errors(&diags)) {
		diag_print(&diags, stderr);
		arena_free(sa);
		return status_exit_code(crc != ST_OK ? crc : ST_USAGE);
	}
	arena_free(sa);
	log_setup(conf.log_level, conf.log_format);
	if (!clock_zone_apply(conf.time_zone)) {
		fprintf(stderr, "innomon: time_zone: no such time zone '%s' (an IANA name such as Asia/Shanghai, or UTC)\n",
			conf.time_zone);
		return status_exit_code(ST_USAGE);
	}
	c.db_path = conf.db_path;
	if (i >= argc) {
		usage(stderr);
		return status_exit_code(ST_USAGE);
	}
	const char *name = argv[i];
	for (size_t k = 0; k < N_COMMANDS; k++) {
		if (strcmp(commands[k].name, name) != 0)
			continue;
		if (cli_wants_help(argc - i, argv + i))
			return status_exit_code(cli_help(name));
		c.arena = arena_new();
		c.db_shown = store_target_shown(c.arena, c.db_path);
		enum status rc = commands[k].run(&c, argc - i, argv + i);
		arena_free(c.arena);
		return status_exit_code(rc);
	}
	fprintf(stderr, "innomon: unknown command '%s'\n", name);
	usage(stderr);
	return status_exit_code(ST_USAGE);
}
