-- 0022_notice_plan: a notice names its plan. 0020 added notices.plan_code as NOT NULL DEFAULT ''
-- here (SQLite adds a NOT NULL column only with a default) and NOT NULL without a default on
-- PostgreSQL, so an insert that left the plan out stored an orphan '' here and failed there.
-- Both back ends now refuse a notice, new or changed, whose plan is empty: triggers here, a
-- CHECK there. (0020 gave every stored notice a plan.)

CREATE TRIGGER notices_plan_named BEFORE INSERT ON notices
WHEN NEW.plan_code = ''
BEGIN
	SELECT RAISE(ABORT, 'a notice names its plan');
END;

CREATE TRIGGER notices_plan_named_update BEFORE UPDATE OF plan_code ON notices
WHEN NEW.plan_code = ''
BEGIN
	SELECT RAISE(ABORT, 'a notice names its plan');
END;
