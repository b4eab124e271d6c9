-- 0021_registry_rows (PostgreSQL): as sql/sqlite/0021_registry_rows.sql. Where a record's key is
-- one text field (contracts, patents, platforms, talents), rkey becomes a column generated from
-- that field (PostgreSQL stores it; SQLite's is virtual), so the writer, which no longer gives
-- rkey, is the same on both; the unique index on (rkey, revision) is built again with it.
-- created_at and created_by may be NULL in every registry table: an import leaves them NULL and
-- its rows take their batch's (import_batches). An import batch's file hash may be written when
-- the batch is closed, once, if it was not known when it was opened (a CSV read in one pass).

ALTER TABLE registry_contracts DROP COLUMN rkey;
ALTER TABLE registry_contracts ADD COLUMN rkey ctext NOT NULL GENERATED ALWAYS AS ("no") STORED;
ALTER TABLE registry_contracts ADD UNIQUE (rkey, revision);

ALTER TABLE registry_patents DROP COLUMN rkey;
ALTER TABLE registry_patents ADD COLUMN rkey ctext NOT NULL GENERATED ALWAYS AS ("no") STORED;
ALTER TABLE registry_patents ADD UNIQUE (rkey, revision);

ALTER TABLE registry_platforms DROP COLUMN rkey;
ALTER TABLE registry_platforms ADD COLUMN rkey ctext NOT NULL GENERATED ALWAYS AS ("code") STORED;
ALTER TABLE registry_platforms ADD UNIQUE (rkey, revision);

ALTER TABLE registry_talents DROP COLUMN rkey;
ALTER TABLE registry_talents ADD COLUMN rkey ctext NOT NULL GENERATED ALWAYS AS ("id_no") STORED;
ALTER TABLE registry_talents ADD UNIQUE (rkey, revision);

ALTER TABLE registry_enterprises ALTER COLUMN created_at DROP NOT NULL, ALTER COLUMN created_by DROP NOT NULL;
ALTER TABLE registry_contracts ALTER COLUMN created_at DROP NOT NULL, ALTER COLUMN created_by DROP NOT NULL;
ALTER TABLE registry_patents ALTER COLUMN created_at DROP NOT NULL, ALTER COLUMN created_by DROP NOT NULL;
ALTER TABLE registry_platforms ALTER COLUMN created_at DROP NOT NULL, ALTER COLUMN created_by DROP NOT NULL;
ALTER TABLE registry_talents ALTER COLUMN created_at DROP NOT NULL, ALTER COLUMN created_by DROP NOT NULL;
ALTER TABLE registry_firms ALTER COLUMN created_at DROP NOT NULL, ALTER COLUMN created_by DROP NOT NULL;

DROP TRIGGER import_batches_closed ON import_batches;
CREATE TRIGGER import_batches_closed BEFORE UPDATE ON import_batches FOR EACH ROW
	WHEN (OLD.closed_at IS NOT NULL OR NEW.closed_at IS NULL OR NEW.id IS DISTINCT FROM OLD.id
	      OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.created_by IS DISTINCT FROM OLD.created_by
	      OR NEW.source_file IS DISTINCT FROM OLD.source_file
	      OR (OLD.file_sha256 IS NOT NULL AND NEW.file_sha256 IS DISTINCT FROM OLD.file_sha256))
	EXECUTE FUNCTION innomon_refuse('import batches are a record: a batch is closed once, then never changed');
