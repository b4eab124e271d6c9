/* i18n.c - message lookup by binary search in the compiled catalogue. */
#include <stdlib.h>
#include <string.h>

#include "report/i18n.h"
#include "base/banned.h"

extern const struct message i18n_messages[];
extern const unsigned long i18n_n_messages;

static int cmp_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct message *)elem)->key);
}

const char *i18n_find(enum lang lang, const char *key)
{
	const struct message *m = bsearch(key, i18n_messages, i18n_n_messages, sizeof(*m), cmp_key);
	if (!m)
		return NULL;
	return lang == LANG_EN ? m->en : m->zh;
}

const char *i18n(enum lang lang, const char *key)
{
	const char *t = i18n_find(lang, key);
	return t ? t : "\xe2\x9f\xa6missing\xe2\x9f\xa7"; /* ⟦missing⟧ */
}

const char *lang_code(enum lang lang)
{
	return lang == LANG_EN ? "en" : "zh";
}

int lang_parse(const char *s, enum lang *out)
{
	if (!s)
		return 0;
	if (strncmp(s, "zh", 2) == 0 && (s[2] == '\0' || s[2] == '-' || s[2] == '_')) {
		*out = LANG_ZH;
		return 1;
	}
	if (strncmp(s, "en", 2) == 0 && (s[2] == '\0' || s[2] == '-' || s[2] == '_')) {
		*out = LANG_EN;
		return 1;
	}
	return 0;
}

const char *i18n_pick(enum lang lang, const char *zh, const char *en)
{
	if (lang == LANG_EN && en && *en)
		return en;
	return zh ? zh : (en ? en : "");
}
