-- 0017_registry_columns: a columnar copy of the registries beside their rows, so that computing
-- the derived indicators from every record reads a registry with a few large reads instead of a
-- row at a time (docs/performance.md). Per kind, the records in row-id order in chunks of up to
-- 65,536, one BLOB per column (store/columns.c has the encodings): field -1 the row ids, every
-- other column a field without free text (dates, numbers, years, regions, enumerations, sets).
-- Every revision is kept; the current ones are read from registry_superseded, as the rows are.
-- Written in the import's own transaction. registry_columns_state says which row ids the
-- columns hold (up to last_id, in n_chunks chunks, for a field layout): a scan trusts them only
-- while last_id is the table's newest row id, and otherwise builds them again from the rows, so
-- a store from before this migration (no state) gets them at its first full computation.
-- Derived data: nothing here is a record of its own.

CREATE TABLE registry_columns (
	kind   TEXT NOT NULL,
	chunk  INTEGER NOT NULL,
	field  INTEGER NOT NULL,
	n      INTEGER NOT NULL,
	data   BLOB NOT NULL,
	PRIMARY KEY (kind, chunk, field)
);

CREATE TABLE registry_columns_state (
	kind     TEXT PRIMARY KEY,
	layout   TEXT NOT NULL,
	n_chunks INTEGER NOT NULL,
	last_id  INTEGER NOT NULL
) WITHOUT ROWID;
