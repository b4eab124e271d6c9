/* fmt.c - number, value and target formatting: every target kind in the words of
 * www/i18n/messages.csv (cmp.*), ordinal values by their class labels, verdicts by their words. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/num.h"
#include "report/explain.h"
#include "report/fmt.h"
#include "base/banned.h"

/* Percentages and the plan's own figures in a unit of its choosing: up to this many decimals. */
#define FMT_PLAIN_DECIMALS 6

void fmt_value(struct buf *b, double v, int decimals)
{
	char raw[64];
	num_format(raw, sizeof(raw), v, decimals);
	const char *s = raw;
	if (*s == '-') {
		bwc(b, '-');
		s++;
	}
	const char *dot = strchr(s, '.');
	size_t int_len = dot ? (size_t)(dot - s) : strlen(s);
	for (size_t i = 0; i < int_len; i++) {
		if (i && (int_len - i) % 3 == 0)
			bwc(b, ',');
		bwc(b, s[i]);
	}
	if (dot)
		bw(b, dot);
}

const char *fmt_unit(enum lang lang, const struct indicator *ind)
{
	return i18n_pick(lang, ind->unit_zh, ind->unit_en);
}

static void with_unit(struct buf *b, enum lang lang, const char *u)
{
	if (!u || !*u)
		return;
	if (lang == LANG_EN)
		bwc(b, ' ');
	bw(b, u);
}

void fmt_issuers(struct buf *b, enum lang lang, const struct plan_info *in)
{
	const char *s = i18n_pick(lang, in->issuer_zh, in->issuer_en);
	int is_zh = s == in->issuer_zh;
	for (; *s; s++) {
		if (*s != ';') {
			bwc(b, *s);
			continue;
		}
		while (s[1] == ' ')
			s++;
		bw(b, is_zh ? "、" : "; ");
	}
}

void fmt_ind_value(struct buf *b, enum lang lang, const struct indicator *ind, double v)
{
	const char *label = ind ? indicator_level_label(ind, v) : NULL;
	if (label) {
		bw(b, label);
		return;
	}
	if (ind && ind->scale == SCALE_JUDGEMENT && (v == 0 || v == 1)) {
		bw(b, i18n(lang, v == 1 ? "judgement.met" : "judgement.not_met"));
		return;
	}
	fmt_value(b, v, ind ? ind->decimals : 2);
}

/* A unit written with a multiplier in front ("100 million yuan", "10,000 people", "10
 * thousand tonnes"): *factor (at least 1,000) and *rest ("yuan"). English units only: Chinese
 * ones (亿元, 万人) read naturally as they are. */
static int unit_multiplier(const char *u, double *factor, const char **rest)
{
	static const struct {
		const char *word;
		double factor;
	} words[] = {{"thousand ", 1e3}, {"million ", 1e6}, {"billion ", 1e9}};
	double n = 0;
	const char *s = u;
	if (!u || *s < '1' || *s > '9')
		return 0;
	for (; (*s >= '0' && *s <= '9') || (*s == ',' && s[1] >= '0' && s[1] <= '9'); s++)
		if (*s != ',')
			n = n * 10 + (*s - '0');
	if (*s++ != ' ')
		return 0;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strncmp(s, words[i].word, strlen(words[i].word)) == 0) {
			n *= words[i].factor;
			s += strlen(words[i].word);
		}
	if (n < 1e3 || !*s || *s == ' ')
		return 0;
	*factor = n;
	*rest = s;
	return 1;
}

const char *fmt_unit_scaled(enum lang lang, const struct indicator *ind, double *factor)
{
	const char *u = fmt_unit(lang, ind), *rest;
	*factor = 1;
	if (lang == LANG_EN && unit_multiplier(u, factor, &rest))
		return rest;
	*factor = 1;
	return u;
}

/* v (in units of factor) in English words: "2.12 trillion", "36.5 million", below a million
 * the number itself ("950,000"); as precise as the indicator's decimals made it, trailing
 * zeros dropped. */
static void scaled_words(struct buf *b, double v, double factor, int decimals)
{
	static const struct {
		double div;
		const char *word;
	} mags[] = {{1e12, " trillion"}, {1e9, " billion"}, {1e6, " million"}};
	double x = v * factor;
	for (size_t i = 0; i < sizeof(mags) / sizeof(mags[0]); i++) {
		if (fabs(x) < mags[i].div)
			continue;
		/* one decimal of v is factor / 10 of the whole: that many decimals of the magnitude */
		int d = decimals + (int)lround(log10(mags[i].div / factor));
		d = d < 0 ? 0 : d > FMT_PLAIN_DECIMALS ? FMT_PLAIN_DECIMALS : d;
		fmt_value(b, x / mags[i].div, d);
		bw(b, mags[i].word);
		return;
	}
	fmt_value(b, x, decimals);
}

