/* registries.c - registry import and derived-indicator computation (see registries.h). The
 * file streams row by row, each row a record checked cell by cell and handed to the store's
 * writer, which writes a batch of them at a time inside the import's one transaction; any error
 * rolls it all back. Recomputation reads the current records once per kind and evaluates each definition
 * per region and year; the store decides nothing about values, it only writes revisions. */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/num.h"
#include "core/derive.h"
#include "core/uscc.h"
#include "core/period.h"
#include "ingest/derived.h"
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
static int parse_row(struct arena *a, const struct plan *p, struct plan_name_memo *regions, enum reg_kind kind,
		     const struct sheet *sh, const struct sheet_row *row, const int *idx, const struct col_spec *specs,
		     struct reg_record *rec, struct diag_list *diags)
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
			int r = plan_name_memo_find(regions, v.p, v.len);
			const char *typed = r < 0 ? arena_strndup(a, v.p, v.len) : NULL, *cands;
			if (r < 0 && (cands = plan_name_candidates(a, p, PLAN_REGION, typed))) {
				BAD(f, "ambiguous_region", "region '%s' names more than one; write the code of one of: %s", typed, cands);
			} else if (r < 0) {
				BAD(f, "unknown_region", "unknown region '%s': give its code, Chinese or English name as in the plan", typed);
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
 * record and put to the writer inside the import's transaction (begun at the header), so memory
 * holds one row and the writer's batch whatever the file's size. */
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
	const char *file, *sheet_name; /* the file's, for the diagnostics of a batch written later */
	struct reg_writer *w;
	struct derived *dv; /* the derived indicators the records change */
	struct arena *row;  /* one row's record, reset after it */
	struct plan_name_memo regions; /* the region names met so far */
	size_t n_dups; /* duplicates listed so far */
};

/* What the writer decided for a record, when its batch was written (in the order of the rows):
 * its change to the derived totals, or the duplicate's error in the row's place. */
static enum status reg_decided(void *ctx, const struct reg_put *p)
{
	struct reg_stream *st = ctx;
	if (st->dv && (p->outcome == REG_NEW || p->outcome == REG_REVISED))
		return derived_note(st->dv, st->kind, p->before, p->rec);
	if (p->outcome == REG_DUPLICATE) {
		/* where it goes: among the row diagnostics as put (the tag, duplicates left out), after
		 * the duplicates of the rows before it, as if each row's were listed as it was read (of
		 * two duplicates in a batch, the second was listed before the first until then) */
		const struct reg_kind_info *k = reg_kind_info(st->kind);
		st->n_dups++;
		struct diag *d = diag_add_at(st->diags, p->tag + p->n_dup_before, st->file, p->line, st->idx[st->first_key] + 1,
					     k->fields[st->first_key].name, "duplicate_key",
					     "the same %s record as row %ld ('%s'): give each record once", k->name, p->dup_line,
					     p->rec->key);
		if (d)
			d->sheet = st->sheet_name;
	}
	return ST_OK;
}

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
	enum status rc = store_tx_begin_durable(st->s);
	if (rc != ST_OK)
		return rc;
	st->is_tx = 1;
	struct reg_batch batch = {st->opts->who, sh->file, st->info->sha256, st->info->sheet, st->info->encoding,
				  st->opts->is_dry_run};
	struct reg_batch *kept = arena_alloc(st->a, sizeof(*kept));
	*kept = batch;
	st->file = sh->file ? arena_strdup(st->a, sh->file) : NULL;
	st->sheet_name = sh->sheet_name ? arena_strdup(st->a, sh->sheet_name) : NULL;
	rc = store_registry_writer_open(st->s, st->a, st->kind, kept, reg_decided, st, &st->w);
	if (rc == ST_OK && !st->opts->is_dry_run)
		rc = derived_open(st->s, st->a, st->p, registry_max_year(), 1u << st->kind, &st->dv, st->diags);
	/* the rows are read and checked here while the writer's thread writes the batches before;
	 * only the flush at the end uses the store again */
	if (rc == ST_OK)
		rc = store_registry_writer_pipe(st->w);
	return rc;
}

static enum status reg_row(void *ctx, const struct sheet *sh, const struct sheet_row *row)
{
	struct reg_stream *st = ctx;
	if (!st->is_mapped)
		return reg_header(st, sh);
	st->res->n_rows++;
	struct reg_record rec;
	enum status rc = ST_OK;
	/* the tag: where the row's own diagnostics would go, for a duplicate found when its batch is
	 * written (diag_add_at) */
	if (parse_row(st->row, st->p, &st->regions, st->kind, sh, row, st->idx, st->specs, &rec, st->diags))
		rc = store_registry_put(st->w, &rec, row->line, diag_count(st->diags) - st->n_dups);
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
	plan_name_memo_init(&st.regions, a, p, PLAN_REGION);
	size_t errors_before = diag_errors(diags);
	enum status rc = sheet_stream(a, src, opts->encoding, opts->sheet, reg_row, &st, &info, diags);
	arena_free(st.row);
	/* the last batch, whatever stopped the file: its duplicates are listed with the rest, and
	 * a failure of the writer comes before the file's own errors */
	if (st.w) {
		enum status wrc = store_registry_writer_flush(st.w);
		if (wrc != ST_OK && (rc == ST_OK || rc == ST_INVALID))
			rc = wrc;
	}
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
	/* the derived values follow the records at once, in the same transaction */
	if (rc == ST_OK && res->batch_id && st.dv)
		rc = derived_apply(st.dv, opts->who, 0, &res->derived);
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

enum status registry_recompute(struct store *s, struct arena *a, const struct plan *p, const char *who, int max_year,
			       int is_dry_run, struct registry_recompute_result *res, struct diag_list *diags)
{
	memset(res, 0, sizeof(*res));
	struct derived *dv;
	size_t errors_before = diag_errors(diags);
	enum status rc = derived_open(s, a, p, max_year, ~0u, &dv, diags);
	if (rc != ST_OK)
		return rc;
	rc = store_tx_begin(s);
	if (rc != ST_OK)
		return rc;
	rc = derived_apply(dv, who, 1, res);
	if (rc == ST_OK && diag_errors(diags) > errors_before)
		rc = ST_INVALID;
	if (rc != ST_OK || is_dry_run) {
		store_tx_rollback(s);
		if (is_dry_run)
			res->batch_id = 0;
		return rc;
	}
	rc = store_tx_commit(s);
	if (rc != ST_OK)
		res->batch_id = 0;
	return rc;
}

int registry_max_year(void)
{
	return clock_year_shanghai(clock_now()) - 1;
}

enum status registry_recompute_ended(struct store *s, struct arena *a, const struct plan *p, const char *who,
				     int is_dry_run, struct registry_recompute_result *res, struct diag_list *diags)
{
	return registry_recompute(s, a, p, who, registry_max_year(), is_dry_run, res, diags);
}
