/* test_shipped_sources.c - the shipped figures can be cited, for every plan folder of
 * data/plans/: every row of its observations.csv names its publisher, its title and a valid
 * publication date; every source link is http(s) on a host of the folder's source_hosts.csv
 * (official gov.cn hosts and named news outlets, each with its kind and name), so no copy on
 * another site is ever the link; no address hides in the other texts; and the texts are in
 * simplified characters (none of the traditional forms the collected copies carried). Read with
 * the importer's own CSV reader, so the files are also checked for shape. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "core/obs.h"
#include "ingest/plan_load.h"
#include "ingest/sheet.h"
#include "base/banned.h"

/* The traditional characters of the quotes as first collected (from re-posts converted to
 * traditional script), each of which has a different simplified form. */
static const char *const traditional[] = {
	"個", "億", "兩", "別", "創", "區", "國", "園", "實", "島", "廣", "強", "從", "戶", "會", "東", "業", "漢", "為",
	"現", "產", "産", "發", "稅", "納", "級", "經", "總", "續", "臺", "與", "萬", "蘇", "術", "訂", "計", "記", "試",
	"該", "認", "費", "貿", "較", "連", "進", "過", "達", "還", "長", "陝", "陽", "額", "類", "驗", "點",
};

#define MAX_FOLDERS 16

/* One plan folder's figures and its allow-list of hosts. */
struct folder {
	const char *name;
	struct sheet obs, hosts;
	int obs_idx[8], host_idx[3];
};

struct fixture {
	struct arena *arena;
	struct folder folders[MAX_FOLDERS];
	size_t n_folders;
};

static struct fixture fx;

enum { O_INDICATOR, O_REGION, O_PERIOD, O_SOURCE, O_PUBLISHER, O_TITLE, O_PUBLISHED, O_URL };

static const struct col_spec obs_cols[] = {
	{"indicator", NULL, 1}, {"region", NULL, 1}, {"period", NULL, 1}, {"source", NULL, 1},
	{"publisher", NULL, 1}, {"title", NULL, 1},  {"published", NULL, 1}, {"source_url", NULL, 1},
};
static const struct col_spec host_cols[] = {{"host", NULL, 1}, {"kind", NULL, 1}, {"name", NULL, 1}};

static const char *plans_dir(void)
{
	const char *root = getenv("INNOMON_SOURCE_ROOT");
	return arena_printf(fx.arena, "%s/data/plans", root ? root : ".");
}

static int read_sheet(const char *dir, const char *name, struct sheet *sh, const struct col_spec *cols, size_t n_cols, int *idx)
{
	char *data;
	size_t len;
	struct diag_list d;
	diag_init(&d, fx.arena);
	const char *path = arena_printf(fx.arena, "%s/%s", dir, name);
	if (file_read_all(fx.arena, path, 1u << 24, &data, &len) != ST_OK || sheet_from_csv(fx.arena, name, data, len, sh, &d) != ST_OK ||
	    sheet_map_columns(sh, cols, n_cols, 0, idx, &d) != 0) {
		fprintf(stderr, "cannot read %s\n", path);
		diag_print(&d, stderr);
		return -1;
	}
	return 0;
}

/* Every folder of data/plans/ that ships figures; each must ship its allow-list of hosts too. */
static int group_setup(void **state)
{
	(void)state;
	fx.arena = arena_new();
	DIR *dir = opendir(plans_dir());
	if (!dir)
		return -1;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(dir)) != NULL && rc == 0) {
		if (e->d_name[0] == '.')
			continue;
		const char *path = arena_printf(fx.arena, "%s/%s", plans_dir(), e->d_name);
		FILE *f = fopen(arena_printf(fx.arena, "%s/observations.csv", path), "rb");
		if (!f)
			continue;
		fclose(f);
		if (fx.n_folders == MAX_FOLDERS)
			return -1;
		struct folder *fo = &fx.folders[fx.n_folders++];
		fo->name = arena_strdup(fx.arena, e->d_name);
		if (read_sheet(path, "observations.csv", &fo->obs, obs_cols, 8, fo->obs_idx) != 0 ||
		    read_sheet(path, "source_hosts.csv", &fo->hosts, host_cols, 3, fo->host_idx) != 0)
			rc = -1;
	}
	closedir(dir);
	/* the plans init ships: the first plan and at least one more */
	return rc == 0 && fx.n_folders >= 2 ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	arena_free(fx.arena);
	return 0;
}

static struct str cell(const struct sheet *sh, size_t row, int idx)
{
	return sheet_cell(&sh->rows[row], idx);
}

/* "folder line N indicator/region/period" of an observations row, for messages. */
static const char *what(const struct folder *fo, size_t row)
{
	struct str i = cell(&fo->obs, row, fo->obs_idx[O_INDICATOR]), r = cell(&fo->obs, row, fo->obs_idx[O_REGION]);
	struct str p = cell(&fo->obs, row, fo->obs_idx[O_PERIOD]);
	return arena_printf(fx.arena, "%s/observations.csv line %ld %.*s/%.*s/%.*s", fo->name, fo->obs.rows[row].line, (int)i.len,
			    i.p, (int)r.len, r.p, (int)p.len, p.p);
}

