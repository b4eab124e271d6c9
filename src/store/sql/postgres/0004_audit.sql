-- 0004_audit (PostgreSQL): the hash-chained audit trail, as sql/sqlite/0004_audit.sql. Ids are
-- the chain's own (written by the store, one writer at a time), not an identity column.

CREATE TABLE audit_events (
	id          BIGINT PRIMARY KEY,
	at          ctext NOT NULL,
	actor       ctext NOT NULL,
	actor_id    BIGINT,
	ip          ctext,
	action      ctext NOT NULL,
	object_type ctext NOT NULL,
	object_id   ctext,
	before_json ctext,
	after_json  ctext,
	prev_hash   ctext NOT NULL,
	hash        ctext NOT NULL UNIQUE
);

CREATE INDEX audit_by_actor ON audit_events (actor, id);
CREATE INDEX audit_by_action ON audit_events (action, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW
	EXECUTE FUNCTION innomon_refuse('the audit trail is append-only');
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT
	EXECUTE FUNCTION innomon_refuse('the audit trail is append-only');
