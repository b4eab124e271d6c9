/* plan_facts.c - what a plan's own fields say about it (see plan_facts.h). The words matched
 * are the generic names of Chinese government document kinds and levels, never one plan's. */
#include <stdio.h>
#include <string.h>

#include "core/plan_facts.h"
#include "base/banned.h"

/* The year at the start of "YYYY…", or 0. */
static int year_of(const char *s)
{
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (!s || s[i] < '0' || s[i] > '9')
			return 0;
		y = y * 10 + (s[i] - '0');
	}
	return y;
}

int plan_first_year(const struct plan *p)
{
	return year_of(p->info.issued);
}

int plan_last_year(const struct plan *p)
{
	int last = year_of(p->info.valid_until);
	if (p->info.target_year > last)
		last = p->info.target_year;
	for (size_t i = 0; i < p->n_targets; i++)
		if (p->targets[i].year > last)
			last = p->targets[i].year;
	return last;
}

static int ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

const char *plan_doc_kind(const struct plan *p)
{
	static const struct {
		const char *suffix, *name;
	} kinds[] = {
		{"行动计划", "action_plan"},     {"行动方案", "action_programme"}, {"实施方案", "implementation_plan"},
		{"实施意见", "implementing_opinions"}, {"纲要", "outline"},         {"规划", "plan"},
		{"方案", "programme"},           {"意见", "opinions"},             {"措施", "measures"},
	};
	const char *t = p->info.title_zh ? p->info.title_zh : "";
	size_t len = strlen(t);
	/* a trailing parenthesis: the years (（2022—2025年）) or a status (（试行）) */
	static const char *const closers[][2] = {{"（", "）"}, {"(", ")"}};
	for (size_t c = 0; c < 2; c++) {
		if (!ends_with(t, len, closers[c][1]))
			continue;
		for (size_t i = len; i-- > 0;)
			if (strncmp(t + i, closers[c][0], strlen(closers[c][0])) == 0) {
				len = i;
				break;
			}
	}
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (ends_with(t, len, kinds[k].suffix))
			return kinds[k].name;
	return "document";
}

/* Higher levels first. */
static const char *const levels[] = {"nation", "province", "city", "county", "district"};

static int level_rank(const char *kind)
{
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (kind && strcmp(kind, levels[i]) == 0)
			return (int)i;
	return -1;
}

const char *plan_level(const struct plan *p)
{
	int best = -1;
	for (size_t g = 0; g < p->n_regions; g++) {
		if (p->regions[g].n_parents)
			continue;
		int r = level_rank(p->regions[g].kind);
		if (r >= 0 && (best < 0 || r < best))
			best = r;
	}
	return levels[best >= 0 ? best : 1];
}

int plan_unit_place(const struct plan *p, int unit)
{
	if (unit < 0 || (size_t)unit >= p->n_units || !p->units[unit].kind || strcmp(p->units[unit].kind, "city_gov") != 0)
		return -1;
	const char *name = p->units[unit].name_zh ? p->units[unit].name_zh : "";
	int best = -1;
	size_t best_len = 0;
	for (size_t g = 0; g < p->n_regions; g++) {
		const struct region *r = &p->regions[g];
		int lv = level_rank(r->kind);
		size_t n = r->name_zh ? strlen(r->name_zh) : 0;
		/* the longest name that begins the unit's: 长沙县 before 长沙 */
		if (lv >= 2 && n > best_len && strncmp(name, r->name_zh, n) == 0) {
			best = (int)g;
			best_len = n;
		}
	}
	return best;
}

const char *plan_unit_kind_key(const struct plan *p, int u, char *out, size_t cap)
{
	const char *kind = p->units[u].kind ? p->units[u].kind : "other";
	if (strcmp(kind, "provincial_dept") == 0 || strcmp(kind, "party_dept") == 0) {
		snprintf(out, cap, "unit_kind.%s.%s", kind, plan_level(p));
	} else if (strcmp(kind, "city_gov") == 0) {
		int g = plan_unit_place(p, u);
		if (g >= 0)
			snprintf(out, cap, "unit_kind.city_gov.%s", p->regions[g].kind);
		else
			snprintf(out, cap, "unit_kind.city_gov");
	} else {
		snprintf(out, cap, "unit_kind.%s", kind);
	}
	return out;
}

const char *zh_numeral(int n, char *out)
{
	static const char *const digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	if (n < 1 || n > 99) {
		snprintf(out, 16, "%d", n);
	} else if (n < 10) {
		snprintf(out, 16, "%s", digits[n]);
	} else {
		/* 十, 十一 … 十九; 二十, 二十一 … 九十九 */
		snprintf(out, 16, "%s十%s", n / 10 > 1 ? digits[n / 10] : "", n % 10 ? digits[n % 10] : "");
	}
	return out;
}