/* An English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 112th. */
static void ordinal(struct buf *b, long n)
{
	long tens = labs(n) % 100, ones = labs(n) % 10;
	const char *suffix = tens >= 11 && tens <= 13 ? "th" : ones == 1 ? "st" : ones == 2 ? "nd" : ones == 3 ? "rd" : "th";
	bwf(b, "%ld%s", n, suffix);
}

void fmt_ind_value_unit(struct buf *b, enum lang lang, const struct indicator *ind, double v)
{
	double factor;
	if (lang == LANG_EN && ind && ind->scale == SCALE_RANK && v >= 1 && v < 1e9 && v == floor(v)) {
		ordinal(b, (long)v); /* "8th", not "8 rank" */
		return;
	}
	if (ind && ind->scale == SCALE_NUMBER && isfinite(v)) {
		const char *u = fmt_unit_scaled(lang, ind, &factor);
		if (factor > 1) { /* "2.12 trillion yuan", not "21,200 100 million yuan" */
			scaled_words(b, v, factor, ind->decimals);
			with_unit(b, lang, u);
			return;
		}
	}
	fmt_ind_value(b, lang, ind, v);
	if (ind && !indicator_level_label(ind, v) && ind->scale != SCALE_JUDGEMENT)
		with_unit(b, lang, fmt_unit(lang, ind));
}

/* A target figure with its unit: in the plan's own unit when the target was written in
 * another one ("5,000名（折合0.5万人）"), else as fmt_ind_value_unit. */
static void target_figure(struct buf *b, enum lang lang, const struct target *t, const struct indicator *ind,
			  double v)
{
	if (!t->unit_given || !(t->unit_factor > 0)) {
		fmt_ind_value_unit(b, lang, ind, v);
		return;
	}
	struct buf given, conv;
	buf_init(&given, 128);
	buf_init(&conv, 128);
	fmt_value(&given, v / t->unit_factor, FMT_PLAIN_DECIMALS);
	with_unit(&given, lang, t->unit_given);
	fmt_ind_value_unit(&conv, lang, ind, v);
	const char *names[] = {"given", "converted"};
	const char *vals[] = {buf_str(&given), buf_str(&conv)};
	i18n_fill(b, i18n(lang, "cmp.unit_given"), names, vals, 2);
	buf_release(&given);
	buf_release(&conv);
}

static void sign_and_figure(struct buf *b, enum lang lang, const char *sign, const struct target *t,
			    const struct indicator *ind, double v)
{
	const char *label = ind ? indicator_level_label(ind, v) : NULL;
	int is_better = ind && label && cmp_sense(t->cmp) == (int)ind->direction;
	if (is_better) { /* "Ⅱ类或更好": the class or any better one */
		const char *names[] = {"label"};
		const char *vals[] = {label};
		i18n_fill(b, i18n(lang, "cmp.or_better"), names, vals, 1);
		return;
	}
	bw(b, sign);
	target_figure(b, lang, t, ind, v);
}

/* The cagr and change kinds: a template chosen by the kind, the comparator's sense and the
 * sign of the value ("较2019年下降不少于10%"), filled with the base year, the target year and
 * the amount (|value| in % or in the unit). */
static void change_words(struct buf *b, enum lang lang, const struct target *t, const struct indicator *ind)
{
	int is_cagr = t->cmp == CMP_CAGR_GE || t->cmp == CMP_CAGR_LE;
	int is_pct = is_cagr || t->cmp == CMP_CHANGE_PCT_GE || t->cmp == CMP_CHANGE_PCT_LE;
	int is_fall = t->value < 0;
	int is_at_least = (cmp_sense(t->cmp) > 0) != is_fall; /* a fall >= |v| is change <= v */
	struct buf amount;
	buf_init(&amount, 128);
	if (is_pct) {
		fmt_value(&amount, fabs(t->value), FMT_PLAIN_DECIMALS);
		bwc(&amount, '%');
	} else {
		target_figure(&amount, lang, t, ind, fabs(t->value));
	}
	char key[48];
	snprintf(key, sizeof(key), "cmp.%s_%s_%s", is_cagr ? "cagr" : is_pct ? "change_pct" : "change",
		 is_fall ? "fall" : "rise", is_at_least ? "min" : "max");
	char base_year[16], year[16];
	snprintf(base_year, sizeof(base_year), "%d", t->base_year);
	snprintf(year, sizeof(year), "%d", t->year);
	const char *names[] = {"base_year", "year", "amount"};
	const char *vals[] = {base_year, year, buf_str(&amount)};
	i18n_fill(b, i18n(lang, key), names, vals, 3);
	buf_release(&amount);
}

