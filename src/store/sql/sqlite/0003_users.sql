-- 0003_users: users and roles, sessions and API tokens (stored as SHA-256 of the secret, so
-- a copy of the store gives no one a way in, and several servers share them), and sign-in
-- attempts for throttling.

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL UNIQUE,
	display_name  TEXT,
	role          TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'unit_reporter', 'region_reporter', 'reader')),
	unit          TEXT REFERENCES code_unit(code),
	region        TEXT REFERENCES code_region(code),
	password_hash TEXT NOT NULL,
	must_change_password INTEGER NOT NULL DEFAULT 0,
	is_disabled   INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	CHECK ((role = 'unit_reporter') = (unit IS NOT NULL)),
	CHECK ((role = 'region_reporter') = (region IS NOT NULL))
);

CREATE TABLE sessions (
	token_hash    TEXT PRIMARY KEY,
	user_id       INTEGER NOT NULL REFERENCES users(id),
	csrf_token    TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	last_seen_at  TEXT NOT NULL,
	expires_at    TEXT NOT NULL,
	revoked_at    TEXT,
	ip            TEXT
) WITHOUT ROWID;

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id            INTEGER PRIMARY KEY,
	token_hash    TEXT NOT NULL UNIQUE,
	user_id       INTEGER NOT NULL REFERENCES users(id),
	name          TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	expires_at    TEXT,
	revoked_at    TEXT,
	last_used_at  TEXT
);

CREATE TABLE signin_attempts (
	id    INTEGER PRIMARY KEY,
	name  TEXT NOT NULL,
	ip    TEXT NOT NULL,
	at    TEXT NOT NULL,
	ok    INTEGER NOT NULL
);

CREATE INDEX signin_attempts_by_name ON signin_attempts (name, at);
CREATE INDEX signin_attempts_by_ip ON signin_attempts (ip, at);
