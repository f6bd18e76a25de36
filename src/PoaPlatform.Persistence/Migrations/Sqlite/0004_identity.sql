-- Who uses the platform and for which municipality: municipalities and the years opened for them, accounts, API
-- tokens (only a hash of the secret), sign-in events, and the DataProtection key ring. Times are ISO-8601 UTC text of
-- fixed width ('yyyy-MM-ddTHH:mm:ss.fffffffZ'); booleans are 0/1.
CREATE TABLE poa_municipalities
(
    slug       TEXT NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL,
    state      TEXT NOT NULL,
    inegi_code TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE poa_years
(
    municipality TEXT    NOT NULL REFERENCES poa_municipalities (slug),
    year         INTEGER NOT NULL,
    opened_at    TEXT    NOT NULL,
    opened_by    TEXT    NOT NULL,
    PRIMARY KEY (municipality, year)
);

CREATE TABLE poa_users
(
    id                   TEXT    NOT NULL PRIMARY KEY,
    email                TEXT    NOT NULL UNIQUE,
    display_name         TEXT    NOT NULL,
    municipality         TEXT    NOT NULL,
    department           TEXT    NULL,
    role                 TEXT    NOT NULL,
    active               INTEGER NOT NULL,
    password_hash        TEXT    NULL,
    failed_attempts      INTEGER NOT NULL,
    lockout_end          TEXT    NULL,
    must_change_password INTEGER NOT NULL,
    security_stamp       TEXT    NOT NULL,
    external_subject     TEXT    NULL UNIQUE,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL
);

CREATE INDEX ix_poa_users_municipality ON poa_users (municipality, email);

CREATE TABLE poa_api_tokens
(
    id           TEXT NOT NULL PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES poa_users (id),
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL UNIQUE,
    secret_hash  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT NULL,
    last_used_at TEXT NULL
);

CREATE INDEX ix_poa_api_tokens_user ON poa_api_tokens (user_id, created_at);

CREATE TABLE poa_account_events
(
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    at_utc         TEXT    NOT NULL,
    municipality   TEXT    NOT NULL,
    email          TEXT    NOT NULL,
    event          TEXT    NOT NULL,
    client_address TEXT    NOT NULL,
    detail         TEXT    NOT NULL
);

CREATE INDEX ix_poa_account_events_municipality ON poa_account_events (municipality, at_utc DESC);

CREATE TABLE poa_dataprotection_keys
(
    id         TEXT NOT NULL PRIMARY KEY,
    xml        TEXT NOT NULL,
    created_at TEXT NOT NULL
);
