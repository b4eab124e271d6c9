/* obs.h - observations: one revision of the value of indicator x region x period, with its
 * qualifier, workflow status and provenance. Pure types and names; storing them is store/. */
#ifndef INNOMON_CORE_OBS_H
#define INNOMON_CORE_OBS_H

enum obs_status { OBS_DRAFT, OBS_SUBMITTED, OBS_APPROVED, OBS_PUBLISHED, OBS_RETURNED };

/* How a published figure bounds the truth ("突破1万家" is a lower bound). */
enum obs_qualifier { QUAL_EXACT, QUAL_LOWER_BOUND, QUAL_APPROX, QUAL_FORECAST_LOWER_BOUND, QUAL_UPPER_BOUND };

/* Which revisions a reader may see as a cell's current value. */
enum obs_view {
	OBS_VIEW_PUBLIC,   /* the newest published revision */
	OBS_VIEW_INTERNAL, /* the newest approved or published revision */
};

struct obs {
	long long id;
	const char *indicator, *region, *period; /* codes and canonical period text */
	double period_t;                         /* period_time(), for ordering */
	int revision;                            /* 1, 2, ... per cell */
	double value;
	enum obs_qualifier qualifier;
	enum obs_status status;
	const char *source, *source_url, *note;  /* NULL when not given; source is the quoted
						  * sentence or table row, source_url the original's address */
	const char *publisher, *title;           /* who published the figure, in which publication */
	const char *published;                   /* its date: YYYY-MM-DD, YYYY-MM or YYYY */
	const char *unit_given;                  /* unit as reported, when converted */
	int has_value_given;
	double value_given;                      /* value as reported, before unit conversion */
	const char *reason;                      /* why returned / why revised */
	const char *created_at, *created_by;
	long long batch_id;                      /* 0 when entered by hand */
};

const char *obs_status_name(enum obs_status st);
/* Returns 1 and sets *out when s names a status. */
int obs_status_parse(const char *s, enum obs_status *out);
/* "" for exact, else lower_bound, approx, forecast_lower_bound, upper_bound. */
const char *obs_qualifier_name(enum obs_qualifier q);
int obs_qualifier_parse(const char *s, enum obs_qualifier *out);
/* Whether the workflow lets a cell move from status `from` to `to`: draft/returned -> submitted,
 * submitted -> approved/returned, approved -> published/returned. */
int obs_transition_allowed(enum obs_status from, enum obs_status to);

/* Whether s is a publication date as precise as the source gives it: YYYY-MM-DD (a real
 * day), YYYY-MM or YYYY, years 1900-2200. */
int obs_published_valid(const char *s);

/* The sign a qualifier puts before a figure: "≥", "≈", "≤" or "". */
const char *obs_qualifier_mark(enum obs_qualifier q);

/* The order of current values (store_obs_current; series_input_of looks for it), for qsort
 * of struct obs: indicator, region (strcmp), period_t, then the shorter period text. */
int obs_current_cmp(const void *x, const void *y);

#endif
