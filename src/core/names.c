/* names.c - the one matcher of what a person types for a region, a unit or an indicator: its
 * code, its Chinese or English name, a city or province with or without 市/省 (长沙, 长沙市,
 * Changsha, changsha city), a district or county named without its 区/县 (岳麓 for 岳麓区),
 * a unit with or without its leading 省 (科技厅, 省科技厅). Imports, forms, the API and the
 * commands all resolve typed names here; a name two records match equally well is refused with
 * both named (plan_name_candidates). Pure: no I/O. */
#include <stdint.h>
#include <string.h>

#include "core/plan.h"
#include "base/buf.h"
#include "base/str.h"
#include "base/banned.h"

/* How well a typed text matches a record: the best kind wins, a tie between two records at
 * the best kind below MATCH_CODE is ambiguous (no match). MATCH_LOOSE: equal once 市/省 (and
 * the like) are dropped on both sides; MATCH_DROPPED: equal only once the record's 区/县 is
 * dropped too (长沙市 is the city 长沙 before it is the county 长沙县). */
enum match { MATCH_NONE, MATCH_DROPPED, MATCH_LOOSE, MATCH_NAME, MATCH_CODE };

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
 * after a Chinese name, "city" and "province" after an English one, 省 before a unit's name;
 * and, for a record's own name (is_record), 区 and 县 ("district", "county"), which a person
 * may leave out but never adds to another place's name (长沙区 is not 长沙). */
static void loosen(const char *s, size_t *n, size_t *start, int is_record)
{
	static const char *const words[] = {"市", "省", "city", "province", "区", "县", "district", "county"};
	*start = 0;
	for (size_t i = 0; i < (is_record ? 8u : 4u); i++)
		if (cut_suffix(s, n, words[i]))
			break;
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
	loosen(given, &lg, &sg, 0);
	for (size_t i = 0; i < 3; i++) {
		size_t n0 = fold(names[i], a);
		if (n0 == 0)
			continue;
		if (n0 == n_given && memcmp(a, given, n0) == 0 && i < 2)
			return MATCH_NAME;
		for (int is_record = 0; is_record < 2; is_record++) {
			size_t n = n0, s0;
			loosen(a, &n, &s0, is_record);
			enum match m = is_record ? MATCH_DROPPED : MATCH_LOOSE;
			if (m > best && n - s0 == lg - sg && n > s0 && memcmp(a + s0, given + sg, n - s0) == 0)
				best = m;
		}
	}
	return best;
}

/* The index among count records (fields at stride bytes from base) whose code or names best
 * match s, or -1 when none does or two match equally well by name; then ties (may be NULL)
 * gets up to max_ties of the records tied at the best match, *n_ties how many. */
static int find(const char *s, const void *base, size_t count, size_t stride, size_t off_code, size_t off_zh,
		size_t off_en, int *ties, size_t max_ties, size_t *n_ties)
{
	if (n_ties)
		*n_ties = 0;
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
		if (code && s && streq(code, s)) {
			if (n_ties)
				*n_ties = 0;
			return (int)i; /* a code as written is never ambiguous */
		}
		enum match m = match_one(given, n, code, zh, en);
		if (m > best_m) {
			best = (int)i, best_m = m, is_tie = 0;
			if (n_ties)
				*n_ties = 0;
		} else if (m == best_m && m != MATCH_NONE) {
			is_tie = 1;
		}
		if (n_ties && m == best_m && m != MATCH_NONE && *n_ties < max_ties)
			ties[(*n_ties)++] = (int)i;
	}
	if (n_ties && !is_tie)
		*n_ties = 0;
	return best_m == MATCH_NONE || is_tie ? -1 : best;
}

#define FIND(arr, count, type) \
	find(s, (arr), (count), sizeof(type), offsetof(type, code), offsetof(type, name_zh), offsetof(type, name_en), NULL, 0, NULL)
#define TIES(arr, count, type)                                                                                      \
	find(s, (arr), (count), sizeof(type), offsetof(type, code), offsetof(type, name_zh), offsetof(type, name_en), ties, \
	     NAME_CANDIDATES_MAX, &n)

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

const char *plan_name_candidates(struct arena *a, const struct plan *p, enum plan_record kind, const char *s)
{
	int ties[NAME_CANDIDATES_MAX];
	size_t n = 0;
	const char *base;
	size_t stride, off_code, off_zh;
	switch (kind) {
	case PLAN_REGION:
		(void)TIES(p->regions, p->n_regions, struct region);
		base = (const char *)p->regions, stride = sizeof(struct region);
		off_code = offsetof(struct region, code), off_zh = offsetof(struct region, name_zh);
		break;
	case PLAN_UNIT:
		(void)TIES(p->units, p->n_units, struct unit);
		base = (const char *)p->units, stride = sizeof(struct unit);
		off_code = offsetof(struct unit, code), off_zh = offsetof(struct unit, name_zh);
		break;
	default:
		(void)TIES(p->indicators, p->n_indicators, struct indicator);
		base = (const char *)p->indicators, stride = sizeof(struct indicator);
		off_code = offsetof(struct indicator, code), off_zh = offsetof(struct indicator, name_zh);
		break;
	}
	if (n < 2)
		return NULL;
	struct buf b;
	buf_init(&b, 4096);
	for (size_t k = 0; k < n; k++) {
		const char *rec = base + (size_t)ties[k] * stride;
		const char *code = *(const char *const *)(rec + off_code), *name = *(const char *const *)(rec + off_zh);
		bwf(&b, "%s%s (%s)", k ? ", " : "", name ? name : code, code);
	}
	const char *out = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return out;
}

struct plan_name_slot {
	const char *text; /* NULL: free */
	size_t len;
	int found;
};

void plan_name_memo_init(struct plan_name_memo *m, struct arena *a, const struct plan *p, enum plan_record kind)
{
	*m = (struct plan_name_memo){p, kind, a, arena_calloc(a, PLAN_NAME_MEMO_SLOTS, sizeof(*m->slots)), 0};
}

int plan_name_memo_find(struct plan_name_memo *m, const char *text, size_t len)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)text[i]) * 1099511628211ull;
	size_t j = (size_t)h & (PLAN_NAME_MEMO_SLOTS - 1);
	for (; m->slots[j].text; j = (j + 1) & (PLAN_NAME_MEMO_SLOTS - 1))
		if (m->slots[j].len == len && memcmp(m->slots[j].text, text, len) == 0)
			return m->slots[j].found;
	char s[NAME_MAX_BYTES];
	if (len >= sizeof(s) || memchr(text, '\0', len))
		return -1; /* longer than any name fold keeps; or not one text */
	memcpy(s, text, len);
	s[len] = '\0';
	int r = m->kind == PLAN_REGION ? FIND(m->p->regions, m->p->n_regions, struct region)
		: m->kind == PLAN_UNIT ? FIND(m->p->units, m->p->n_units, struct unit)
				       : FIND(m->p->indicators, m->p->n_indicators, struct indicator);
	if (r >= 0 && m->n < PLAN_NAME_MEMO_MAX) {
		m->slots[j] = (struct plan_name_slot){arena_strndup(m->a, text, len), len, r};
		m->n++;
	}
	return r;
}
