/* fmt.c - number and target formatting. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/num.h"
#include "report/fmt.h"
#include "base/banned.h"

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

static void with_unit(struct buf *b, enum lang lang, const struct indicator *ind)
{
	const char *u = ind ? fmt_unit(lang, ind) : NULL;
	if (!u || !*u)
		return;
	if (lang == LANG_EN)
		bwc(b, ' ');
	bw(b, u);
}

void fmt_target(struct buf *b, enum lang lang, const struct target *t, const struct indicator *ind)
{
	int dec = ind ? ind->decimals : 2;
	switch (t->cmp) {
	case CMP_GE:
		bw(b, "≥ ");
		fmt_value(b, t->value, dec);
		with_unit(b, lang, ind);
		break;
	case CMP_GT:
		bw(b, "> ");
		fmt_value(b, t->value, dec);
		with_unit(b, lang, ind);
		break;
	case CMP_LE:
		bw(b, "≤ ");
		fmt_value(b, t->value, dec);
		with_unit(b, lang, ind);
		break;
	case CMP_BETWEEN:
		fmt_value(b, t->value, dec);
		bw(b, "–");
		fmt_value(b, t->value_max, dec);
		with_unit(b, lang, ind);
		break;
	case CMP_ANNUAL_GE:
		bw(b, i18n(lang, "cmp.annual_ge"));
		bw(b, " ≥ ");
		fmt_value(b, t->value, dec);
		with_unit(b, lang, ind);
		break;
	case CMP_KEEP_OR_IMPROVE:
		bw(b, i18n(lang, "cmp.keep_or_improve"));
		break;
	case CMP_RISING:
		bw(b, i18n(lang, "cmp.rising"));
		break;
	case CMP_NONE:
		break;
	}
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
