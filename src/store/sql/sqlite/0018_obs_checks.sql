-- 0018_obs_checks: observations' checks of qualifier and status written as comparisons. The same
-- constraints as 0002's `qualifier IN (...)` and `status IN (...)`, which SQLite evaluates by
-- building a temporary index of the list for every row written (about 1 µs a row, a sixth of a
-- values import's CPU); a chain of = costs nothing measurable. SQLite cannot change a table's
-- checks in place, so the table is built again with the same columns, ids, rows, indexes and
-- triggers (no table refers to observations). Observations stay append-only.

DROP TRIGGER observations_no_update;
DROP TRIGGER observations_no_delete;

CREATE TABLE observations_0018 (
	id          INTEGER PRIMARY KEY,
	indicator   TEXT NOT NULL REFERENCES code_indicator(code),
	region      TEXT NOT NULL REFERENCES code_region(code),
	period      TEXT NOT NULL,
	period_t    REAL NOT NULL,
	revision    INTEGER NOT NULL CHECK (revision >= 1),
	value       REAL NOT NULL,
	qualifier   TEXT NOT NULL DEFAULT '' CHECK (qualifier = '' OR qualifier = 'lower_bound' OR qualifier = 'approx'
		OR qualifier = 'forecast_lower_bound' OR qualifier = 'upper_bound'),
	status      TEXT NOT NULL CHECK (status = 'draft' OR status = 'submitted' OR status = 'approved'
		OR status = 'published' OR status = 'returned'),
	source      TEXT,
	source_url  TEXT,
	note        TEXT,
	unit_given  TEXT,
	value_given REAL,
	reason      TEXT,
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	batch_id    INTEGER REFERENCES import_batches(id),
	publisher   TEXT,
	title       TEXT,
	published   TEXT CHECK (published IS NULL
		OR published GLOB '[12][0-9][0-9][0-9]'
		OR published GLOB '[12][0-9][0-9][0-9]-[01][0-9]'
		OR published GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	UNIQUE (indicator, region, period, revision)
);

INSERT INTO observations_0018 (id, indicator, region, period, period_t, revision, value, qualifier, status, source,
	source_url, note, unit_given, value_given, reason, created_at, created_by, batch_id, publisher, title, published)
SELECT id, indicator, region, period, period_t, revision, value, qualifier, status, source,
	source_url, note, unit_given, value_given, reason, created_at, created_by, batch_id, publisher, title, published
FROM observations ORDER BY id;

DROP TABLE observations;
ALTER TABLE observations_0018 RENAME TO observations;

CREATE INDEX observations_by_region ON observations (region, indicator, period);

CREATE TRIGGER observations_no_update BEFORE UPDATE ON observations
BEGIN
	SELECT RAISE(ABORT, 'observations are append-only: write a new revision');
END;

CREATE TRIGGER observations_no_delete BEFORE DELETE ON observations
BEGIN
	SELECT RAISE(ABORT, 'observations are append-only: nothing is deleted');
END;
