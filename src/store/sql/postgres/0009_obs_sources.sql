-- 0009_obs_sources (PostgreSQL): who published an observation's figure, in which publication and
-- when, as sql/sqlite/0009_obs_sources.sql; published as precise as the source gives it
-- (YYYY-MM-DD, YYYY-MM or YYYY).

ALTER TABLE observations ADD COLUMN publisher ctext;
ALTER TABLE observations ADD COLUMN title ctext;
ALTER TABLE observations ADD COLUMN published ctext CHECK (published IS NULL
	OR published ~ '^[12][0-9]{3}$'
	OR published ~ '^[12][0-9]{3}-[01][0-9]$'
	OR published ~ '^[12][0-9]{3}-[01][0-9]-[0-3][0-9]$');
