-- 0012_plan_texts (PostgreSQL twin of sql/sqlite/0012_plan_texts.sql): what the pages people
-- look for need from a plan, NULL when it does not give them. A region's place on the map (its
-- boundary's key in data/geo/, a point for a region too small to draw); a unit's abbreviations;
-- a measure's text in English; an indicator's metadata (method, publisher, release).
ALTER TABLE pv_regions ADD COLUMN geo ctext;
ALTER TABLE pv_regions ADD COLUMN lon DOUBLE PRECISION;
ALTER TABLE pv_regions ADD COLUMN lat DOUBLE PRECISION;
ALTER TABLE pv_units ADD COLUMN short_zh ctext;
ALTER TABLE pv_units ADD COLUMN short_en ctext;
ALTER TABLE pv_measures ADD COLUMN text_en ctext;
ALTER TABLE pv_indicators ADD COLUMN method_zh ctext;
ALTER TABLE pv_indicators ADD COLUMN method_en ctext;
ALTER TABLE pv_indicators ADD COLUMN source_zh ctext;
ALTER TABLE pv_indicators ADD COLUMN source_en ctext;
ALTER TABLE pv_indicators ADD COLUMN release_zh ctext;
ALTER TABLE pv_indicators ADD COLUMN release_en ctext;
