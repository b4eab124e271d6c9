/* i18n.h - the UI message catalogue (www/i18n/messages.csv, compiled in) and language choice.
 * Simplified Chinese is the default; English is the second language. No UI text lives in C. */
#ifndef INNOMON_REPORT_I18N_H
#define INNOMON_REPORT_I18N_H

enum lang { LANG_ZH = 0, LANG_EN = 1 };

struct message {
	const char *key, *zh, *en;
};

/* The text of key in lang; a missing key gives "⟦key⟧" so tests can find it. Never NULL. */
const char *i18n(enum lang lang, const char *key);
/* The text of key in lang, or NULL when the catalogue has no such key. */
const char *i18n_find(enum lang lang, const char *key);
/* "zh" or "en". */
const char *lang_code(enum lang lang);
/* Parse "zh"/"en" (also "zh-CN", "en-US" ...); returns 1 and sets *out on success. */
int lang_parse(const char *s, enum lang *out);
/* Pick the _zh or _en text of plan content: en falls back to zh when absent. */
const char *i18n_pick(enum lang lang, const char *zh, const char *en);

#endif
