/* registries.c - registry import and derived-indicator computation (see registries.h). The
 * file becomes a sheet, each row a record checked cell by cell; only a clean file reaches the
 * store. Recomputation reads the current records once per kind and evaluates each definition
 * per region and year; the store decides nothing about values, it only writes revisions. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/num.h"
#include "core/derive.h"
#include "core/uscc.h"
#include "core/period.h"
#include "ingest/import.h"
#include "ingest/registries.h"
#include "ingest/sheet.h"
#include "store/store.h"
#include "base/banned.h"

#define SOURCE_PREFIX "registry: "

/* Strip the quotation marks people put around 小巨人 (“”, "", 「」) so every spelling matches. */
static const char *unquote_zh(struct arena *a, struct str v)
{
	char *out = arena_alloc(a, v.len + 1), *o = out;
	for (size_t i = 0; i < v.len;) {
		static const char *const marks[] = {"“", "”", "\"", "「", "」", "‘", "’"};
		size_t skip = 0;
		for (size_t m = 0; m < sizeof(marks) / sizeof(marks[0]) && !skip; m++) {
			size_t n = strlen(marks[m]);
			if (i + n <= v.len && memcmp(v.p + i, marks[m], n) == 0)
				skip = n;
		}
		if (skip) {
			i += skip;
			continue;
		}
		*o++ = v.p[i++];
	}
	*o = '\0';
	return out;
}

static const char *enum_value(struct arena *a, const struct reg_field *f, struct str v)
{
	const char *text = unquote_zh(a, v);
	for (size_t i = 0; f->allowed[i]; i++)
		if (strcmp(text, f->allowed[i]) == 0 || strcmp(text, f->allowed_zh[i]) == 0)
			return f->allowed[i];
	return NULL;
}

/* A set: its parts (separated by ';', '；', '、' or ',') each an allowed value, written back
 * canonical, in the field's order, once each, ';'-separated; NULL when a part is unknown. */
static const char *set_value(struct arena *a, const struct reg_field *f, struct str v)
{
	unsigned long long seen = 0;
	const char *text = unquote_zh(a, v);
	size_t n = strlen(text), i = 0;
	while (i <= n) {
		size_t j = i, sep = 0;
		while (j < n) {
			static const char *const seps[] = {";", "；", "、", ","};
			for (size_t s = 0; s < 4 && !sep; s++)
				if (strncmp(text + j, seps[s], strlen(seps[s])) == 0)
					sep = strlen(seps[s]);
			if (sep)
				break;
			j++;
		}
		size_t b = i, e = j;
		while (b < e && text[b] == ' ')
			b++;
		while (e > b && text[e - 1] == ' ')
			e--;
		if (e > b) {
			int hit = -1;
			for (int k = 0; f->allowed[k] && hit < 0 && k < 64; k++)
				if ((strlen(f->allowed[k]) == e - b && memcmp(text + b, f->allowed[k], e - b) == 0) ||
				    (strlen(f->allowed_zh[k]) == e - b && memcmp(text + b, f->allowed_zh[k], e - b) == 0))
					hit = k;
			if (hit < 0)
				return NULL;
			seen |= 1ull << hit;
		}
		i = j + (sep ? sep : 1);
	}
	char *out = arena_strdup(a, "");
	for (int k = 0; f->allowed[k] && k < 64; k++)
		if (seen & (1ull << k))
			out = arena_printf(a, "%s%s%s", out, *out ? ";" : "", f->allowed[k]);
	return *out ? out : NULL;
}

static const char *allowed_list(struct arena *a, const struct reg_field *f)
{
	char *s = arena_strdup(a, "");
	for (size_t i = 0; f->allowed[i]; i++)
		s = arena_printf(a, "%s%s%s (%s)", s, i ? ", " : "", f->allowed[i], f->allowed_zh[i]);
	return s;
}

/* Check one row into rec; errors go to diags. Returns 1 when the row is clean. */
static int parse_row(struct arena *a, const struct plan *p, enum reg_kind kind, const struct sheet *sh,
		     const struct sheet_row *row, const int *idx, const struct col_spec *specs, struct reg_record *rec,
		     struct diag_list *diags)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	int is_ok = 1;
	memset(rec, 0, sizeof(*rec));
	reg_record_alloc(a, kind, rec);
	rec->region = -1;
