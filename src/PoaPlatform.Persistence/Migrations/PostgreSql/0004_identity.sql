-- Who uses the platform and for which municipality: municipalities and the years opened for them, accounts, API
-- tokens (only a hash of the secret), sign-in events, and the DataProtection key ring that every replica shares (so a
-- cookie issued by one silo is valid on the others). Never in grain state.
CREATE TABLE poa_municipalities
(
    slug       text        NOT NULL PRIMARY KEY,
    name       text        NOT NULL,
    state      text        NOT NULL,
    inegi_code text        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE poa_years
(
    municipality text        NOT NULL REFERENCES poa_municipalities (slug),
    year         integer     NOT NULL,
    opened_at    timestamptz NOT NULL,
    opened_by    text        NOT NULL,
    PRIMARY KEY (municipality, year)
);

-- municipality '' and role superadmin: an operator of the whole deployment. role '': waiting for an admin (single
-- sign-on). email is stored lower case.
CREATE TABLE poa_users
(
    id                   text        NOT NULL PRIMARY KEY,
    email                text        NOT NULL UNIQUE,
    display_name         text        NOT NULL,
    municipality         text        NOT NULL,
    department           text        NULL,
    role                 text        NOT NULL,
    active               boolean     NOT NULL,
    password_hash        text        NULL,
    failed_attempts      integer     NOT NULL,
    lockout_end          timestamptz NULL,
    must_change_password boolean     NOT NULL,
    security_stamp       text        NOT NULL,
    external_subject     text        NULL UNIQUE,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);

CREATE INDEX ix_poa_users_municipality ON poa_users (municipality, email);

CREATE TABLE poa_api_tokens
(
    id           text        NOT NULL PRIMARY KEY,
    user_id      text        NOT NULL REFERENCES poa_users (id),
    name         text        NOT NULL,
    prefix       text        NOT NULL UNIQUE,
    secret_hash  text        NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz NULL,
    last_used_at timestamptz NULL
);

CREATE INDEX ix_poa_api_tokens_user ON poa_api_tokens (user_id, created_at);

CREATE TABLE poa_account_events
(
    id             bigserial   NOT NULL PRIMARY KEY,
    at_utc         timestamptz NOT NULL,
    municipality   text        NOT NULL,
    email          text        NOT NULL,
    event          text        NOT NULL,
    client_address text        NOT NULL,
    detail         text        NOT NULL
);

CREATE INDEX ix_poa_account_events_municipality ON poa_account_events (municipality, at_utc DESC);

CREATE TABLE poa_dataprotection_keys
(
    id         text        NOT NULL PRIMARY KEY,
    xml        text        NOT NULL,
    created_at timestamptz NOT NULL
);
