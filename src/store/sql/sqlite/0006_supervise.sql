-- 0006_supervise: task supervision (任务跟踪督办). Milestones under measures; reporting cycles
-- with the duties (measure x unit) owed in each, fixed when the cycle opens; progress reports,
-- append-only like observations (a save, a submission, an approval or a return is a new
-- revision; nothing a unit wrote is lost); evidence files kept in the store; 督办 notices raised
-- by rules (data, editable) or by hand, with replies (append-only) and escalation; events that
-- feed every user's inbox and the webhook outbox, whose deliveries are claimed atomically so
-- that several servers never send one twice. Times are UTC text YYYY-MM-DDTHH:MM:SSZ.

CREATE TABLE milestones (
	id             INTEGER PRIMARY KEY,
	plan_code      TEXT NOT NULL,
	code           TEXT NOT NULL,
	measure        INTEGER NOT NULL,
	title_zh       TEXT NOT NULL,
	title_en       TEXT,
	owner          TEXT NOT NULL REFERENCES code_unit(code),
	due_date       TEXT NOT NULL,
	deliverable_zh TEXT,
	indicators     TEXT,
	done_on        TEXT,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	updated_by     TEXT NOT NULL,
	UNIQUE (plan_code, code)
);

CREATE TABLE cycles (
	id          INTEGER PRIMARY KEY,
	plan_code   TEXT NOT NULL,
	period      TEXT NOT NULL UNIQUE,
	deadline    TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),
	opened_at   TEXT NOT NULL,
	opened_by   TEXT NOT NULL,
	closed_at   TEXT,
	closed_by   TEXT
);

CREATE TABLE cycle_duties (
	cycle_id    INTEGER NOT NULL REFERENCES cycles(id),
	measure     INTEGER NOT NULL,
	unit        TEXT NOT NULL REFERENCES code_unit(code),
	role        TEXT NOT NULL CHECK (role IN ('lead', 'co')),
	PRIMARY KEY (cycle_id, measure, unit)
) WITHOUT ROWID;

CREATE TABLE reports (
	id          INTEGER PRIMARY KEY,
	cycle_id    INTEGER NOT NULL,
	measure     INTEGER NOT NULL,
	unit        TEXT NOT NULL,
	revision    INTEGER NOT NULL CHECK (revision >= 1),
	state       TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'returned')),
	progress    TEXT NOT NULL CHECK (progress IN ('not_started', 'on_track', 'delayed', 'done')),
	narrative   TEXT NOT NULL,
	figures     TEXT NOT NULL DEFAULT '[]',
	reason      TEXT,
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	UNIQUE (cycle_id, measure, unit, revision),
	FOREIGN KEY (cycle_id, measure, unit) REFERENCES cycle_duties(cycle_id, measure, unit)
);

CREATE TRIGGER reports_no_update BEFORE UPDATE ON reports
BEGIN
	SELECT RAISE(ABORT, 'reports are append-only: write a new revision');
END;

CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports
BEGIN
	SELECT RAISE(ABORT, 'reports are append-only: nothing is deleted');
END;

CREATE TABLE evidence (
	id           INTEGER PRIMARY KEY,
	cycle_id     INTEGER NOT NULL,
	measure      INTEGER NOT NULL,
	unit         TEXT NOT NULL,
	file_name    TEXT NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('pdf', 'png', 'jpeg', 'docx', 'xlsx', 'doc', 'xls')),
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL CHECK (size > 0),
	sha256       TEXT NOT NULL,
	content      BLOB NOT NULL,
	created_at   TEXT NOT NULL,
	created_by   TEXT NOT NULL,
	user_id      INTEGER REFERENCES users(id),
	FOREIGN KEY (cycle_id, measure, unit) REFERENCES cycle_duties(cycle_id, measure, unit)
);

CREATE INDEX evidence_by_report ON evidence (cycle_id, measure, unit);

CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence
BEGIN
	SELECT RAISE(ABORT, 'evidence files are kept as uploaded');
END;

CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
BEGIN
	SELECT RAISE(ABORT, 'evidence files are kept as uploaded');
END;

