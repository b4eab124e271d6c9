-- 0009_obs_sources: who published an observation's figure, in which publication and when, so
-- a figure can be cited: publisher and title as the source names them, published as precise
-- as the source gives it (YYYY-MM-DD, YYYY-MM or YYYY). source stays the quoted sentence or
-- table row and source_url the original's address. Rows written before this migration have
-- NULL in all three. Observations stay append-only (0002's triggers).

ALTER TABLE observations ADD COLUMN publisher TEXT;
ALTER TABLE observations ADD COLUMN title TEXT;
ALTER TABLE observations ADD COLUMN published TEXT CHECK (published IS NULL
	OR published GLOB '[12][0-9][0-9][0-9]'
	OR published GLOB '[12][0-9][0-9][0-9]-[01][0-9]'
	OR published GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
