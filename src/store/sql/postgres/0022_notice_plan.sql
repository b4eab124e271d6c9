-- 0022_notice_plan (PostgreSQL): a notice names its plan, as sql/sqlite/0022 says, and is
-- refused alike: NOT NULL already refuses a notice without one; these triggers refuse an empty
-- plan too, which SQLite's default had let in there. (0020 gave every stored notice a plan.)

CREATE TRIGGER notices_plan_named BEFORE INSERT ON notices FOR EACH ROW
	WHEN (NEW.plan_code = '')
	EXECUTE FUNCTION innomon_refuse('a notice names its plan');

CREATE TRIGGER notices_plan_named_update BEFORE UPDATE OF plan_code ON notices FOR EACH ROW
	WHEN (NEW.plan_code = '')
	EXECUTE FUNCTION innomon_refuse('a notice names its plan');
