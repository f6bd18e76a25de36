-- Append-only audit trail of POA edits. (action_key, version, seq) identifies one field change of one command,
-- so re-appending the same records is a no-op (ON CONFLICT DO NOTHING).
CREATE TABLE poa_audit
(
    action_key      text        NOT NULL,
    department_key  text        NOT NULL,
    poa_key         text        NOT NULL,
    version         bigint      NOT NULL,
    seq             integer     NOT NULL,
    at_utc          timestamptz NOT NULL,
    user_name       text        NOT NULL,
    user_department text        NOT NULL,
    command         text        NOT NULL,
    field           text        NOT NULL,
    old_value       text        NULL,
    new_value       text        NULL,
    PRIMARY KEY (action_key, version, seq)
);

CREATE INDEX ix_poa_audit_action_newest ON poa_audit (action_key, at_utc DESC, version DESC, seq DESC);
CREATE INDEX ix_poa_audit_department_newest ON poa_audit (department_key, at_utc DESC, version DESC, seq DESC);
CREATE INDEX ix_poa_audit_poa_newest ON poa_audit (poa_key, at_utc DESC, version DESC, seq DESC);
CREATE INDEX ix_poa_audit_newest ON poa_audit (at_utc DESC, version DESC, seq DESC);
