-- 0007_registries: the registries (microdata) that derived indicators are computed from, one
-- table per kind. Records are append-only revisions, as observations are: rkey is the
-- record's identity (its key fields joined with '|'), a changed record is a new revision row,
-- re-importing an identical record writes nothing, and triggers forbid UPDATE and DELETE.
-- The current record of a key is its newest revision. Imports are import_batches rows.

CREATE TABLE registry_enterprises (
	id          INTEGER PRIMARY KEY,
	rkey        TEXT NOT NULL,
	revision    INTEGER NOT NULL CHECK (revision >= 1),
	"code"      TEXT NOT NULL,             -- 统一社会信用代码
	"name"      TEXT NOT NULL,
	"region"    TEXT NOT NULL REFERENCES code_region(code),
	"cert"      TEXT NOT NULL CHECK ("cert" IN ('tsme', 'hnte', 'little_giant', 'leading')),
	"valid_from" TEXT NOT NULL,
	"valid_to"  TEXT CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from"),
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	batch_id    INTEGER REFERENCES import_batches(id),
	UNIQUE (rkey, revision)
);

CREATE TABLE registry_contracts (
	id          INTEGER PRIMARY KEY,
	rkey        TEXT NOT NULL,
	revision    INTEGER NOT NULL CHECK (revision >= 1),
	"no"        TEXT NOT NULL,
	"signed"    TEXT NOT NULL,
	"amount"    REAL NOT NULL,              -- 万元
	"region"    TEXT NOT NULL REFERENCES code_region(code),
	"buyer"     TEXT,
	"seller"    TEXT,
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	batch_id    INTEGER REFERENCES import_batches(id),
	UNIQUE (rkey, revision)
);

CREATE TABLE registry_patents (
	id          INTEGER PRIMARY KEY,
	rkey        TEXT NOT NULL,
	revision    INTEGER NOT NULL CHECK (revision >= 1),
	"no"        TEXT NOT NULL,
	"granted"   TEXT NOT NULL,
	"lapsed"    TEXT CHECK ("lapsed" IS NULL OR "lapsed" >= "granted"),
	"region"    TEXT NOT NULL REFERENCES code_region(code),
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	batch_id    INTEGER REFERENCES import_batches(id),
	UNIQUE (rkey, revision)
);

CREATE TABLE registry_platforms (
	id          INTEGER PRIMARY KEY,
	rkey        TEXT NOT NULL,
	revision    INTEGER NOT NULL CHECK (revision >= 1),
	"code"      TEXT NOT NULL,
	"name"      TEXT NOT NULL,
	"level"     TEXT NOT NULL CHECK ("level" IN ('national', 'provincial')),
	"kind"      TEXT NOT NULL,
	"recognised" TEXT NOT NULL,
	"region"    TEXT NOT NULL REFERENCES code_region(code),
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	batch_id    INTEGER REFERENCES import_batches(id),
	UNIQUE (rkey, revision)
);

CREATE TABLE registry_talents (
	id          INTEGER PRIMARY KEY,
	rkey        TEXT NOT NULL,
	revision    INTEGER NOT NULL CHECK (revision >= 1),
	"id_no"     TEXT NOT NULL,
	"programme" TEXT NOT NULL,
	"year"      INTEGER NOT NULL CHECK ("year" BETWEEN 1900 AND 2200),
	"region"    TEXT NOT NULL REFERENCES code_region(code),
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	batch_id    INTEGER REFERENCES import_batches(id),
	UNIQUE (rkey, revision)
);

CREATE TRIGGER registry_enterprises_no_update BEFORE UPDATE ON registry_enterprises
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: write a new revision'); END;
CREATE TRIGGER registry_enterprises_no_delete BEFORE DELETE ON registry_enterprises
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: nothing is deleted'); END;
CREATE TRIGGER registry_contracts_no_update BEFORE UPDATE ON registry_contracts
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: write a new revision'); END;
CREATE TRIGGER registry_contracts_no_delete BEFORE DELETE ON registry_contracts
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: nothing is deleted'); END;
CREATE TRIGGER registry_patents_no_update BEFORE UPDATE ON registry_patents
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: write a new revision'); END;
CREATE TRIGGER registry_patents_no_delete BEFORE DELETE ON registry_patents
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: nothing is deleted'); END;
CREATE TRIGGER registry_platforms_no_update BEFORE UPDATE ON registry_platforms
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: write a new revision'); END;
CREATE TRIGGER registry_platforms_no_delete BEFORE DELETE ON registry_platforms
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: nothing is deleted'); END;
CREATE TRIGGER registry_talents_no_update BEFORE UPDATE ON registry_talents
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: write a new revision'); END;
CREATE TRIGGER registry_talents_no_delete BEFORE DELETE ON registry_talents
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: nothing is deleted'); END;
