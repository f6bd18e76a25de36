-- The threads where a department and its reviewers talk: per department POA, or per action (optionally pointing at
-- one path of it). Append-only; at_utc is fixed-width ISO-8601 UTC text.
CREATE TABLE poa_comments
(
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    poa_key        TEXT    NOT NULL,
    department_key TEXT    NOT NULL,
    action_key     TEXT    NULL,
    path           TEXT    NULL,
    author         TEXT    NOT NULL,
    author_role    TEXT    NOT NULL,
    at_utc         TEXT    NOT NULL,
    text           TEXT    NOT NULL
);

CREATE INDEX ix_poa_comments_department ON poa_comments (department_key, at_utc);
CREATE INDEX ix_poa_comments_action ON poa_comments (action_key, at_utc);
