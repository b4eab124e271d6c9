-- 0011_target_kinds: what successor plans say that the first plan did not. An indicator's
-- scale (number, rank, ordinal, judgement) and its class labels (levels, ';'-separated), as
-- written in indicators.csv; a target's tolerance (about), nature (binding, indicative) and the
-- unit the plan wrote it in with the factor into the indicator's unit; an action's parent (a
-- second level) and text; a group unit's regions (';'-separated codes); units responsible for a
-- whole action. NULL (no rows) when the plan does not give them.
ALTER TABLE pv_indicators ADD COLUMN scale TEXT;
ALTER TABLE pv_indicators ADD COLUMN levels TEXT;
ALTER TABLE pv_targets ADD COLUMN tolerance REAL;
ALTER TABLE pv_targets ADD COLUMN nature TEXT;
ALTER TABLE pv_targets ADD COLUMN unit_given TEXT;
ALTER TABLE pv_targets ADD COLUMN unit_factor REAL;
ALTER TABLE pv_actions ADD COLUMN parent INTEGER;
-- actions come back in the order of the file (sub-actions after their action); NULL for
-- versions stored before, read in number order as they were
ALTER TABLE pv_actions ADD COLUMN position INTEGER;
ALTER TABLE pv_actions ADD COLUMN text_zh TEXT;
ALTER TABLE pv_units ADD COLUMN regions TEXT;

CREATE TABLE pv_action_units (
	pv_id    INTEGER NOT NULL REFERENCES plan_versions(id),
	action   INTEGER NOT NULL,
	unit     TEXT NOT NULL,
	role     TEXT NOT NULL CHECK (role IN ('lead', 'co')),
	position INTEGER NOT NULL,
	PRIMARY KEY (pv_id, action, unit),
	FOREIGN KEY (pv_id, action) REFERENCES pv_actions(pv_id, number),
	FOREIGN KEY (pv_id, unit) REFERENCES pv_units(pv_id, code)
) WITHOUT ROWID;
