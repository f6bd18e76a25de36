-- Append-only audit trail of POA edits; at_utc is ISO-8601 UTC text with a fixed width
-- ('yyyy-MM-ddTHH:mm:ss.fffffffZ') so it sorts chronologically. Re-appending is a no-op (INSERT OR IGNORE).
CREATE TABLE poa_audit
(
    action_key      TEXT    NOT NULL,
    department_key  TEXT    NOT NULL,
    poa_key         TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    at_utc          TEXT    NOT NULL,
    user_name       TEXT    NOT NULL,
    user_department TEXT    NOT NULL,
    command         TEXT    NOT NULL,
    field           TEXT    NOT NULL,
    old_value       TEXT    NULL,
    new_value       TEXT    NULL,
    PRIMARY KEY (action_key, version, seq)
);

CREATE INDEX ix_poa_audit_action_newest ON poa_audit (action_key, at_utc DESC, version DESC, seq DESC);
CREATE INDEX ix_poa_audit_department_newest ON poa_audit (department_key, at_utc DESC, version DESC, seq DESC);
CREATE INDEX ix_poa_audit_poa_newest ON poa_audit (poa_key, at_utc DESC, version DESC, seq DESC);
CREATE INDEX ix_poa_audit_newest ON poa_audit (at_utc DESC, version DESC, seq DESC);