static void cumulative_words(struct buf *b, enum lang lang, const struct target *t, const struct indicator *ind,
			     int first_year)
{
	struct buf amount;
	buf_init(&amount, 128);
	target_figure(&amount, lang, t, ind, t->value);
	char first[16], year[16];
	snprintf(first, sizeof(first), "%d", t->base_year ? t->base_year + 1 : first_year);
	snprintf(year, sizeof(year), "%d", t->year);
	const char *names[] = {"first", "year", "amount"};
	const char *vals[] = {first, year, buf_str(&amount)};
	i18n_fill(b, i18n(lang, first[0] != '0' ? "cmp.cumulative" : "cmp.cumulative_to"), names, vals, 3);
	buf_release(&amount);
}

static void about_words(struct buf *b, enum lang lang, const struct target *t, const struct indicator *ind)
{
	struct buf value, tol;
	buf_init(&value, 128);
	buf_init(&tol, 64);
	target_figure(&value, lang, t, ind, t->value);
	fmt_value(&tol, t->unit_given && t->unit_factor > 0 ? t->tolerance / t->unit_factor : t->tolerance,
		  FMT_PLAIN_DECIMALS);
	const char *names[] = {"value", "tolerance"};
	const char *vals[] = {buf_str(&value), buf_str(&tol)};
	i18n_fill(b, i18n(lang, "cmp.about"), names, vals, 2);
	buf_release(&value);
	buf_release(&tol);
}

void fmt_target_in(struct buf *b, enum lang lang, const struct plan *p, const struct target *t,
		   const struct indicator *ind)
{
	int first_year = 0;
	for (int i = 0; p && p->info.issued && i < 4 && p->info.issued[i] >= '0' && p->info.issued[i] <= '9'; i++)
		first_year = first_year * 10 + (p->info.issued[i] - '0');
	switch (t->cmp) {
	case CMP_GE:
		sign_and_figure(b, lang, "≥ ", t, ind, t->value);
		break;
	case CMP_GT:
		sign_and_figure(b, lang, "> ", t, ind, t->value);
		break;
	case CMP_LE:
	case CMP_LT:
		if (ind && ind->scale == SCALE_RANK && !t->unit_given) { /* "10th or better" */
			struct buf rank;
			buf_init(&rank, 64);
			fmt_ind_value_unit(&rank, lang, ind, t->value);
			const char *names[] = {"rank"};
			const char *vals[] = {buf_str(&rank)};
			i18n_fill(b, i18n(lang, t->cmp == CMP_LE ? "cmp.rank_le" : "cmp.rank_lt"), names, vals, 1);
			buf_release(&rank);
			break;
		}
		sign_and_figure(b, lang, t->cmp == CMP_LE ? "≤ " : "< ", t, ind, t->value);
		break;
	case CMP_BETWEEN:
		fmt_ind_value(b, lang, ind, t->value);
		bw(b, "–");
		target_figure(b, lang, t, ind, t->value_max);
		break;
	case CMP_ABOUT:
		about_words(b, lang, t, ind);
		break;
	case CMP_ANNUAL_GE:
	case CMP_ANNUAL_LE:
		bw(b, i18n(lang, "cmp.annual_ge"));
		bw(b, t->cmp == CMP_ANNUAL_GE ? " ≥ " : " ≤ ");
		target_figure(b, lang, t, ind, t->value);
		break;
	case CMP_CAGR_GE:
	case CMP_CAGR_LE:
	case CMP_CHANGE_GE:
	case CMP_CHANGE_LE:
	case CMP_CHANGE_PCT_GE:
	case CMP_CHANGE_PCT_LE:
		change_words(b, lang, t, ind);
		break;
	case CMP_CUMULATIVE_GE:
		cumulative_words(b, lang, t, ind, first_year);
		break;
	case CMP_KEEP_OR_IMPROVE:
		bw(b, i18n(lang, "cmp.keep_or_improve"));
		break;
	case CMP_RISING:
		bw(b, i18n(lang, ind && ind->scale == SCALE_RANK ? "cmp.rising" : "cmp.rising_level"));
		break;
	case CMP_QUALITATIVE:
		bw(b, i18n(lang, "cmp.qualitative"));
		break;
	case CMP_NONE:
	case CMP__COUNT:
		bw(b, i18n(lang, "cmp.none"));
		break;
	}
	if (t->nature != NATURE_NONE) {
		const char *names[] = {"nature"};
		const char *vals[] = {i18n(lang, t->nature == NATURE_BINDING ? "nature.binding" : "nature.indicative")};
		i18n_fill(b, i18n(lang, "cmp.with_nature"), names, vals, 1);
	}
}

void fmt_target(struct buf *b, enum lang lang, const struct target *t, const struct indicator *ind)
{
	fmt_target_in(b, lang, NULL, t, ind);
}

int fmt_cite(struct buf *b, const struct obs *o)
{
	if (!o || (!o->publisher && !o->title))
		return 0;
	const char *parts[] = {o->publisher, o->title, o->published};
	int any = 0;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (!parts[i])
			continue;
		bw(b, any ? " · " : "");
		bw(b, parts[i]);
		any = 1;
	}
	return 1;
}
