/* names.c - the one matcher of what a person types for a region, a unit or an indicator: its
 * code, its Chinese or English name, a city or province with or without 市/省 (长沙, 长沙市,
 * Changsha, changsha city), a unit with or without its leading 省 (科技厅, 省科技厅). Imports,
 * forms, the API and the commands all resolve typed names here. Pure: no I/O. */
#include <string.h>

#include "core/plan.h"
#include "base/str.h"
#include "base/banned.h"

/* How well a typed text matches a record: the best kind wins, a tie between two records at
 * the best kind below MATCH_CODE is ambiguous (no match). */
enum match { MATCH_NONE, MATCH_LOOSE, MATCH_NAME, MATCH_CODE };

#define NAME_MAX_BYTES 512

/* s folded for comparison into out: ASCII lower case, spaces, hyphens, underscores and
 * full-width spaces dropped, surrounding blanks gone. 0 when s is NULL, empty or too long. */
static size_t fold(const char *s, char out[NAME_MAX_BYTES])
{
	size_t n = 0;
	if (!s)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '-' || *p == '_')
			continue;
		if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 ideographic space */
			p += 2;
			continue;
		}
		if (n + 1 >= NAME_MAX_BYTES)
			return 0;
		out[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	}
	out[n] = '\0';
	return n;
}

/* Whether s of n bytes ends with suffix (then *n shortened by it). */
static int cut_suffix(const char *s, size_t *n, const char *suffix)
{
	size_t k = strlen(suffix);
	if (*n <= k || memcmp(s + *n - k, suffix, k) != 0)
		return 0;
	*n -= k;
	return 1;
}

/* s (folded, n bytes) without the administrative word a person may add or leave out: 市 and 省
 * after a Chinese name, "city" and "province" after an English one, 省 before a unit's name. */
static void loosen(const char *s, size_t *n, size_t *start)
{
	*start = 0;
	if (!cut_suffix(s, n, "市") && !cut_suffix(s, n, "省") && !cut_suffix(s, n, "city"))
		(void)cut_suffix(s, n, "province");
	if (*n > 3 && memcmp(s, "省", 3) == 0)
		*start = 3;
}

static enum match match_one(const char *given, size_t n_given, const char *code, const char *zh, const char *en)
{
	char a[NAME_MAX_BYTES];
	if (code && streq(code, given))
		return MATCH_CODE;
	enum match best = MATCH_NONE;
	const char *names[] = {zh, en, code};
	size_t lg = n_given, sg;
	loosen(given, &lg, &sg);
	for (size_t i = 0; i < 3; i++) {
		size_t n = fold(names[i], a);
		if (n == 0)
			continue;
		if (n == n_given && memcmp(a, given, n) == 0 && i < 2)
			return MATCH_NAME;
		size_t s0;
		loosen(a, &n, &s0);
		if (n - s0 == lg - sg && n > s0 && memcmp(a + s0, given + sg, n - s0) == 0)
			best = MATCH_LOOSE;
	}
	return best;
}

/* The index among count records (fields at stride bytes from base) whose code or names best
 * match s, or -1 when none does or two match equally well by name. */
static int find(const char *s, const void *base, size_t count, size_t stride, size_t off_code, size_t off_zh,
		size_t off_en)
{
	char given[NAME_MAX_BYTES];
	size_t n = fold(s, given);
	if (n == 0)
		return -1;
	int best = -1, is_tie = 0;
	enum match best_m = MATCH_NONE;
	for (size_t i = 0; i < count; i++) {
		const char *rec = (const char *)base + i * stride;
		const char *code = *(const char *const *)(rec + off_code);
		const char *zh = *(const char *const *)(rec + off_zh);
		const char *en = *(const char *const *)(rec + off_en);
		if (code && s && streq(code, s))
			return (int)i; /* a code as written is never ambiguous */
		enum match m = match_one(given, n, code, zh, en);
		if (m > best_m)
			best = (int)i, best_m = m, is_tie = 0;
		else if (m == best_m && m != MATCH_NONE)
			is_tie = 1;
	}
	return best_m == MATCH_NONE || is_tie ? -1 : best;
}

#define FIND(arr, count, type) \
	find(s, (arr), (count), sizeof(type), offsetof(type, code), offsetof(type, name_zh), offsetof(type, name_en))

int plan_find_region_any(const struct plan *p, const char *s)
{
	return FIND(p->regions, p->n_regions, struct region);
}

int plan_find_unit_any(const struct plan *p, const char *s)
{
	return FIND(p->units, p->n_units, struct unit);
}

int plan_find_indicator_any(const struct plan *p, const char *s)
{
	return FIND(p->indicators, p->n_indicators, struct indicator);
}
