-- 0014_stream_imports (PostgreSQL): what a streamed import needs, as
-- sql/sqlite/0012_stream_imports.sql. An import batch is opened first (closed_at NULL, counts 0)
-- and closed once, in the same transaction, with its counts; a closed batch never changes again.
-- Each registry revision keeps the line of the file it came from; registry_superseded lists
-- every revision a later revision of its key replaced, so current records are one scan.

DROP TRIGGER import_batches_no_update ON import_batches;
ALTER TABLE import_batches ADD COLUMN closed_at ctext;
UPDATE import_batches SET closed_at = created_at;
CREATE TRIGGER import_batches_closed BEFORE UPDATE ON import_batches FOR EACH ROW
	WHEN (OLD.closed_at IS NOT NULL OR NEW.closed_at IS NULL OR NEW.id IS DISTINCT FROM OLD.id
	      OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.created_by IS DISTINCT FROM OLD.created_by
	      OR NEW.source_file IS DISTINCT FROM OLD.source_file OR NEW.file_sha256 IS DISTINCT FROM OLD.file_sha256)
	EXECUTE FUNCTION innomon_refuse('import batches are a record: a batch is closed once, then never changed');
CREATE TRIGGER import_batches_closed_no_delete BEFORE DELETE ON import_batches FOR EACH ROW
	WHEN (OLD.closed_at IS NOT NULL)
	EXECUTE FUNCTION innomon_refuse('import batches are a record: they are not deleted');

ALTER TABLE registry_enterprises ADD COLUMN line INTEGER;
ALTER TABLE registry_contracts ADD COLUMN line INTEGER;
ALTER TABLE registry_patents ADD COLUMN line INTEGER;
ALTER TABLE registry_platforms ADD COLUMN line INTEGER;
ALTER TABLE registry_talents ADD COLUMN line INTEGER;
ALTER TABLE registry_firms ADD COLUMN line INTEGER;

CREATE TABLE registry_superseded (
	kind ctext NOT NULL,
	id   BIGINT NOT NULL,   -- the row id of the replaced revision in registry_<kind>
	PRIMARY KEY (kind, id)
);
INSERT INTO registry_superseded SELECT 'enterprises', o.id FROM registry_enterprises o
	WHERE EXISTS (SELECT 1 FROM registry_enterprises i WHERE i.rkey = o.rkey AND i.revision > o.revision);
INSERT INTO registry_superseded SELECT 'contracts', o.id FROM registry_contracts o
	WHERE EXISTS (SELECT 1 FROM registry_contracts i WHERE i.rkey = o.rkey AND i.revision > o.revision);
INSERT INTO registry_superseded SELECT 'patents', o.id FROM registry_patents o
	WHERE EXISTS (SELECT 1 FROM registry_patents i WHERE i.rkey = o.rkey AND i.revision > o.revision);
INSERT INTO registry_superseded SELECT 'platforms', o.id FROM registry_platforms o
	WHERE EXISTS (SELECT 1 FROM registry_platforms i WHERE i.rkey = o.rkey AND i.revision > o.revision);
INSERT INTO registry_superseded SELECT 'talents', o.id FROM registry_talents o
	WHERE EXISTS (SELECT 1 FROM registry_talents i WHERE i.rkey = o.rkey AND i.revision > o.revision);
INSERT INTO registry_superseded SELECT 'firms', o.id FROM registry_firms o
	WHERE EXISTS (SELECT 1 FROM registry_firms i WHERE i.rkey = o.rkey AND i.revision > o.revision);
CREATE TRIGGER registry_superseded_no_update BEFORE UPDATE ON registry_superseded FOR EACH ROW
	EXECUTE FUNCTION innomon_refuse('registry records are append-only: write a new revision');
CREATE TRIGGER registry_superseded_no_delete BEFORE DELETE ON registry_superseded FOR EACH ROW
	EXECUTE FUNCTION innomon_refuse('registry records are append-only: nothing is deleted');
