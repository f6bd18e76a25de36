-- Evidence of progress reports: files and links per action, activity and month. The rows say what each item is, who
-- added it, when, and the reviewer's verdict; a file's bytes live in poa_evidence_content (or, when configured, in an
-- S3-compatible object store under content_key), never in grain state. poa_evidence_events is the item's audit trail
-- (added, deleted, reviewed), kept after the item is deleted. Times are timestamptz.
CREATE TABLE poa_evidence
(
    id             bigserial   NOT NULL PRIMARY KEY,
    poa_key        text        NOT NULL,
    department_key text        NOT NULL,
    action_key     text        NOT NULL,
    activity_id    integer     NOT NULL,
    month          integer     NOT NULL,
    kind           text        NOT NULL,
    content_key    text        NULL,
    file_name      text        NULL,
    content_type   text        NULL,
    size_bytes     bigint      NULL,
    sha256         text        NULL,
    url            text        NULL,
    title          text        NULL,
    uploaded_by    text        NOT NULL,
    uploaded_at    timestamptz NOT NULL,
    status         text        NOT NULL,
    reviewed_by    text        NULL,
    reviewed_at    timestamptz NULL,
    review_comment text        NULL
);

CREATE INDEX ix_poa_evidence_action ON poa_evidence (action_key, activity_id, month);
CREATE INDEX ix_poa_evidence_department ON poa_evidence (department_key);

CREATE TABLE poa_evidence_content
(
    content_key text NOT NULL PRIMARY KEY,
    content     bytea NOT NULL
);

CREATE TABLE poa_evidence_events
(
    id             bigserial   NOT NULL PRIMARY KEY,
    evidence_id    bigint      NOT NULL,
    poa_key        text        NOT NULL,
    department_key text        NOT NULL,
    action_key     text        NOT NULL,
    path           text        NOT NULL,
    at_utc         timestamptz NOT NULL,
    user_name      text        NOT NULL,
    command        text        NOT NULL,
    old_value      text        NULL,
    new_value      text        NULL
);

CREATE INDEX ix_poa_evidence_events_action ON poa_evidence_events (action_key, at_utc);
CREATE INDEX ix_poa_evidence_events_department ON poa_evidence_events (department_key, at_utc);
CREATE INDEX ix_poa_evidence_events_poa ON poa_evidence_events (poa_key, at_utc);
