-- 0002_observations: indicator values for region x period. Append-only: a change of value or
-- of status is a new revision row; triggers forbid UPDATE and DELETE, so nothing a user
-- entered is ever overwritten or lost. The current value of a cell is its newest revision
-- with status approved or published; the public sees its newest published revision.

CREATE TABLE import_batches (
	id          INTEGER PRIMARY KEY,
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	source_file TEXT,
	file_sha256 TEXT,
	sheet       TEXT,
	encoding    TEXT,
	n_rows      INTEGER NOT NULL,
	n_new       INTEGER NOT NULL,
	n_revised   INTEGER NOT NULL,
	n_unchanged INTEGER NOT NULL
);

CREATE TABLE observations (
	id          INTEGER PRIMARY KEY,
	indicator   TEXT NOT NULL REFERENCES code_indicator(code),
	region      TEXT NOT NULL REFERENCES code_region(code),
	period      TEXT NOT NULL,
	period_t    REAL NOT NULL,
	revision    INTEGER NOT NULL CHECK (revision >= 1),
	value       REAL NOT NULL,
	qualifier   TEXT NOT NULL DEFAULT '' CHECK (qualifier IN ('', 'lower_bound', 'approx', 'forecast_lower_bound', 'upper_bound')),
	status      TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'published', 'returned')),
	source      TEXT,
	source_url  TEXT,
	note        TEXT,
	unit_given  TEXT,
	value_given REAL,
	reason      TEXT,
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	batch_id    INTEGER REFERENCES import_batches(id),
	UNIQUE (indicator, region, period, revision)
);

CREATE INDEX observations_by_region ON observations (region, indicator, period);

CREATE TRIGGER observations_no_update BEFORE UPDATE ON observations
BEGIN
	SELECT RAISE(ABORT, 'observations are append-only: write a new revision');
END;

CREATE TRIGGER observations_no_delete BEFORE DELETE ON observations
BEGIN
	SELECT RAISE(ABORT, 'observations are append-only: nothing is deleted');
END;

CREATE TRIGGER import_batches_no_update BEFORE UPDATE ON import_batches
BEGIN
	SELECT RAISE(ABORT, 'import batches are a record: they are not changed');
END;
