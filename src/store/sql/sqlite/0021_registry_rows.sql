-- 0021_registry_rows: registry rows that hold each fact once, so that an import writes fewer
-- bytes (docs/performance.md: 1.9 M contracts made a 416 MB store, 298 MB of it the rows, where the
-- sqlite3 shell's table of the same file is 214 MB; every byte is written twice, to the WAL and
-- at the checkpoint).
-- * rkey, the record's key, is the key field itself where the key is one text field (contracts'
--   and patents' "no", platforms' "code", talents' "id_no"): a virtual generated column, which
--   takes no room in the row; the unique index on (rkey, revision) holds it as before, and every
--   query reads rkey as before. Enterprises ("code|cert|valid_from") and firms ("code|year")
--   keep their stored rkey. core/registry.c (reg_key_is_field) says the same to the writer.
-- * created_at and created_by may be NULL: a row an import writes leaves them NULL and takes its
--   time and author from its import batch (import_batches, batch_id), which holds the same two
--   values; readers read coalesce(the row's, its batch's) (store/registry.c). Rows stored before
--   keep their own.
-- * An import batch's file hash may be written when the batch is closed, once, if it was not known
--   when the batch was opened: a CSV read as UTF-8 in one pass is hashed as it is read, so its
--   hash is known at its end (ingest/sheet.c). Every other column stays as the batch was closed.
-- SQLite cannot change a column so in place: each registry table is built again with the same
-- ids, rows, indexes and triggers (no table refers to a registry table). Append-only as before.

DROP TRIGGER registry_enterprises_no_update;
DROP TRIGGER registry_enterprises_no_delete;

CREATE TABLE registry_enterprises_0021 (
	id          INTEGER PRIMARY KEY,
	rkey        TEXT NOT NULL,
	revision    INTEGER NOT NULL CHECK (revision >= 1),
	"code"      TEXT NOT NULL,             -- 统一社会信用代码
	"name"      TEXT NOT NULL,
	"region"    TEXT NOT NULL REFERENCES code_region(code),
	"cert"      TEXT NOT NULL CHECK ("cert" IN ('tsme', 'hnte', 'little_giant', 'leading')),
	"valid_from" TEXT NOT NULL,
	"valid_to"  TEXT CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from"),
	created_at  TEXT,        -- NULL: the batch's
	created_by  TEXT,        -- NULL: the batch's
	batch_id    INTEGER REFERENCES import_batches(id),
	line        INTEGER,
	UNIQUE (rkey, revision)
);

INSERT INTO registry_enterprises_0021 (
	id, rkey, revision, "code", "name", "region", "cert", "valid_from", "valid_to", created_at,
	created_by, batch_id, line)
SELECT
	id, rkey, revision, "code", "name", "region", "cert", "valid_from", "valid_to", created_at,
	created_by, batch_id, line
FROM registry_enterprises ORDER BY id;

DROP TABLE registry_enterprises;
ALTER TABLE registry_enterprises_0021 RENAME TO registry_enterprises;

CREATE TRIGGER registry_enterprises_no_update BEFORE UPDATE ON registry_enterprises
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: write a new revision'); END;

CREATE TRIGGER registry_enterprises_no_delete BEFORE DELETE ON registry_enterprises
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: nothing is deleted'); END;

DROP TRIGGER registry_contracts_no_update;
DROP TRIGGER registry_contracts_no_delete;

CREATE TABLE registry_contracts_0021 (
	id          INTEGER PRIMARY KEY,
	rkey        TEXT NOT NULL GENERATED ALWAYS AS ("no") VIRTUAL,
	revision    INTEGER NOT NULL CHECK (revision >= 1),
	"no"        TEXT NOT NULL,
	"signed"    TEXT NOT NULL,
	"amount"    REAL NOT NULL,              -- 万元
	"region"    TEXT NOT NULL REFERENCES code_region(code),
	"buyer"     TEXT,
	"seller"    TEXT,
	created_at  TEXT,        -- NULL: the batch's
	created_by  TEXT,        -- NULL: the batch's
	batch_id    INTEGER REFERENCES import_batches(id),
	line        INTEGER,
	UNIQUE (rkey, revision)
);

