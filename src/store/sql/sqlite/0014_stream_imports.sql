-- 0014_stream_imports: what a streamed import needs. An import reads and writes its file row by
-- row in one transaction, so it knows its counts only at the end: its import_batches row is
-- opened first (closed_at NULL, counts 0) and closed once, in the same transaction, with the
-- counts; a closed batch never changes again (the trigger below replaces 0002's). Nobody else
-- ever sees an open batch: the transaction commits with it closed or not at all.
-- Each registry revision keeps the line of the file it came from (NULL before this
-- migration), so a key given twice in one file names both rows, and a record its origin.
-- registry_superseded lists every revision a later revision of its key replaced, so the
-- current records are read with one scan instead of a look-up per row.

DROP TRIGGER import_batches_no_update;
ALTER TABLE import_batches ADD COLUMN closed_at TEXT;
UPDATE import_batches SET closed_at = created_at;
CREATE TRIGGER import_batches_closed BEFORE UPDATE ON import_batches
WHEN OLD.closed_at IS NOT NULL OR NEW.closed_at IS NULL OR NEW.id IS NOT OLD.id
  OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
  OR NEW.source_file IS NOT OLD.source_file OR NEW.file_sha256 IS NOT OLD.file_sha256
BEGIN
	SELECT RAISE(ABORT, 'import batches are a record: a batch is closed once, then never changed');
END;

ALTER TABLE registry_enterprises ADD COLUMN line INTEGER;
ALTER TABLE registry_contracts ADD COLUMN line INTEGER;
ALTER TABLE registry_patents ADD COLUMN line INTEGER;
ALTER TABLE registry_platforms ADD COLUMN line INTEGER;
ALTER TABLE registry_talents ADD COLUMN line INTEGER;
ALTER TABLE registry_firms ADD COLUMN line INTEGER;

CREATE TABLE registry_superseded (
	kind TEXT NOT NULL,
	id   INTEGER NOT NULL,   -- the row id of the replaced revision in registry_<kind>
	PRIMARY KEY (kind, id)
) WITHOUT ROWID;
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
CREATE TRIGGER registry_superseded_no_update BEFORE UPDATE ON registry_superseded
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: write a new revision'); END;
CREATE TRIGGER registry_superseded_no_delete BEFORE DELETE ON registry_superseded
BEGIN SELECT RAISE(ABORT, 'registry records are append-only: nothing is deleted'); END;
CREATE TRIGGER import_batches_closed_no_delete BEFORE DELETE ON import_batches
WHEN OLD.closed_at IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'import batches are a record: they are not deleted');
END;