CREATE TABLE notice_rules (
	code          TEXT PRIMARY KEY,
	kind          TEXT NOT NULL CHECK (kind IN ('report_missing', 'milestone_overdue', 'indicator_off_track')),
	name_zh       TEXT NOT NULL,
	name_en       TEXT NOT NULL,
	is_enabled    INTEGER NOT NULL CHECK (is_enabled IN (0, 1)),
	grace_days    INTEGER NOT NULL CHECK (grace_days BETWEEN 0 AND 365),
	reply_days    INTEGER NOT NULL CHECK (reply_days BETWEEN 1 AND 365),
	escalate_days INTEGER NOT NULL CHECK (escalate_days BETWEEN 0 AND 365),
	periods       INTEGER NOT NULL CHECK (periods BETWEEN 1 AND 12),
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL
);

INSERT INTO notice_rules VALUES
	('report-missing', 'report_missing', '进展报告逾期未报', 'Progress report missing at the deadline', 1, 0, 5, 0, 1,
	 '2024-01-01T00:00:00Z', 'migration'),
	('milestone-overdue', 'milestone_overdue', '里程碑逾期未完成', 'Milestone overdue', 1, 0, 10, 0, 1,
	 '2024-01-01T00:00:00Z', 'migration'),
	('indicator-off-track', 'indicator_off_track', '关联指标连续两期进度滞后', 'Linked indicator off track two periods running', 1, 0, 15, 0, 2,
	 '2024-01-01T00:00:00Z', 'migration');

CREATE TABLE notices (
	id           INTEGER PRIMARY KEY,
	rule_code    TEXT REFERENCES notice_rules(code),
	dedup_key    TEXT UNIQUE,
	unit         TEXT NOT NULL REFERENCES code_unit(code),
	measure      INTEGER NOT NULL,
	period       TEXT NOT NULL,
	cycle_id     INTEGER REFERENCES cycles(id),
	milestone_id INTEGER REFERENCES milestones(id),
	indicator    TEXT,
	region       TEXT,
	subject      TEXT NOT NULL,
	body         TEXT,
	level        INTEGER NOT NULL CHECK (level IN (1, 2)),
	status       TEXT NOT NULL CHECK (status IN ('open', 'answered', 'escalated', 'closed')),
	reply_due    TEXT NOT NULL,
	raised_at    TEXT NOT NULL,
	raised_by    TEXT NOT NULL,
	answered_at  TEXT,
	escalated_at TEXT,
	closed_at    TEXT,
	closed_by    TEXT,
	close_note   TEXT
);

CREATE INDEX notices_by_unit ON notices (unit, status);
CREATE INDEX notices_by_period ON notices (period, unit);

CREATE TABLE notice_replies (
	id          INTEGER PRIMARY KEY,
	notice_id   INTEGER NOT NULL REFERENCES notices(id),
	body        TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	user_id     INTEGER REFERENCES users(id)
);

CREATE TRIGGER notice_replies_no_update BEFORE UPDATE ON notice_replies
BEGIN
	SELECT RAISE(ABORT, 'replies are kept as written');
END;

CREATE TRIGGER notice_replies_no_delete BEFORE DELETE ON notice_replies
BEGIN
	SELECT RAISE(ABORT, 'replies are kept as written');
END;

CREATE TABLE sup_events (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL,
	dedup_key   TEXT UNIQUE,
	object_type TEXT NOT NULL,
	object_id   TEXT,
	unit        TEXT,
	measure     INTEGER,
	period      TEXT,
	link        TEXT,
	text        TEXT,
	created_at  TEXT NOT NULL
);

CREATE TABLE notifications (
	id          INTEGER PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users(id),
	event_id    INTEGER NOT NULL REFERENCES sup_events(id),
	created_at  TEXT NOT NULL,
	read_at     TEXT,
	UNIQUE (user_id, event_id)
);

CREATE INDEX notifications_by_user ON notifications (user_id, read_at);

CREATE TABLE webhook_deliveries (
	id              INTEGER PRIMARY KEY,
	event_id        INTEGER NOT NULL UNIQUE REFERENCES sup_events(id),
	payload         TEXT NOT NULL,
	status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed', 'skipped')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,
	claimed_by      TEXT,
	claimed_at      TEXT,
	url             TEXT,
	signature       TEXT,
	last_status     INTEGER,
	last_error      TEXT,
	created_at      TEXT NOT NULL,
	delivered_at    TEXT
);

CREATE INDEX webhook_due ON webhook_deliveries (status, next_attempt_at);
