/* registries.c - registry import and derived-indicator computation (see registries.h). The
 * file streams row by row, each row a record checked cell by cell and written at once inside
 * the import's one transaction; any error rolls it all back. Recomputation reads the current records once per kind and evaluates each definition
 * per region and year; the store decides nothing about values, it only writes revisions. */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/num.h"
#include "core/derive.h"
#include "core/period.h"
#include "ingest/import.h"
#include "ingest/registries.h"
#include "ingest/sheet.h"
#include "ingest/source.h"
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
			else if (d < 0)
				BAD(f, "bad_number", "the %s must not be negative", fd->name);
			else
				rec->vals[f] = arena_strndup(a, v.p, v.len);
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

/* One registry file streaming through: the header mapped once, then each row checked into a
 * record and written at once inside the import's transaction (begun at the header), so memory
 * holds one row whatever the file's size. */
struct reg_stream {
	struct store *s;
	struct arena *a;
	const struct plan *p;
	enum reg_kind kind;
	const struct registry_import_opts *opts;
	const struct sheet_info *info;
	struct registry_import_result *res;
	struct diag_list *diags;
	struct col_spec *specs;
	int idx[REG_MAX_FIELDS];
	int first_key;
	int is_mapped, is_tx;
	struct reg_writer *w;
	struct arena *row; /* one row's record, reset after it */
};

static enum status reg_header(struct reg_stream *st, const struct sheet *sh)
{
	const struct reg_kind_info *k = reg_kind_info(st->kind);
	if (sheet_map_columns(sh, st->specs, k->n_fields, 0, st->idx, st->diags))
		return ST_INVALID;
	for (size_t c = 0; c < sh->rows[0].n_cells; c++) {
		int used = 0;
		for (size_t f = 0; f < k->n_fields; f++)
			used |= st->idx[f] == (int)c;
		if (!used && sh->rows[0].cells[c].len) {
			struct diag *d = diag_warn(st->diags, sh->file, sh->rows[0].line, (int)c + 1, NULL, "unused_column",
						   "column '%.*s' is not used", (int)sh->rows[0].cells[c].len, sh->rows[0].cells[c].p);
			if (d)
				d->sheet = sh->sheet_name;
		}
	}
	st->is_mapped = 1;
	enum status rc = store_tx_begin(st->s);
	if (rc != ST_OK)
		return rc;
	st->is_tx = 1;
	struct reg_batch batch = {st->opts->who, sh->file, st->info->sha256, st->info->sheet, st->info->encoding,
				  st->opts->is_dry_run};
	struct reg_batch *kept = arena_alloc(st->a, sizeof(*kept));
	*kept = batch;
	return store_registry_writer_open(st->s, st->a, st->kind, kept, &st->w);
}

static enum status reg_row(void *ctx, const struct sheet *sh, const struct sheet_row *row)
{
	struct reg_stream *st = ctx;
	if (!st->is_mapped)
		return reg_header(st, sh);
	st->res->n_rows++;
	struct reg_record rec;
	enum status rc = ST_OK;
	if (parse_row(st->row, st->p, st->kind, sh, row, st->idx, st->specs, &rec, st->diags)) {
		enum reg_outcome outcome;
		long dup_line;
		rc = store_registry_put(st->w, &rec, row->line, st->row, &outcome, NULL, &dup_line);
		if (rc == ST_OK && outcome == REG_DUPLICATE) {
			const struct reg_kind_info *k = reg_kind_info(st->kind);
			struct diag *d = diag_add(st->diags, sh->file, row->line, st->idx[st->first_key] + 1,
						  k->fields[st->first_key].name, "duplicate_key",
						  "the same %s record as row %ld ('%s'): give each record once", k->name, dup_line,
						  rec.key);
			if (d)
				d->sheet = sh->sheet_name;
		}
	}
	arena_reset(st->row);
	return rc;
}

enum status registry_import_source(struct store *s, struct arena *a, const struct plan *p, enum reg_kind kind,
				   struct byte_source *src, const struct registry_import_opts *opts,
				   struct registry_import_result *res, struct diag_list *diags)
{
	const struct reg_kind_info *k = reg_kind_info(kind);
	memset(res, 0, sizeof(*res));
	struct reg_stream st;
	memset(&st, 0, sizeof(st));
	struct sheet_info info;
	st.s = s, st.a = a, st.p = p, st.kind = kind, st.opts = opts, st.info = &info, st.res = res, st.diags = diags;
	st.specs = arena_calloc(a, k->n_fields, sizeof(*st.specs));
	for (size_t f = 0; f < k->n_fields; f++) {
		const char **aliases = arena_calloc(a, 2, sizeof(*aliases));
		aliases[0] = k->fields[f].name_zh;
		st.specs[f] = (struct col_spec){k->fields[f].name, aliases, k->fields[f].is_required};
	}
	st.first_key = 0;
	for (size_t f = 0; f < k->n_fields; f++)
		if (k->fields[f].is_key) {
			st.first_key = (int)f;
			break;
		}
	st.row = arena_new();
	size_t errors_before = diag_errors(diags);
	enum status rc = sheet_stream(a, src, opts->encoding, opts->sheet, reg_row, &st, &info, diags);
	arena_free(st.row);
	res->format = info.format, res->encoding = info.encoding, res->sheet = info.sheet;
	res->file_sha256 = arena_strdup(a, info.sha256);
	if (rc == ST_OK && !st.is_mapped) { /* no header: an empty file */
		struct sheet empty = {src->name, info.sheet, NULL, 0};
		sheet_map_columns(&empty, st.specs, k->n_fields, 0, st.idx, diags);
		rc = ST_INVALID;
	}
	if (rc == ST_OK && res->n_rows == 0) {
		diag_add(diags, src->name, 1, 0, NULL, "no_rows", "the file has a header but no records");
		rc = ST_INVALID;
	}
	if (rc == ST_OK && diag_errors(diags) > errors_before)
		rc = ST_INVALID;
	if (rc == ST_OK)
		store_registry_writer_counts(st.w, &res->n_new, &res->n_revised, &res->n_unchanged);
	if (rc == ST_OK && !opts->is_dry_run)
		rc = store_registry_writer_finish(st.w, res->n_rows, &res->batch_id);
	/* nothing written (every record unchanged): nothing to commit, not even an empty batch */
	if (rc == ST_OK && !opts->is_dry_run && st.is_tx && res->batch_id)
		return store_tx_commit(s);
	if (st.is_tx)
		store_tx_rollback(s);
	if (opts->is_dry_run)
		res->batch_id = 0;
	return rc == ST_NOT_FOUND ? ST_INVALID : rc;
}

enum status registry_import(struct store *s, struct arena *a, const struct plan *p, enum reg_kind kind, const char *file,
			    const void *buf, size_t len, const struct registry_import_opts *opts,
			    struct registry_import_result *res, struct diag_list *diags)
{
	struct byte_source src;
	source_init_mem(&src, file, buf, len);
	return registry_import_source(s, a, p, kind, &src, opts, res, diags);
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
