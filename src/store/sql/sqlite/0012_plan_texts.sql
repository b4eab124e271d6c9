-- 0012_plan_texts: what the pages people look for need from a plan, NULL when it does not give
-- them. A region's place on the map (its boundary's key in data/geo/, the national division
-- code, and a point for a region too small to draw); a unit's abbreviations for tables with a
-- legend; a measure's text in English; an indicator's metadata (how the figure is made, who
-- publishes it, when it comes out).
ALTER TABLE pv_regions ADD COLUMN geo TEXT;
ALTER TABLE pv_regions ADD COLUMN lon REAL;
ALTER TABLE pv_regions ADD COLUMN lat REAL;
ALTER TABLE pv_units ADD COLUMN short_zh TEXT;
ALTER TABLE pv_units ADD COLUMN short_en TEXT;
ALTER TABLE pv_measures ADD COLUMN text_en TEXT;
ALTER TABLE pv_indicators ADD COLUMN method_zh TEXT;
ALTER TABLE pv_indicators ADD COLUMN method_en TEXT;
ALTER TABLE pv_indicators ADD COLUMN source_zh TEXT;
ALTER TABLE pv_indicators ADD COLUMN source_en TEXT;
ALTER TABLE pv_indicators ADD COLUMN release_zh TEXT;
ALTER TABLE pv_indicators ADD COLUMN release_en TEXT;
