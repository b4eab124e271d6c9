-- 0005_uploads: files uploaded for import, kept in the store (not in a server's memory or
-- disk) so that the dry run and the commit may be served by different servers.

CREATE TABLE uploads (
	id           INTEGER PRIMARY KEY,
	created_at   TEXT NOT NULL,
	created_by   TEXT NOT NULL,
	user_id      INTEGER REFERENCES users(id),
	file_name    TEXT NOT NULL,
	sheet        TEXT,
	encoding     TEXT,
	sha256       TEXT NOT NULL,
	content      BLOB NOT NULL,
	committed_at TEXT,
	batch_id     INTEGER REFERENCES import_batches(id)
);
