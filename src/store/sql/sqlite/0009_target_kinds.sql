-- 0009_target_kinds: what successor plans say about their indicators and targets. An
-- indicator's scale (number, rank, ordinal, judgement) and its class labels (levels,
-- ';'-separated), as written in indicators.csv; a target's tolerance (about), nature (binding,
-- indicative) and the unit the plan wrote it in with the factor into the indicator's unit.
-- NULL when the plan does not give them.
ALTER TABLE pv_indicators ADD COLUMN scale TEXT;
ALTER TABLE pv_indicators ADD COLUMN levels TEXT;
ALTER TABLE pv_targets ADD COLUMN tolerance REAL;
ALTER TABLE pv_targets ADD COLUMN nature TEXT;
ALTER TABLE pv_targets ADD COLUMN unit_given TEXT;
ALTER TABLE pv_targets ADD COLUMN unit_factor REAL;