INSERT INTO registry_contracts_0021 (
	id, revision, "no", "signed", "amount", "region", "buyer", "seller", created_at, created_by,
	batch_id, line)
SELECT
	id, revision, "no", "signed", "amount", "region", "buyer", "seller", created_at, created_by,
	batch_id, line
FROM registry_contracts ORDER BY id;

DROP TABLE registry_contracts;
ALTER TABLE registry_contracts_0021 RENAME TO registry_contracts;

CREATE TRIGGER registry_contracts_no_update BEFORE UPDATE ON registry_contracts
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: write a new revision'); END;

CREATE TRIGGER registry_contracts_no_delete BEFORE DELETE ON registry_contracts
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: nothing is deleted'); END;

DROP TRIGGER registry_patents_no_update;
DROP TRIGGER registry_patents_no_delete;

CREATE TABLE registry_patents_0021 (
	id          INTEGER PRIMARY KEY,
	rkey        TEXT NOT NULL GENERATED ALWAYS AS ("no") VIRTUAL,
	revision    INTEGER NOT NULL CHECK (revision >= 1),
	"no"        TEXT NOT NULL,
	"granted"   TEXT NOT NULL,
	"lapsed"    TEXT CHECK ("lapsed" IS NULL OR "lapsed" >= "granted"),
	"region"    TEXT NOT NULL REFERENCES code_region(code),
	created_at  TEXT,        -- NULL: the batch's
	created_by  TEXT,        -- NULL: the batch's
	batch_id    INTEGER REFERENCES import_batches(id),
	line        INTEGER,
	UNIQUE (rkey, revision)
);

INSERT INTO registry_patents_0021 (
	id, revision, "no", "granted", "lapsed", "region", created_at, created_by, batch_id, line)
SELECT
	id, revision, "no", "granted", "lapsed", "region", created_at, created_by, batch_id, line
FROM registry_patents ORDER BY id;

DROP TABLE registry_patents;
ALTER TABLE registry_patents_0021 RENAME TO registry_patents;

CREATE TRIGGER registry_patents_no_update BEFORE UPDATE ON registry_patents
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: write a new revision'); END;

CREATE TRIGGER registry_patents_no_delete BEFORE DELETE ON registry_patents
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: nothing is deleted'); END;

DROP TRIGGER registry_platforms_no_update;
DROP TRIGGER registry_platforms_no_delete;

CREATE TABLE registry_platforms_0021 (
	id          INTEGER PRIMARY KEY,
	rkey        TEXT NOT NULL GENERATED ALWAYS AS ("code") VIRTUAL,
	revision    INTEGER NOT NULL CHECK (revision >= 1),
	"code"      TEXT NOT NULL,
	"name"      TEXT NOT NULL,
	"level"     TEXT NOT NULL CHECK ("level" IN ('national', 'provincial')),
	"kind"      TEXT NOT NULL,
	"recognised" TEXT NOT NULL,
	"region"    TEXT NOT NULL REFERENCES code_region(code),
	created_at  TEXT,        -- NULL: the batch's
	created_by  TEXT,        -- NULL: the batch's
	batch_id    INTEGER REFERENCES import_batches(id),
	line        INTEGER,
	UNIQUE (rkey, revision)
);

INSERT INTO registry_platforms_0021 (
	id, revision, "code", "name", "level", "kind", "recognised", "region", created_at, created_by,
	batch_id, line)
SELECT
	id, revision, "code", "name", "level", "kind", "recognised", "region", created_at, created_by,
	batch_id, line
FROM registry_platforms ORDER BY id;

DROP TABLE registry_platforms;
ALTER TABLE registry_platforms_0021 RENAME TO registry_platforms;

CREATE TRIGGER registry_platforms_no_update BEFORE UPDATE ON registry_platforms
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: write a new revision'); END;