#define BAD(f, code, ...)                                                                       \
	do {                                                                                    \
		sheet_cell_error(sh, row, idx[f], specs[f].name, code, diags, __VA_ARGS__);      \
		is_ok = 0;                                                                      \
	} while (0)
	for (size_t f = 0; f < k->n_fields; f++) {
		const struct reg_field *fd = &k->fields[f];
		struct str v = sheet_cell(row, idx[f]);
		if (v.len == 0) {
			if (fd->is_required)
				BAD(f, "missing", "the %s is empty", fd->name);
			continue;
		}
		double d;
		if (fd->is_key && memchr(v.p, '|', v.len)) { /* '|' joins the key fields (reg_record_key) */
			BAD(f, "bad_value", "a %s may not contain '|'", fd->name);
			continue;
		}
		switch (fd->type) {
		case RT_TEXT:
			rec->vals[f] = arena_strndup(a, v.p, v.len);
			break;
		case RT_ENUM:
			if ((rec->vals[f] = enum_value(a, fd, v)) == NULL)
				BAD(f, "bad_value", "'%.*s' is not a %s: use %s", (int)v.len, v.p, fd->name, allowed_list(a, fd));
			break;
		case RT_DATE:
			if (!reg_date_valid(v.p, v.len))
				BAD(f, "bad_date", "'%.*s' is not a date: write YYYY-MM-DD, e.g. 2024-06-30", (int)v.len, v.p);
			else
				rec->vals[f] = arena_strndup(a, v.p, v.len);
			break;
		case RT_NUMBER:
			if (!num_parse_double(v, &d))
				BAD(f, "bad_number", "'%.*s' is not a number", (int)v.len, v.p);
			else if (d < 0 && !(fd->flags & REGF_SIGNED))
				BAD(f, "bad_number", "the %s must not be negative", fd->name);
			else if ((fd->flags & REGF_INTEGER) && d != (double)(long long)d)
				BAD(f, "bad_number", "the %s must be a whole number", fd->name);
			else if (fd->max > 0 && d > fd->max)
				BAD(f, "bad_number", "the %s must be at most %g", fd->name, fd->max);
			else if (d > REG_NUMBER_MAX || d < -REG_NUMBER_MAX)
				BAD(f, "bad_number", "'%.*s' is too large", (int)v.len, v.p);
			else
				rec->vals[f] = arena_strndup(a, v.p, v.len);
			break;
		case RT_USCC: {
			size_t at;
			char want;
			enum uscc_error e = uscc_check(v.p, v.len, &at, &want);
			if (e == USCC_LENGTH)
				BAD(f, "bad_uscc", "'%.*s' is not a 统一社会信用代码: it has 18 characters", (int)v.len, v.p);
			else if (e == USCC_CHAR)
				BAD(f, "bad_uscc", "'%.*s' is not a 统一社会信用代码: character %zu is not one of 0-9 and A-Y without I, O, S, V, Z",
				    (int)v.len, v.p, at + 1);
			else if (e == USCC_CHECK)
				BAD(f, "bad_uscc", "'%.*s' fails the GB 32100 check: the 18th character should be '%c'", (int)v.len, v.p, want);
			else
				rec->vals[f] = arena_strndup(a, v.p, v.len);
			break;
		}
		case RT_SET:
			if ((rec->vals[f] = set_value(a, fd, v)) == NULL)
				BAD(f, "bad_value", "'%.*s' is not a list of %s: use %s, separated by ';'", (int)v.len, v.p, fd->name,
				    allowed_list(a, fd));
			break;
		case RT_YEAR:
			if (!num_parse_double(v, &d) || d != (double)(long)d || d < 1900 || d > 2200)
				BAD(f, "bad_year", "'%.*s' is not a year: write it as 2024", (int)v.len, v.p);
			else
				rec->vals[f] = arena_printf(a, "%ld", (long)d);
			break;
		case RT_REGION: {
			int r = plan_find_region_any(p, arena_strndup(a, v.p, v.len));
			if (r < 0) {
				BAD(f, "unknown_region", "unknown region '%.*s': give its code or its Chinese name as in the plan", (int)v.len, v.p);
			} else {
				rec->region = r;
				rec->vals[f] = p->regions[r].code;
			}
			break;
		}
		}
	}
	/* an end before its start is a typing error, not a record */
	static const struct {
		enum reg_kind kind;
		const char *from, *to;
	} spans[] = {{REG_ENTERPRISES, "valid_from", "valid_to"}, {REG_PATENTS, "granted", "lapsed"}};
	for (size_t i = 0; i < sizeof(spans) / sizeof(spans[0]); i++) {
		if (spans[i].kind != kind)
			continue;
		int from = reg_field_find(kind, spans[i].from, strlen(spans[i].from));
		int to = reg_field_find(kind, spans[i].to, strlen(spans[i].to));
		if (rec->vals[from] && rec->vals[to] && strcmp(rec->vals[to], rec->vals[from]) < 0)
			BAD(to, "bad_date", "the %s %s is before the %s %s", spans[i].to, rec->vals[to], spans[i].from, rec->vals[from]);
	}