static void test_shipped_figures_name_publisher_title_and_date(void **state)
{
	(void)state;
	size_t failures = 0;
	for (size_t f = 0; f < fx.n_folders; f++) {
		const struct folder *fo = &fx.folders[f];
		assert_true(fo->obs.n_rows > 1); /* a header and figures */
		for (size_t i = 1; i < fo->obs.n_rows; i++) {
			static const int required[] = {O_SOURCE, O_PUBLISHER, O_TITLE, O_PUBLISHED};
			for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++)
				if (cell(&fo->obs, i, fo->obs_idx[required[k]]).len == 0) {
					fprintf(stderr, "%s: no %s\n", what(fo, i), obs_cols[required[k]].name);
					failures++;
				}
			struct str pub = cell(&fo->obs, i, fo->obs_idx[O_PUBLISHED]);
			if (pub.len && !obs_published_valid(arena_strndup(fx.arena, pub.p, pub.len))) {
				fprintf(stderr, "%s: '%.*s' is not a publication date\n", what(fo, i), (int)pub.len, pub.p);
				failures++;
			}
		}
	}
	assert_int_equal(failures, 0);
}

/* The host of an http(s) address ("" when it is not one). */
static struct str url_host(struct str u)
{
	size_t skip = str_has_prefix(u, "https://") ? 8 : str_has_prefix(u, "http://") ? 7 : 0;
	if (!skip)
		return (struct str){"", 0};
	size_t end = skip;
	while (end < u.len && u.p[end] != '/' && u.p[end] != ':' && u.p[end] != '?' && u.p[end] != '#')
		end++;
	return (struct str){u.p + skip, end - skip};
}

static int host_listed(const struct folder *fo, struct str host)
{
	for (size_t h = 1; h < fo->hosts.n_rows; h++) {
		struct str listed = cell(&fo->hosts, h, fo->host_idx[0]);
		if (host.len && listed.len == host.len && strncasecmp(listed.p, host.p, host.len) == 0)
			return 1;
	}
	return 0;
}

static void test_shipped_links_are_on_listed_hosts(void **state)
{
	(void)state;
	size_t failures = 0;
	for (size_t f = 0; f < fx.n_folders; f++) {
		const struct folder *fo = &fx.folders[f];
		size_t n_links = 0;
		for (size_t i = 1; i < fo->obs.n_rows; i++) {
			struct str u = cell(&fo->obs, i, fo->obs_idx[O_URL]);
			if (!u.len)
				continue;
			n_links++;
			struct str host = url_host(u);
			if (!host_listed(fo, host)) {
				fprintf(stderr, "%s: link %.*s is not on a host of source_hosts.csv\n", what(fo, i), (int)u.len, u.p);
				failures++;
			}
		}
		/* most figures link to their official page */
		assert_true(2 * n_links > fo->obs.n_rows - 1);
		/* the allow-list itself: no host twice, a known kind, gov hosts under gov.cn, a name */
		for (size_t h = 1; h < fo->hosts.n_rows; h++) {
			struct str host = cell(&fo->hosts, h, fo->host_idx[0]), kind = cell(&fo->hosts, h, fo->host_idx[1]);
			assert_true(str_eq(kind, "gov") || str_eq(kind, "news"));
			if (str_eq(kind, "gov"))
				assert_true(host.len > 7 && memcmp(host.p + host.len - 7, ".gov.cn", 7) == 0);
			assert_true(cell(&fo->hosts, h, fo->host_idx[2]).len > 0);
			for (size_t k = 1; k < h; k++)
				assert_false(str_eq(cell(&fo->hosts, k, fo->host_idx[0]), arena_strndup(fx.arena, host.p, host.len)));
		}
	}
	assert_int_equal(failures, 0);
}

/* A copy's address cannot come back through the quote, the publisher, the title or a note. */
static void test_shipped_texts_hold_no_address_and_no_traditional_characters(void **state)
{
	(void)state;
	size_t failures = 0;
	for (size_t f = 0; f < fx.n_folders; f++) {
		const struct folder *fo = &fx.folders[f];
		const struct sheet *sh = &fo->obs;
		for (size_t i = 1; i < sh->n_rows; i++)
			for (size_t c = 0; c < sh->rows[i].n_cells; c++) {
				if ((int)c == fo->obs_idx[O_URL])
					continue;
				const char *text = arena_strndup(fx.arena, sh->rows[i].cells[c].p, sh->rows[i].cells[c].len);
				if (strstr(text, "http://") || strstr(text, "https://") || strstr(text, "www.")) {
					fprintf(stderr, "%s: column %zu holds an address: %s\n", what(fo, i), c + 1, text);
					failures++;
				}
				for (size_t k = 0; k < sizeof(traditional) / sizeof(traditional[0]); k++)
					if (strstr(text, traditional[k])) {
						fprintf(stderr, "%s: column %zu has the traditional character %s: %s\n", what(fo, i),
							c + 1, traditional[k], text);
						failures++;
					}
			}
	}
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_figures_name_publisher_title_and_date),
		cmocka_unit_test(test_shipped_links_are_on_listed_hosts),
		cmocka_unit_test(test_shipped_texts_hold_no_address_and_no_traditional_characters),
	};
	return cmocka_run_group_tests_name("ingest/shipped_sources", tests, group_setup, group_teardown);
}
