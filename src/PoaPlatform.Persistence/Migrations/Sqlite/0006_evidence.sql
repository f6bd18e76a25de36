-- Evidence of progress reports: files and links per action, activity and month. The rows say what each item is, who
-- added it, when, and the reviewer's verdict; a file's bytes live in poa_evidence_content (or, when configured, in an
-- S3-compatible object store under content_key), never in grain state. poa_evidence_events is the item's audit trail
-- (added, deleted, reviewed), kept after the item is deleted. Times are fixed-width ISO-8601 UTC text.
CREATE TABLE poa_evidence
(
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    poa_key        TEXT    NOT NULL,
    department_key TEXT    NOT NULL,
    action_key     TEXT    NOT NULL,
    activity_id    INTEGER NOT NULL,
    month          INTEGER NOT NULL,
    kind           TEXT    NOT NULL,
    content_key    TEXT    NULL,
    file_name      TEXT    NULL,
    content_type   TEXT    NULL,
    size_bytes     INTEGER NULL,
    sha256         TEXT    NULL,
    url            TEXT    NULL,
    title          TEXT    NULL,
    uploaded_by    TEXT    NOT NULL,
    uploaded_at    TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    reviewed_by    TEXT    NULL,
    reviewed_at    TEXT    NULL,
    review_comment TEXT    NULL
);

CREATE INDEX ix_poa_evidence_action ON poa_evidence (action_key, activity_id, month);
CREATE INDEX ix_poa_evidence_department ON poa_evidence (department_key);

CREATE TABLE poa_evidence_content
(
    content_key TEXT NOT NULL PRIMARY KEY,
    content     BLOB NOT NULL
);

CREATE TABLE poa_evidence_events
(
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    evidence_id    INTEGER NOT NULL,
    poa_key        TEXT    NOT NULL,
    department_key TEXT    NOT NULL,
    action_key     TEXT    NOT NULL,
    path           TEXT    NOT NULL,
    at_utc         TEXT    NOT NULL,
    user_name      TEXT    NOT NULL,
    command        TEXT    NOT NULL,
    old_value      TEXT    NULL,
    new_value      TEXT    NULL
);

CREATE INDEX ix_poa_evidence_events_action ON poa_evidence_events (action_key, at_utc);
CREATE INDEX ix_poa_evidence_events_department ON poa_evidence_events (department_key, at_utc);
CREATE INDEX ix_poa_evidence_events_poa ON poa_evidence_events (poa_key, at_utc);
