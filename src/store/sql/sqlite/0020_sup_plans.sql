-- 0020_sup_plans: task supervision scoped to a plan. Several plans may be in force at once
-- (a successor beside its predecessor), each with its own reporting cycles, notices and
-- events; measure numbers and periods repeat between plans, so each row names its plan.
--  - cycles: one per (plan_code, period) instead of one per period. SQLite cannot change a
--    table's constraints in place, so the table is built again with the same columns, ids
--    and rows. cycle_duties and notices refer to it: the foreign keys are checked at commit
--    (defer_foreign_keys), and the rows copied back into the new table satisfy them again.
--  - notices.plan_code, backfilled: the plan of the notice's cycle, else of its milestone,
--    else of the cycle of its period (periods were unique until now, so that cycle is the
--    one the notice was filed under: a notice not tied to a cycle took the open cycle's
--    period), else the plan created last (the plan the rules ran on before this migration).
--    The rules' dedup keys name the plan ("<rule kind>:<plan>:..."), as milestone_overdue's
--    did already, so that two plans' notices never collide.
--  - sup_events.plan_code (NULL for an event about no plan), backfilled from the object the
--    event is about, else as notices; the dedup keys of cycle events name the plan, and the
--    links to a cycle, a report or a measure keep it (?plan=).
-- Nothing is deleted; reports, evidence, replies and their triggers are untouched.

PRAGMA defer_foreign_keys = ON;

ALTER TABLE notices ADD COLUMN plan_code TEXT NOT NULL DEFAULT '';

UPDATE notices SET plan_code = coalesce(
	(SELECT c.plan_code FROM cycles c WHERE c.id = notices.cycle_id),
	(SELECT m.plan_code FROM milestones m WHERE m.id = notices.milestone_id),
	(SELECT c.plan_code FROM cycles c WHERE c.period = notices.period ORDER BY c.id LIMIT 1),
	(SELECT p.code FROM plans p ORDER BY p.id DESC LIMIT 1));

UPDATE notices SET dedup_key = 'report_missing:' || plan_code || ':' || substr(dedup_key, 16)
	WHERE rule_code IS NOT NULL AND dedup_key LIKE 'report\_missing:%' ESCAPE '\';
UPDATE notices SET dedup_key = 'indicator_off_track:' || plan_code || ':' || substr(dedup_key, 21)
	WHERE rule_code IS NOT NULL AND dedup_key LIKE 'indicator\_off\_track:%' ESCAPE '\';

DROP INDEX notices_by_period;
CREATE INDEX notices_by_plan ON notices (plan_code, period, unit);

ALTER TABLE sup_events ADD COLUMN plan_code TEXT;

UPDATE sup_events SET plan_code = coalesce(CASE object_type
		WHEN 'cycle' THEN (SELECT c.plan_code FROM cycles c WHERE CAST(c.id AS TEXT) = sup_events.object_id)
		WHEN 'notice' THEN (SELECT n.plan_code FROM notices n WHERE CAST(n.id AS TEXT) = sup_events.object_id)
		WHEN 'report' THEN (SELECT c.plan_code FROM reports r JOIN cycles c ON c.id = r.cycle_id
			WHERE CAST(r.id AS TEXT) = sup_events.object_id)
		WHEN 'milestone' THEN (SELECT m.plan_code FROM milestones m WHERE CAST(m.id AS TEXT) = sup_events.object_id)
	END,
	(SELECT c.plan_code FROM cycles c WHERE c.period = sup_events.period ORDER BY c.id LIMIT 1),
	(SELECT p.code FROM plans p ORDER BY p.id DESC LIMIT 1));

UPDATE sup_events SET dedup_key = 'cycle.opened:' || plan_code || ':' || substr(dedup_key, 14)
	WHERE plan_code IS NOT NULL AND dedup_key LIKE 'cycle.opened:%';
UPDATE sup_events SET dedup_key = 'reminder.report:' || plan_code || ':' || substr(dedup_key, 17)
	WHERE plan_code IS NOT NULL AND dedup_key LIKE 'reminder.report:%';
UPDATE sup_events SET link = link || '&plan=' || plan_code
	WHERE plan_code IS NOT NULL AND link LIKE '/reporting?cycle=%' AND link NOT LIKE '%plan=%';
UPDATE sup_events SET link = link || '?plan=' || plan_code
	WHERE plan_code IS NOT NULL AND (link LIKE '/reporting/%' OR link LIKE '/measures/%') AND link NOT LIKE '%?%';

CREATE TABLE cycles_0019 AS SELECT * FROM cycles;
DROP TABLE cycles;

CREATE TABLE cycles (
	id          INTEGER PRIMARY KEY,
	plan_code   TEXT NOT NULL,
	period      TEXT NOT NULL,
	deadline    TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),
	opened_at   TEXT NOT NULL,
	opened_by   TEXT NOT NULL,
	closed_at   TEXT,
	closed_by   TEXT,
	UNIQUE (plan_code, period)
);

INSERT INTO cycles (id, plan_code, period, deadline, status, opened_at, opened_by, closed_at, closed_by)
SELECT id, plan_code, period, deadline, status, opened_at, opened_by, closed_at, closed_by FROM cycles_0019 ORDER BY id;

DROP TABLE cycles_0019;
