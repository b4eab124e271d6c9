-- 0008_target_proxies: a target may name a stand-in region whose figure decides its final
-- verdict provisionally when the target region has no figure for the target year (the three
-- cities' sum standing for a zone), with the reason in words. NULL when the target has none.
ALTER TABLE pv_targets ADD COLUMN proxy_region TEXT;
ALTER TABLE pv_targets ADD COLUMN proxy_note_zh TEXT;
ALTER TABLE pv_targets ADD COLUMN proxy_note_en TEXT;
