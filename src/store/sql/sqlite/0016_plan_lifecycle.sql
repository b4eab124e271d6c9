-- 0016_plan_lifecycle: a plan's lifecycle beyond its dates, and series that run across plans.
-- plans.status: 'draft' (authored, not yet put in force: never the default, seen by the
-- department only), 'in_force' (put in force; its dates then say not yet / in force / ended),
-- 'superseded' (a successor named in superseded_by, a plan code; still evaluable). A plan
-- stored before this migration was put in force when it was loaded. The status belongs to the
-- plan, not to a version: changing it writes no new version.
-- pv_indicators.continues: the code of the predecessor's indicator whose series this
-- indicator continues (indicators.csv continues), NULL when none.
ALTER TABLE plans ADD COLUMN status TEXT NOT NULL DEFAULT 'in_force'
	CHECK (status IN ('draft', 'in_force', 'superseded'));
ALTER TABLE plans ADD COLUMN superseded_by TEXT;
ALTER TABLE pv_indicators ADD COLUMN continues TEXT;
