-- The threads where a department and its reviewers talk: per department POA, or per action (optionally pointing at
-- one path of it, e.g. activity/3/target/5). Append-only.
CREATE TABLE poa_comments
(
    id             bigserial   NOT NULL PRIMARY KEY,
    poa_key        text        NOT NULL,
    department_key text        NOT NULL,
    action_key     text        NULL,
    path           text        NULL,
    author         text        NOT NULL,
    author_role    text        NOT NULL,
    at_utc         timestamptz NOT NULL,
    text           text        NOT NULL
);

CREATE INDEX ix_poa_comments_department ON poa_comments (department_key, at_utc);
CREATE INDEX ix_poa_comments_action ON poa_comments (action_key, at_utc);
