/* config_int.h - private to the settings code (src/base/config*.c): the settings table itself,
 * the units its ranges are written in, and what the files share - table lookups (config_table.c)
 * and checking, storing and explaining one value (config_value.c). Everything else includes
 * config.h only. */
#ifndef INNOMON_BASE_CONFIG_INT_H
#define INNOMON_BASE_CONFIG_INT_H

#include <stddef.h>

#include "base/config.h"
#include "base/diag.h"
#include "base/str.h"

#define KIB 1024LL
#define MIB (1024LL * KIB)
#define GIB (1024LL * MIB)
#define MINUTE_S 60LL
#define HOUR_S (60LL * MINUTE_S)

/* How much of an offending value a message quotes. */
#define CONFIG_QUOTED_VALUE_MAX_BYTES 60u

/* The settings table (config_table.c): CONFIG_N_SETTINGS rows in --help order; read-only. */
extern const struct config_setting config_table[];

/* The row whose config-file name is name, or NULL. */
const struct config_setting *config_find_name(struct str name);
/* The row whose flag arg is ("--port" or "--port=..."), or NULL. */
const struct config_setting *config_find_flag(const char *arg);

/* Check v (borrowed) for setting s and, when good, store it in c (c is untouched otherwise) and
 * return 1; else add a diagnostic at file:line:col explaining what is expected and return 0.
 * who names the setting as the user wrote it: "setting 'port'", "INNOMON_PORT", "--port". */
int config_apply_value(struct config *c, const struct config_setting *s, struct str v, const char *who,
		       struct diag_list *diags, const char *file, long line, int col);
/* What a good value of s looks like, into out[cap]: the phrase messages and the example file
 * use ("an integer from 0 to 65535"), or, when is_short, the short form --help shows
 * ("0..65535"; nothing for texts). Cannot fail (cut at cap). */
void config_allowed_text(const struct config_setting *s, int is_short, char *out, size_t cap);
/* v as messages quote it: cut to CONFIG_QUOTED_VALUE_MAX_BYTES on a character boundary (then
 * "..."), control bytes (and every non-ASCII byte of invalid UTF-8) shown as '?'. */
void config_quote_value(char out[CONFIG_QUOTED_VALUE_MAX_BYTES + 4], struct str v);

#endif
