-- 0010_firms: the firms registry (firm x fiscal year: staff, revenue, R&D, IP, awards, ...) that
-- the evaluation methods read (src/core/eval.h, docs/firms.md). Append-only revisions like every
-- registry (0007_registries.sql): rkey is "code|year", a changed row is a new revision, and
-- triggers forbid UPDATE and DELETE. Money in 万元. Indexed by code for a firm's page.

CREATE TABLE registry_firms (
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
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	batch_id    INTEGER REFERENCES import_batches(id),
	UNIQUE (rkey, revision)
);
CREATE INDEX registry_firms_code ON registry_firms ("code");

CREATE TRIGGER registry_firms_no_update BEFORE UPDATE ON registry_firms
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: write a new revision'); END;
CREATE TRIGGER registry_firms_no_delete BEFORE DELETE ON registry_firms
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: nothing is deleted'); END;

-- Which indicator a method's projection stands beside (the plan folder's projections.csv):
-- the evaluation report and the indicator pages show the count of firms the registry says
-- qualify under `method` next to the reported figures of `indicator`. near_points: how far
-- below the pass a firm still counts as within reach. Replaced as a whole, audited.
CREATE TABLE firm_projections (
	indicator   TEXT PRIMARY KEY REFERENCES code_indicator(code),
	method      TEXT NOT NULL CHECK (method IN ('tsme', 'innov_sme', 'hnte', 'srdi', 'little_giant')),
	near_points INTEGER NOT NULL CHECK (near_points BETWEEN 0 AND 100),
	updated_at  TEXT NOT NULL,
	updated_by  TEXT NOT NULL
);