#undef BAD
	if (is_ok)
		rec->key = reg_record_key(a, kind, rec);
	return is_ok;
}

struct keyed {
	const char *key;
	long line;
};

static int keyed_cmp(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->line > b->line) - (a->line < b->line);
}

enum status registry_import(struct store *s, struct arena *a, const struct plan *p, enum reg_kind kind, const char *file,
			    const void *buf, size_t len, const struct registry_import_opts *opts,
			    struct registry_import_result *res, struct diag_list *diags)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	memset(res, 0, sizeof(*res));
	if (len > IMPORT_FILE_MAX_BYTES) {
		diag_add(diags, file, 0, 0, NULL, "too_large", "the file is larger than %zu bytes", IMPORT_FILE_MAX_BYTES);
		return ST_TOO_LARGE;
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	crypto_hash_sha256(h, buf, len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	res->file_sha256 = arena_strdup(a, hex);

	struct import_opts io = {opts->encoding, opts->sheet, OBS_APPROVED, opts->who, opts->is_dry_run, NULL, NULL};
	struct import_result ir;
	memset(&ir, 0, sizeof(ir));
	struct sheet sh;
	enum status rc = import_read_sheet(a, file, buf, len, &io, &ir, &sh, diags);
	res->format = ir.format, res->encoding = ir.encoding, res->sheet = ir.sheet;
	if (rc != ST_OK)
		return rc == ST_TOO_LARGE ? rc : ST_INVALID;

	struct col_spec *specs = arena_calloc(a, k->n_fields, sizeof(*specs));
	for (size_t f = 0; f < k->n_fields; f++) {
		const char **aliases = arena_calloc(a, 2, sizeof(*aliases));
		aliases[0] = k->fields[f].name_zh;
		specs[f] = (struct col_spec){k->fields[f].name, aliases, k->fields[f].is_required};
	}
	int idx[REG_MAX_FIELDS];
	size_t errors_before = diag_errors(diags);
	if (sheet_map_columns(&sh, specs, k->n_fields, 0, idx, diags))
		return ST_INVALID;
	for (size_t c = 0; c < sh.rows[0].n_cells; c++) {
		int used = 0;
		for (size_t f = 0; f < k->n_fields; f++)
			used |= idx[f] == (int)c;
		if (!used && sh.rows[0].cells[c].len) {
			struct diag *d = diag_warn(diags, sh.file, sh.rows[0].line, (int)c + 1, NULL, "unused_column",
						   "column '%.*s' is not used", (int)sh.rows[0].cells[c].len, sh.rows[0].cells[c].p);
			if (d)
				d->sheet = sh.sheet_name;
		}
	}
	size_t n = sh.n_rows - 1;
	res->n_rows = n;
	if (n == 0) {
		diag_add(diags, sh.file, 1, 0, NULL, "no_rows", "the file has a header but no records");
		return ST_INVALID;
	}
	struct reg_record *recs = arena_calloc(a, n, sizeof(*recs));
	struct keyed *keys = arena_calloc(a, n, sizeof(*keys));
	size_t n_keys = 0;
	for (size_t i = 0; i < n; i++)
		if (parse_row(a, p, kind, &sh, &sh.rows[i + 1], idx, specs, &recs[i], diags))
			keys[n_keys++] = (struct keyed){recs[i].key, sh.rows[i + 1].line};
	qsort(keys, n_keys, sizeof(*keys), keyed_cmp);
	int first_key = -1;
	for (size_t f = 0; f < k->n_fields && first_key < 0; f++)
		if (k->fields[f].is_key)
			first_key = (int)f;
	for (size_t i = 1; i < n_keys; i++)
		if (strcmp(keys[i - 1].key, keys[i].key) == 0) {
			struct diag *d = diag_add(diags, sh.file, keys[i].line, idx[first_key] + 1, k->fields[first_key].name, "duplicate_key",
						  "the same %s record as row %ld ('%s'): give each record once", k->name, keys[i - 1].line,
						  keys[i].key);
			if (d)
				d->sheet = sh.sheet_name;
		}
	if (diag_errors(diags) > errors_before)
		return ST_INVALID;

	struct reg_batch batch = {opts->who, file, res->file_sha256, res->sheet, res->encoding, opts->is_dry_run};
	struct reg_write_result wr;
	rc = store_registry_write(s, a, kind, &batch, recs, n, &wr);
	if (rc != ST_OK)
		return rc;
	res->n_new = wr.n_new, res->n_revised = wr.n_revised, res->n_unchanged = wr.n_unchanged;
	res->batch_id = wr.batch_id;
	return ST_OK;
}

/* ---- recomputation --------------------------------------------------------------------- */

static int status_rank(enum obs_status st)
{
	return st == OBS_PUBLISHED ? 3 : st == OBS_APPROVED ? 2 : st == OBS_SUBMITTED ? 1 : 0;
}

enum status registry_recompute(struct store *s, struct arena *a, const struct plan *p, const char *who, int max_year,
			       int is_dry_run, struct registry_recompute_result *res, struct diag_list *diags)
{
	struct reg_set sets[REG_N_KINDS];
	int is_loaded[REG_N_KINDS] = {0};
	enum status rc;
	memset(res, 0, sizeof(*res));
	memset(sets, 0, sizeof(sets));
	size_t cap = 64;
	res->cells = arena_calloc(a, cap, sizeof(*res->cells));
	/* up[r * nr + g]: a record of region r counts for region g (g's scope holds r) */
	size_t nr = p->n_regions;
	unsigned char *up = arena_alloc(a, nr * nr + 1), *scope = arena_alloc(a, nr + 1);
	for (size_t g = 0; g < nr; g++) {
		reg_region_scope(p, (int)g, scope);
		for (size_t r = 0; r < nr; r++)
			up[r * nr + g] = scope[r];
	}
	for (size_t i = 0; i < p->n_indicators; i++) {
		const struct indicator *ind = &p->indicators[i];
		if (ind->kind != IND_DERIVED)
			continue;
		if (!ind->formula) {
			diag_warn(diags, NULL, 0, 0, ind->code, "no_definition",
				  "'%s' is derived but has no definition in its formula column: nothing to compute", ind->code);
			continue;
		}
		size_t err_at;
		const char *err;
		struct derive *d = derive_parse(a, ind->formula, strlen(ind->formula), &err_at, &err);
		if (!d) { /* plan_check refuses such a plan; a stored one is checked again */
			diag_add(diags, NULL, 0, 0, ind->code, "bad_definition", "definition of '%s', at character %zu: %s",
				 ind->code, err_at + 1, err);
			continue;
		}
		if (ind->frequency != FREQ_ANNUAL) {
			diag_warn(diags, NULL, 0, 0, ind->code, "not_annual", "'%s' is not annual: only annual derived indicators are computed",
				  ind->code);
			continue;
		}
		res->n_indicators++;
		unsigned kinds = derive_kinds(d);
		for (int k = 0; k < REG_N_KINDS; k++) {
			if (!(kinds & (1u << k)) || is_loaded[k])
				continue;
			struct reg_record *recs;
			size_t n;
			rc = store_registry_current(s, a, (enum reg_kind)k, &recs, &n);
			if (rc != ST_OK)
				return rc;
			int rf = reg_kind_info((enum reg_kind)k)->region_field;
			for (size_t r = 0; r < n; r++)
				recs[r].region = recs[r].vals[rf] ? plan_find_region(p, recs[r].vals[rf]) : -1;
			sets[k] = (struct reg_set){recs, n};
			is_loaded[k] = 1;
		}
		/* cells computed before stay computed: a record moved to another region or year
		 * must revise the value it used to count towards, not leave it standing */
		struct obs *old;
		size_t n_old;
		rc = store_obs_current(s, a, ind->code, NULL, OBS_VIEW_INTERNAL, &old, &n_old);
		if (rc != ST_OK)
			return rc;
		unsigned char *had = arena_calloc(a, p->n_regions ? p->n_regions : 1, 1);
		int first = 0, last = -1, has_years = derive_years(d, sets, max_year, &first, &last);
		for (size_t o = 0; o < n_old; o++) {
			int g = plan_find_region(p, old[o].region);
			struct period per;
			if (!old[o].source || strncmp(old[o].source, SOURCE_PREFIX, strlen(SOURCE_PREFIX)) != 0 || g < 0 ||
			    !period_parse(old[o].period, strlen(old[o].period), &per) || per.kind != PERIOD_YEAR)
				continue;
			had[g] = 1;
			if (!has_years || per.year < first)
				first = per.year;
			if (!has_years || per.year > last)
				last = per.year;
			has_years = 1;
		}
		if (!has_years)
			continue;
		const char *source = arena_printf(a, SOURCE_PREFIX "%s", ind->formula);
		/* a region is computed where a record counts for it, or where it was computed before */
		unsigned char *is_covered = arena_alloc(a, nr);
		memcpy(is_covered, had, nr);
		for (int k = 0; k < REG_N_KINDS; k++)
			for (size_t r = 0; (kinds & (1u << k)) && r < sets[k].n; r++)
				for (size_t g = 0; sets[k].recs[r].region >= 0 && g < nr; g++)
					is_covered[g] |= up[(size_t)sets[k].recs[r].region * nr + g];
		/* every region of a year at once (each record's condition evaluated once), then the
		 * cells region by region, year by year */
		size_t n_years = (size_t)(last - first + 1);
		double *vals = arena_alloc(a, n_years * nr * sizeof(*vals));
		unsigned char *oks = arena_calloc(a, n_years * nr, 1);
		for (int y = first; y <= last; y++) {
			char start[16], end[16], text[PERIOD_TEXT_MAX];
			struct period per;
			snprintf(text, sizeof(text), "%d", y);
			if (!period_parse(text, strlen(text), &per))
				continue;
			period_start_date(&per, start);
			period_end_date(&per, end);
			struct derive_ctx ctx = {start, end, y};
			size_t at = (size_t)(y - first) * nr;
			derive_eval_regions(d, sets, &ctx, up, nr, vals + at, oks + at);
		}
		for (size_t g = 0; g < nr; g++) {
			if (!is_covered[g])
				continue; /* no record there: the registry says nothing about this region */
			for (int y = first; y <= last; y++) {
				size_t at = (size_t)(y - first) * nr + g;
				if (!oks[at])
					continue;
				struct period per;
				char text[PERIOD_TEXT_MAX];
				snprintf(text, sizeof(text), "%d", y);
				if (!period_parse(text, strlen(text), &per))
					continue;
				if (res->n_cells == cap) {
					struct registry_cell *bigger = arena_calloc(a, cap * 2, sizeof(*bigger));
					memcpy(bigger, res->cells, cap * sizeof(*bigger));
					res->cells = bigger;
					cap *= 2;
				}
				struct obs *o = &res->cells[res->n_cells++].after;
				o->indicator = ind->code;
				o->region = p->regions[g].code;
				o->period = arena_strdup(a, text);
				o->period_t = period_time(&per);
				o->value = vals[at];
				o->qualifier = QUAL_EXACT;
				o->status = OBS_APPROVED;
				o->source = source;
				o->created_by = who;
			}
		}
	}
	if (res->n_cells == 0)
		return ST_OK;
	struct obs_key *keys = arena_alloc(a, res->n_cells * sizeof(*keys));
	struct obs **before = arena_alloc(a, res->n_cells * sizeof(*before));
	for (size_t i = 0; i < res->n_cells; i++)
		keys[i] = (struct obs_key){res->cells[i].after.indicator, res->cells[i].after.region, res->cells[i].after.period};
	rc = store_obs_latest(s, a, keys, res->n_cells, before);
	if (rc != ST_OK)
		return rc;
	struct obs *to_write = arena_alloc(a, res->n_cells * sizeof(*to_write));
	size_t n_write = 0;
	for (size_t i = 0; i < res->n_cells; i++) {
		struct registry_cell *c = &res->cells[i];
		const struct obs *b = before[i];
		c->before = b;
		if (b && b->status != OBS_RETURNED && status_rank(b->status) >= status_rank(OBS_APPROVED) && b->value == c->after.value &&
		    b->qualifier == QUAL_EXACT && b->source && strcmp(b->source, c->after.source) == 0) {
			c->is_unchanged = 1;
			res->n_unchanged++;
			continue;
		}
		c->after.revision = b ? b->revision + 1 : 1;
		if (b)
			res->n_revised++;
		else
			res->n_new++;
		to_write[n_write++] = c->after;
	}
	if (is_dry_run || n_write == 0)
		return ST_OK;
	struct obs_batch batch = {who, NULL, NULL, NULL, NULL, res->n_cells, res->n_new, res->n_revised, res->n_unchanged, 0,
				  "registry.recompute"};
	return store_obs_write(s, &batch, to_write, n_write, &res->batch_id);
}

enum status registry_recompute_ended(struct store *s, struct arena *a, const struct plan *p, const char *who,
				     int is_dry_run, struct registry_recompute_result *res, struct diag_list *diags)
{
	return registry_recompute(s, a, p, who, clock_year_shanghai(clock_now()) - 1, is_dry_run, res, diags);
}
