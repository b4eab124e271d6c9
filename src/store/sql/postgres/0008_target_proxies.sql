-- 0008_target_proxies (PostgreSQL): a target may name a stand-in region whose figure decides its
-- final verdict provisionally, with the reason in words; as sql/sqlite/0008_target_proxies.sql.
ALTER TABLE pv_targets ADD COLUMN proxy_region ctext;
ALTER TABLE pv_targets ADD COLUMN proxy_note_zh ctext;
ALTER TABLE pv_targets ADD COLUMN proxy_note_en ctext;
