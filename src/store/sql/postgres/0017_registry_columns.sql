-- 0017_registry_columns: the twin of sqlite/0017_registry_columns.sql, so both back ends have
-- the same tables (store_copy copies every table). PostgreSQL keeps no columns: its full
-- computations read the rows (store/columns.c says why), so these tables stay empty here, and
-- a store copied to SQLite has its columns built again from the rows (no state, or a state
-- whose last_id is not the table's newest row).

CREATE TABLE registry_columns (
	kind   TEXT NOT NULL,
	chunk  BIGINT NOT NULL,
	field  INTEGER NOT NULL,
	n      BIGINT NOT NULL,
	data   BYTEA NOT NULL,
	PRIMARY KEY (kind, chunk, field)
);

CREATE TABLE registry_columns_state (
	kind     TEXT PRIMARY KEY,
	layout   TEXT NOT NULL,
	n_chunks BIGINT NOT NULL,
	last_id  BIGINT NOT NULL
);