CREATE TRIGGER registry_platforms_no_delete BEFORE DELETE ON registry_platforms
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: nothing is deleted'); END;

DROP TRIGGER registry_talents_no_update;
DROP TRIGGER registry_talents_no_delete;

CREATE TABLE registry_talents_0021 (
	id          INTEGER PRIMARY KEY,
	rkey        TEXT NOT NULL GENERATED ALWAYS AS ("id_no") VIRTUAL,
	revision    INTEGER NOT NULL CHECK (revision >= 1),
	"id_no"     TEXT NOT NULL,
	"programme" TEXT NOT NULL,
	"year"      INTEGER NOT NULL CHECK ("year" BETWEEN 1900 AND 2200),
	"region"    TEXT NOT NULL REFERENCES code_region(code),
	created_at  TEXT,        -- NULL: the batch's
	created_by  TEXT,        -- NULL: the batch's
	batch_id    INTEGER REFERENCES import_batches(id),
	line        INTEGER,
	UNIQUE (rkey, revision)
);

INSERT INTO registry_talents_0021 (
	id, revision, "id_no", "programme", "year", "region", created_at, created_by, batch_id, line)
SELECT
	id, revision, "id_no", "programme", "year", "region", created_at, created_by, batch_id, line
FROM registry_talents ORDER BY id;

DROP TABLE registry_talents;
ALTER TABLE registry_talents_0021 RENAME TO registry_talents;

CREATE TRIGGER registry_talents_no_update BEFORE UPDATE ON registry_talents
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: write a new revision'); END;

CREATE TRIGGER registry_talents_no_delete BEFORE DELETE ON registry_talents
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: nothing is deleted'); END;

DROP TRIGGER registry_firms_no_update;
DROP TRIGGER registry_firms_no_delete;

CREATE TABLE registry_firms_0021 (
	id          INTEGER PRIMARY KEY,
	rkey        TEXT NOT NULL,
	revision    INTEGER NOT NULL CHECK (revision >= 1),
	"code"                 TEXT NOT NULL, -- 统一社会信用代码 (GB 32100 check digit checked on import)
	"year"                 INTEGER NOT NULL CHECK ("year" BETWEEN 1900 AND 2200), -- fiscal year of the figures
	"name"                 TEXT NOT NULL,
	"region"               TEXT NOT NULL REFERENCES code_region(code),
	"founded"              TEXT,
	"staff"                INTEGER CHECK ("staff" >= 0), -- persons
	"tech_staff"           INTEGER CHECK ("tech_staff" >= 0),
	"rd_staff"             INTEGER CHECK ("rd_staff" >= 0),
	"revenue"              REAL CHECK ("revenue" >= 0), -- 万元, = 销售收入
	"main_revenue"         REAL CHECK ("main_revenue" >= 0),
	"cost"                 REAL CHECK ("cost" >= 0),
	"assets"               REAL CHECK ("assets" >= 0),
	"liabilities"          REAL CHECK ("liabilities" >= 0),
	"net_profit"           REAL, -- may be negative
	"rd"                   REAL CHECK ("rd" >= 0),
	"rd_domestic"          REAL CHECK ("rd_domestic" >= 0),
	"hitech_revenue"       REAL CHECK ("hitech_revenue" >= 0),
	"total_income"         REAL CHECK ("total_income" >= 0),
	"equity"               REAL CHECK ("equity" >= 0),
	"ip1"                  INTEGER CHECK ("ip1" >= 0),
	"ip1_self"             INTEGER CHECK ("ip1_self" >= 0),
	"ip1_hv"               INTEGER CHECK ("ip1_hv" >= 0),
	"ip2"                  INTEGER CHECK ("ip2" >= 0),
	"ip2_self"             INTEGER CHECK ("ip2_self" >= 0),
	"conversions"          INTEGER CHECK ("conversions" >= 0),
	"award"                TEXT CHECK ("award" IN ('national', 'provincial')),
	"award_rank"           INTEGER CHECK ("award_rank" >= 0),
	"rd_org"               TEXT CHECK ("rd_org" IN ('national', 'provincial', 'inhouse')),
	"standard"             TEXT CHECK ("standard" IN ('led', 'participated')),
	"titles"               TEXT, -- ';'-separated codes
	"market_since"         INTEGER CHECK ("market_since" BETWEEN 1900 AND 2200),
	"market_share"         REAL CHECK ("market_share" BETWEEN 0 AND 100), -- %
	"digital_level"        TEXT CHECK ("digital_level" IN ('1', '2', '3', '4')),
	"emerging"             TEXT CHECK ("emerging" IN ('yes', 'no')),
	"hnte_field"           TEXT CHECK ("hnte_field" IN ('yes', 'no')),
	"compliance"           TEXT CHECK ("compliance" IN ('yes', 'no')),
	"rd_measure"           TEXT CHECK ("rd_measure" IN ('sales', 'cost')),
	"hnte_pts_ip"          INTEGER CHECK ("hnte_pts_ip" BETWEEN 0 AND 30),
	"hnte_pts_conversion"  INTEGER CHECK ("hnte_pts_conversion" BETWEEN 0 AND 30),
	"hnte_pts_management"  INTEGER CHECK ("hnte_pts_management" BETWEEN 0 AND 20),
	"hnte_pts_growth"      INTEGER CHECK ("hnte_pts_growth" BETWEEN 0 AND 20),
	created_at  TEXT,        -- NULL: the batch's
	created_by  TEXT,        -- NULL: the batch's
	batch_id    INTEGER REFERENCES import_batches(id),
	line        INTEGER,
	UNIQUE (rkey, revision)
);

