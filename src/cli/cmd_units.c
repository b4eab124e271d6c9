/* cmd_units.c - innomon units: the responsibility matrix (per unit, measures led and shared). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "store/store.h"
#include "base/banned.h"

static json_t *numbers_of(const struct plan *p, const char *unit, enum resp_role role)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->n_resps; i++)
		if (strcmp(p->resps[i].unit_code, unit) == 0 && p->resps[i].role == role)
			json_array_append_new(a, json_integer(p->resps[i].measure_number));
	return a;
}

static const char *numbers_text(struct arena *a, const struct plan *p, const char *unit, enum resp_role role)
{
	struct buf b;
	buf_init(&b, 4096);
	for (size_t i = 0; i < p->n_resps; i++)
		if (strcmp(p->resps[i].unit_code, unit) == 0 && p->resps[i].role == role)
			bwf(&b, "%s%d", b.len ? "," : "", p->resps[i].measure_number);
	const char *out = arena_strdup(a, b.len ? buf_str(&b) : "-");
	buf_release(&b);
	return out;
}

enum status cmd_units(struct cli *c, int argc, char **argv)
{
	int is_json = 0;
	const char *code = NULL;
	const struct opt opts[] = {{"json", NULL, &is_json}, {"plan", &code, NULL}};
	const char *pos[1];
	size_t n_pos;
	enum status rc = opts_parse("units", argc, argv, opts, 2, pos, 0, &n_pos);
	if (rc != ST_OK)
		return rc;
	struct store *s;
	rc = cli_open_store(c, 0, &s);
	if (rc != ST_OK)
		return rc;
	struct plan *p;
	rc = cli_plan(c, s, code, &p);
	store_close(s);
	if (rc != ST_OK)
		return rc;
	if (is_json) {
		json_t *arr = json_array();
		for (size_t u = 0; u < p->n_units; u++) {
			const struct unit *un = &p->units[u];
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s?, s:s, s:o, s:o}", "code", un->code, "name_zh",
							     un->name_zh, "name_en", un->name_en, "kind", un->kind, "leads",
							     numbers_of(p, un->code, ROLE_LEAD), "co",
							     numbers_of(p, un->code, ROLE_CO)));
		}
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		fputc('\n', stdout);
		json_decref(arr);
		return ST_OK;
	}
	printf("%-10s  %-28s  %-40s  %s\n", "code", "leads (measures)", "co-responsible (measures)", "unit");
	for (size_t u = 0; u < p->n_units; u++) {
		const struct unit *un = &p->units[u];
		printf("%-10s  %-28s  %-40s  %s\n", un->code, numbers_text(c->arena, p, un->code, ROLE_LEAD),
		       numbers_text(c->arena, p, un->code, ROLE_CO), un->name_zh);
	}
	return ST_OK;
}
