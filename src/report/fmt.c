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

void fmt_ind_value_unit(struct buf *b, enum lang lang, const struct indicator *ind, double v)
{
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
		sign_and_figure(b, lang, "≤ ", t, ind, t->value);
		break;
	case CMP_LT:
		sign_and_figure(b, lang, "< ", t, ind, t->value);
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