INSERT INTO registry_firms_0021 (
	id, rkey, revision, "code", "year", "name", "region", founded, staff, tech_staff, rd_staff,
	revenue, main_revenue, cost, assets, liabilities, net_profit, rd, rd_domestic, hitech_revenue,
	total_income, equity, "ip1", "ip1_self", "ip1_hv", "ip2", "ip2_self", conversions, award,
	award_rank, rd_org, standard, titles, market_since, market_share, digital_level, emerging,
	hnte_field, compliance, rd_measure, hnte_pts_ip, hnte_pts_conversion, hnte_pts_management,
	hnte_pts_growth, created_at, created_by, batch_id, line)
SELECT
	id, rkey, revision, "code", "year", "name", "region", founded, staff, tech_staff, rd_staff,
	revenue, main_revenue, cost, assets, liabilities, net_profit, rd, rd_domestic, hitech_revenue,
	total_income, equity, "ip1", "ip1_self", "ip1_hv", "ip2", "ip2_self", conversions, award,
	award_rank, rd_org, standard, titles, market_since, market_share, digital_level, emerging,
	hnte_field, compliance, rd_measure, hnte_pts_ip, hnte_pts_conversion, hnte_pts_management,
	hnte_pts_growth, created_at, created_by, batch_id, line
FROM registry_firms ORDER BY id;

DROP TABLE registry_firms;
ALTER TABLE registry_firms_0021 RENAME TO registry_firms;

CREATE INDEX registry_firms_code ON registry_firms ("code");

CREATE TRIGGER registry_firms_no_update BEFORE UPDATE ON registry_firms
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: write a new revision'); END;

CREATE TRIGGER registry_firms_no_delete BEFORE DELETE ON registry_firms
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: nothing is deleted'); END;

DROP TRIGGER import_batches_closed;
CREATE TRIGGER import_batches_closed BEFORE UPDATE ON import_batches
WHEN OLD.closed_at IS NOT NULL OR NEW.closed_at IS NULL OR NEW.id IS NOT OLD.id
  OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
  OR NEW.source_file IS NOT OLD.source_file OR (OLD.file_sha256 IS NOT NULL AND NEW.file_sha256 IS NOT OLD.file_sha256)
BEGIN
	SELECT RAISE(ABORT, 'import batches are a record: a batch is closed once, then never changed');
END;
