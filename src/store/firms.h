/* firms.h - the store's interface for enterprise evaluation (docs/firms.md): the current
 * records of a registry whose field holds one value (a firm's rows by credit code, without
 * reading the whole registry), and the projections table that says which indicator each
 * method's count stands beside. Like store.h: no SQL outside the store, results in the
 * caller's arena, every write one transaction with its audit event. */
#ifndef INNOMON_STORE_FIRMS_H
#define INNOMON_STORE_FIRMS_H

#include <stddef.h>

#include "base/arena.h"
#include "base/status.h"
#include "core/registry.h"

struct store;

/* The newest revision of every record of kind whose field (a field name of the kind) equals
 * value, in key order. ST_INVALID when the kind has no such field. */
enum status store_registry_find(struct store *s, struct arena *a, enum reg_kind kind, const char *field, const char *value,
				struct reg_record **rows, size_t *n) WUR;

/* An indicator and the method whose registry count is projected beside it. */
struct firm_projection {
	const char *indicator; /* an indicator code */
	const char *method;    /* a firm_method_code */
	int near_points;       /* within reach: at most this many points short */
};
/* Every projection, by indicator. */
enum status store_projections_get(struct store *s, struct arena *a, struct firm_projection **rows, size_t *n) WUR;
/* Replace every projection by rows[0..n) in one transaction with one audit event
 * ("projections.replace"); identical rows change nothing and write no event. ST_INVALID when an
 * indicator is unknown or a method or near_points out of range. */
enum status store_projections_put(struct store *s, const char *who, const struct firm_projection *rows, size_t n) WUR;

#endif
