-- 0015_derived_totals: what a derived indicator's values are computed from, kept current so
-- that an import updates the values of exactly the regions and years its records touch, in
-- its own transaction, at a cost that grows with the import and not with the registry.
-- derived_totals holds, per indicator, aggregate (its count() or sum() in the order the
-- definition writes them), region and year, the total of the records counting there (a count,
-- or a sum in millionths of the field's unit: whole numbers add exactly in any order). A
-- region has rows for every year of its indicator's span once any record counted for it.
-- derived_state says what the totals were computed for (the definition, the region tree, the
-- span of years, the last ended year then): anything else and they are computed again from the
-- records. Both tables are derived data, rebuilt by `innomon registry recompute`; the values
-- themselves stay append-only revisions in observations.

CREATE TABLE derived_state (
	indicator  TEXT PRIMARY KEY,
	definition TEXT NOT NULL,
	tree       TEXT NOT NULL,      -- the region tree the totals follow (a digest)
	first_year INTEGER NOT NULL,   -- the years computed: first_year .. last_year
	last_year  INTEGER NOT NULL,
	max_year   INTEGER NOT NULL,   -- the last ended year when they were computed
	hi_year    INTEGER NOT NULL    -- the latest year any record mentions (last_year is at most max_year)
) WITHOUT ROWID;

CREATE TABLE derived_totals (
	indicator TEXT NOT NULL,
	region    TEXT NOT NULL,
	year      INTEGER NOT NULL,
	leaf      INTEGER NOT NULL,
	total     INTEGER NOT NULL,
	PRIMARY KEY (indicator, region, year, leaf)
) WITHOUT ROWID;
