/* diag.h - a list of diagnostics about bad input: where (file, sheet, line, column, field),
 * what (the offending value), why (a stable code and a message). Validators append and keep
 * going so a user sees every problem at once; a non-empty list means nothing is written. */
#ifndef INNOMON_BASE_DIAG_H
#define INNOMON_BASE_DIAG_H

#include <stddef.h>
#include <stdio.h>

#include "base/arena.h"

struct diag {
	const char *file;  /* file name as the user gave it, or NULL */
	const char *sheet; /* XLSX sheet name, or NULL */
	long line;         /* 1-based line (CSV) or row (XLSX); 0 when not about a line */
	int col;           /* 1-based column; 0 when unknown */
	const char *field; /* column header or JSON field, or NULL */
	const char *value; /* the offending value (truncated), or NULL */
	const char *code;  /* stable machine code, e.g. "unknown_reference" */
	const char *msg;   /* English sentence, lower-case start, no final period */
	int is_warning;    /* warnings do not block a write */
	const char *key;   /* the message catalogue key of the text in the user's language (static or
	                    * in the list's arena), or NULL: a front end uses "diag.<code>" or msg */
};

struct diag_list {
	struct arena *arena; /* borrowed: every string and the array live here */
	struct diag *items;
	size_t n;
	size_t cap;
	size_t n_errors;
	size_t max;          /* stop recording after this many (still counted in n_dropped) */
	size_t n_dropped;
};

#define DIAG_DEFAULT_MAX 1000u

/* Start an empty list whose memory lives in arena (borrowed). */
void diag_init(struct diag_list *l, struct arena *arena);
/* Append an error (or warning with diag_warn); strings are copied into the arena.
 * Returns the new entry, or NULL when the list is full (the entry is only counted). */
struct diag *diag_add(struct diag_list *l, const char *file, long line, int col, const char *field,
		      const char *code, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
struct diag *diag_warn(struct diag_list *l, const char *file, long line, int col, const char *field,
		       const char *code, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* How many diagnostics were added so far, listed or dropped: a place in the list's order. */
size_t diag_count(const struct diag_list *l);
/* As diag_add, but placed at `at` (a diag_count taken earlier) instead of the end: for a
 * finding about an earlier row made only after later rows added theirs (a batch written
 * together), so the list reads as if each row had been checked in turn, the cap included. */
struct diag *diag_add_at(struct diag_list *l, size_t at, const char *file, long line, int col, const char *field,
			 const char *code, const char *fmt, ...) __attribute__((format(printf, 8, 9)));
/* Set the offending value (copied, cut to 80 bytes on a UTF-8 boundary); d may be NULL. */
void diag_set_value(struct diag_list *l, struct diag *d, const char *value, size_t len);
/* Number of errors (warnings excluded). */
size_t diag_errors(const struct diag_list *l);
/* Print "file:line:col: error: msg (field 'x', value 'y')" lines, one per diagnostic. */
void diag_print(const struct diag_list *l, FILE *out);

#endif
