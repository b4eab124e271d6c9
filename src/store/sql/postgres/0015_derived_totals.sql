-- 0015_derived_totals (PostgreSQL): the totals derived indicators are computed from and what
-- they were computed for, as sql/sqlite/0013_derived_totals.sql (which explains them). Derived
-- data: rebuilt by `innomon registry recompute`.

CREATE TABLE derived_state (
	indicator  ctext PRIMARY KEY,
	definition ctext NOT NULL,
	tree       ctext NOT NULL,
	first_year INTEGER NOT NULL,
	last_year  INTEGER NOT NULL,
	max_year   INTEGER NOT NULL,
	hi_year    INTEGER NOT NULL
);

CREATE TABLE derived_totals (
	indicator ctext NOT NULL,
	region    ctext NOT NULL,
	year      INTEGER NOT NULL,
	leaf      INTEGER NOT NULL,
	total     BIGINT NOT NULL,
	PRIMARY KEY (indicator, region, year, leaf)
);
