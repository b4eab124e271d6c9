-- 0001_plan: plans and their versions. Every definition table is keyed by a plan version, so
-- a changed plan becomes a new version and every old version stays readable as it was.
-- Codes (indicator, region, unit) are registered once in code_* tables, which observations
-- and later tables reference, so a code never disappears while something points at it.

CREATE TABLE plans (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	created_at  TEXT NOT NULL
);

CREATE TABLE plan_versions (
	id          INTEGER PRIMARY KEY,
	plan_id     INTEGER NOT NULL REFERENCES plans(id),
	version     INTEGER NOT NULL CHECK (version >= 1),
	digest      TEXT NOT NULL,
	loaded_at   TEXT NOT NULL,
	loaded_by   TEXT NOT NULL,
	title_zh    TEXT NOT NULL,
	title_en    TEXT,
	issuer_zh   TEXT NOT NULL,
	issuer_en   TEXT,
	doc_no      TEXT NOT NULL,
	issued      TEXT NOT NULL,
	valid_until TEXT NOT NULL,
	base_year   INTEGER,
	target_year INTEGER NOT NULL,
	UNIQUE (plan_id, version)
);

CREATE TABLE code_indicator (code TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE code_region    (code TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE code_unit      (code TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE TABLE pv_goals (
	pv_id    INTEGER NOT NULL REFERENCES plan_versions(id),
	position INTEGER NOT NULL,
	code     TEXT NOT NULL,
	number   INTEGER NOT NULL,
	name_zh  TEXT NOT NULL,
	name_en  TEXT,
	text_zh  TEXT,
	PRIMARY KEY (pv_id, code)
) WITHOUT ROWID;

CREATE TABLE pv_regions (
	pv_id    INTEGER NOT NULL REFERENCES plan_versions(id),
	position INTEGER NOT NULL,
	code     TEXT NOT NULL REFERENCES code_region(code),
	name_zh  TEXT NOT NULL,
	name_en  TEXT,
	kind     TEXT NOT NULL,
	sums_into TEXT,
	PRIMARY KEY (pv_id, code)
) WITHOUT ROWID;

CREATE TABLE pv_region_parents (
	pv_id    INTEGER NOT NULL REFERENCES plan_versions(id),
	region   TEXT NOT NULL,
	parent   TEXT NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (pv_id, region, parent),
	FOREIGN KEY (pv_id, region) REFERENCES pv_regions(pv_id, code),
	FOREIGN KEY (pv_id, parent) REFERENCES pv_regions(pv_id, code)
) WITHOUT ROWID;

CREATE TABLE pv_units (
	pv_id    INTEGER NOT NULL REFERENCES plan_versions(id),
	position INTEGER NOT NULL,
	code     TEXT NOT NULL REFERENCES code_unit(code),
	name_zh  TEXT NOT NULL,
	name_en  TEXT,
	kind     TEXT NOT NULL,
	PRIMARY KEY (pv_id, code)
) WITHOUT ROWID;

CREATE TABLE pv_actions (
	pv_id    INTEGER NOT NULL REFERENCES plan_versions(id),
	number   INTEGER NOT NULL,
	title_zh TEXT NOT NULL,
	title_en TEXT,
	PRIMARY KEY (pv_id, number)
) WITHOUT ROWID;

CREATE TABLE pv_measures (
	pv_id    INTEGER NOT NULL REFERENCES plan_versions(id),
	number   INTEGER NOT NULL,
	action   INTEGER NOT NULL,
	title_zh TEXT NOT NULL,
	title_en TEXT,
	text_zh  TEXT NOT NULL,
	PRIMARY KEY (pv_id, number),
	FOREIGN KEY (pv_id, action) REFERENCES pv_actions(pv_id, number)
) WITHOUT ROWID;

CREATE TABLE pv_responsibilities (
	pv_id    INTEGER NOT NULL REFERENCES plan_versions(id),
	measure  INTEGER NOT NULL,
	unit     TEXT NOT NULL,
	role     TEXT NOT NULL CHECK (role IN ('lead', 'co')),
	position INTEGER NOT NULL,
	PRIMARY KEY (pv_id, measure, unit),
	FOREIGN KEY (pv_id, measure) REFERENCES pv_measures(pv_id, number),
	FOREIGN KEY (pv_id, unit) REFERENCES pv_units(pv_id, code)
) WITHOUT ROWID;

CREATE TABLE pv_indicators (
	pv_id         INTEGER NOT NULL REFERENCES plan_versions(id),
	position      INTEGER NOT NULL,
	code          TEXT NOT NULL REFERENCES code_indicator(code),
	name_zh       TEXT NOT NULL,
	name_en       TEXT,
	unit_zh       TEXT NOT NULL,
	unit_en       TEXT,
	decimals      INTEGER NOT NULL,
	direction     INTEGER NOT NULL CHECK (direction IN (1, -1)),
	frequency     TEXT NOT NULL,
	kind          TEXT NOT NULL,
	aggregation   TEXT NOT NULL,
	goal          TEXT,
	measure       INTEGER,
	owner         TEXT,
	headline      INTEGER NOT NULL,
	definition_zh TEXT,
	definition_en TEXT,
	formula       TEXT,
	PRIMARY KEY (pv_id, code)
) WITHOUT ROWID;

CREATE TABLE pv_targets (
	pv_id      INTEGER NOT NULL REFERENCES plan_versions(id),
	position   INTEGER NOT NULL,
	indicator  TEXT NOT NULL,
	region     TEXT NOT NULL,
	year       INTEGER NOT NULL,
	comparator TEXT NOT NULL,
	value      REAL,
	value_max  REAL,
	base_value REAL,
	base_year  INTEGER,
	note_zh    TEXT,
	PRIMARY KEY (pv_id, indicator, region, year),
	FOREIGN KEY (pv_id, indicator) REFERENCES pv_indicators(pv_id, code),
	FOREIGN KEY (pv_id, region) REFERENCES pv_regions(pv_id, code)
) WITHOUT ROWID;

CREATE TABLE pv_rules (
	pv_id     INTEGER NOT NULL REFERENCES plan_versions(id),
	position  INTEGER NOT NULL,
	code      TEXT NOT NULL,
	kind      TEXT NOT NULL,
	applies   TEXT NOT NULL,
	min       REAL,
	max       REAL,
	severity  TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
	note_zh   TEXT,
	PRIMARY KEY (pv_id, code)
) WITHOUT ROWID;
