/* log.h - one line per event to stderr: time, level, module, message, then key=value context.
 * Never log passwords, tokens or request bodies. core/ never logs. */
#ifndef INNOMON_BASE_LOG_H
#define INNOMON_BASE_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };
enum log_format { LOG_FORMAT_TEXT, LOG_FORMAT_JSON };

/* Set once by main before any thread starts: the level at and above which lines print. */
void log_setup(enum log_level min_level, enum log_format format);
/* Whether lines of this level are written (so that costly fields are made only then). */
int log_enabled(enum log_level level);
/* Whether lines are written as JSON objects. */
enum log_format log_current_format(void);

void log_msg(enum log_level level, const char *module, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One event with fields: text lines read "msg key=value ...", JSON lines carry each field as
 * its own member (values are strings; keys are trusted identifiers). */
void log_fields(enum log_level level, const char *module, const char *msg, const char *const *keys,
		const char *const *values, unsigned n);

#define log_error(mod, ...) log_msg(LOG_ERROR, mod, __VA_ARGS__)
#define log_warn(mod, ...) log_msg(LOG_WARN, mod, __VA_ARGS__)
#define log_info(mod, ...) log_msg(LOG_INFO, mod, __VA_ARGS__)
#define log_debug(mod, ...) log_msg(LOG_DEBUG, mod, __VA_ARGS__)

#endif
