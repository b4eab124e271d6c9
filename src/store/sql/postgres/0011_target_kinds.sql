-- 0011_target_kinds (PostgreSQL): what successor plans say that the first plan did not, as
-- sql/sqlite/0011_target_kinds.sql: an indicator's scale and class labels, a target's tolerance,
-- nature and the unit it was written in (with the factor into the indicator's unit), an action's
-- parent, text and place in the file, a group unit's regions, units responsible for a whole action.
ALTER TABLE pv_indicators ADD COLUMN scale ctext;
ALTER TABLE pv_indicators ADD COLUMN levels ctext;
ALTER TABLE pv_targets ADD COLUMN tolerance NUMERIC;
ALTER TABLE pv_targets ADD COLUMN nature ctext;
ALTER TABLE pv_targets ADD COLUMN unit_given ctext;
ALTER TABLE pv_targets ADD COLUMN unit_factor NUMERIC;
ALTER TABLE pv_actions ADD COLUMN parent INTEGER;
ALTER TABLE pv_actions ADD COLUMN position INTEGER;
ALTER TABLE pv_actions ADD COLUMN text_zh ctext;
ALTER TABLE pv_units ADD COLUMN regions ctext;

CREATE TABLE pv_action_units (
	pv_id    BIGINT NOT NULL REFERENCES plan_versions(id),
	action   INTEGER NOT NULL,
	unit     ctext NOT NULL,
	role     ctext NOT NULL CHECK (role IN ('lead', 'co')),
	position INTEGER NOT NULL,
	PRIMARY KEY (pv_id, action, unit),
	FOREIGN KEY (pv_id, action) REFERENCES pv_actions(pv_id, number),
	FOREIGN KEY (pv_id, unit) REFERENCES pv_units(pv_id, code)
);
