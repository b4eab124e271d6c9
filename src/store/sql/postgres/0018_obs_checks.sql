-- 0018_obs_checks (PostgreSQL): as sql/sqlite/0018_obs_checks.sql, which writes observations'
-- checks of qualifier and status as comparisons because SQLite builds a temporary index of an IN
-- list for every row. PostgreSQL evaluates `IN (...)` as the same comparisons: nothing changes.
SELECT 1;
