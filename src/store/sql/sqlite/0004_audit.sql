-- 0004_audit: the audit trail. One row per state change: who, when, from where, what, before
-- and after. Rows are hash-chained (hash = SHA-256 over the previous hash and this row's
-- fields), so changing or removing any row by hand is detected by `innomon audit verify`.
-- Triggers forbid UPDATE and DELETE through SQL.

CREATE TABLE audit_events (
	id          INTEGER PRIMARY KEY,
	at          TEXT NOT NULL,
	actor       TEXT NOT NULL,
	actor_id    INTEGER,
	ip          TEXT,
	action      TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id   TEXT,
	before_json TEXT,
	after_json  TEXT,
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL UNIQUE
);

CREATE INDEX audit_by_actor ON audit_events (actor, id);
CREATE INDEX audit_by_action ON audit_events (action, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
