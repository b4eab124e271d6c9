-- 0016_plan_lifecycle (PostgreSQL): as sql/sqlite/0016_plan_lifecycle.sql: a plan's status
-- ('draft', 'in_force', 'superseded'; a plan stored before was put in force when loaded), the
-- successor that superseded it, and the predecessor's indicator whose series an indicator continues.
ALTER TABLE plans ADD COLUMN status ctext NOT NULL DEFAULT 'in_force'
	CHECK (status IN ('draft', 'in_force', 'superseded'));
ALTER TABLE plans ADD COLUMN superseded_by ctext;
ALTER TABLE pv_indicators ADD COLUMN continues ctext;
