-- Orleans ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet 10.4.2), PostgreSQL.
-- Keys read at start-up: WriteToStorageKey, ReadFromStorageKey, ClearStorageKey (DeleteStorageKey is optional and
-- only needed for DeleteStateOnClear = true; not provided). Parameters: @GrainIdHash, @GrainIdN0, @GrainIdN1,
-- @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, plus @GrainStateVersion (write, clear) and
-- @PayloadBinary (write). Results: read -> PayloadBinary, Version; write -> NewGrainStateVersion; clear -> the
-- first column (new version). Returning no row (or the old version) makes the provider raise InconsistentStateException.

CREATE TABLE orleans_storage
(
    service_id                text        NOT NULL,
    grain_type_string         text        NOT NULL,
    grain_id_n0               bigint      NOT NULL,
    grain_id_n1               bigint      NOT NULL,
    -- NULL from the provider is stored as '' so that the key can be a primary key.
    grain_id_extension_string text        NOT NULL DEFAULT '',
    grain_type_hash           integer     NOT NULL,
    grain_id_hash             integer     NOT NULL,
    payload_binary            bytea       NULL,
    version                   integer     NOT NULL,
    modified_on               timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string)
);

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $q$
SELECT payload_binary AS "PayloadBinary", version AS "Version"
FROM orleans_storage
WHERE service_id = CAST(@ServiceId AS text)
  AND grain_type_string = CAST(@GrainTypeString AS text)
  AND grain_id_n0 = CAST(@GrainIdN0 AS bigint)
  AND grain_id_n1 = CAST(@GrainIdN1 AS bigint)
  AND grain_id_extension_string = COALESCE(CAST(@GrainIdExtensionString AS text), '')
$q$),

-- Optimistic concurrency in one statement:
--   no etag and no row      -> insert version 1
--   etag equals row version -> update, version + 1
--   anything else           -> no row returned (conflict)
('WriteToStorageKey', $q$
INSERT INTO orleans_storage AS s
    (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string,
     grain_type_hash, grain_id_hash, payload_binary, version, modified_on)
SELECT CAST(@ServiceId AS text), CAST(@GrainTypeString AS text), CAST(@GrainIdN0 AS bigint), CAST(@GrainIdN1 AS bigint),
       COALESCE(CAST(@GrainIdExtensionString AS text), ''), CAST(@GrainTypeHash AS integer), CAST(@GrainIdHash AS integer),
       CAST(@PayloadBinary AS bytea), 1, now()
WHERE CAST(@GrainStateVersion AS integer) IS NULL
   OR EXISTS (SELECT 1 FROM orleans_storage e
              WHERE e.service_id = CAST(@ServiceId AS text)
                AND e.grain_type_string = CAST(@GrainTypeString AS text)
                AND e.grain_id_n0 = CAST(@GrainIdN0 AS bigint)
                AND e.grain_id_n1 = CAST(@GrainIdN1 AS bigint)
                AND e.grain_id_extension_string = COALESCE(CAST(@GrainIdExtensionString AS text), ''))
ON CONFLICT (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string) DO UPDATE
SET payload_binary = EXCLUDED.payload_binary,
    version = s.version + 1,
    modified_on = EXCLUDED.modified_on
WHERE s.version = CAST(@GrainStateVersion AS integer)
RETURNING s.version AS "NewGrainStateVersion"
$q$),

-- Clearing keeps the row (payload NULL) and bumps the version; clearing a never-written grain writes a tombstone.
('ClearStorageKey', $q$
INSERT INTO orleans_storage AS s
    (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string,
     grain_type_hash, grain_id_hash, payload_binary, version, modified_on)
SELECT CAST(@ServiceId AS text), CAST(@GrainTypeString AS text), CAST(@GrainIdN0 AS bigint), CAST(@GrainIdN1 AS bigint),
       COALESCE(CAST(@GrainIdExtensionString AS text), ''), CAST(@GrainTypeHash AS integer), CAST(@GrainIdHash AS integer),
       NULL, 1, now()
WHERE CAST(@GrainStateVersion AS integer) IS NULL
   OR EXISTS (SELECT 1 FROM orleans_storage e
              WHERE e.service_id = CAST(@ServiceId AS text)
                AND e.grain_type_string = CAST(@GrainTypeString AS text)
                AND e.grain_id_n0 = CAST(@GrainIdN0 AS bigint)
                AND e.grain_id_n1 = CAST(@GrainIdN1 AS bigint)
                AND e.grain_id_extension_string = COALESCE(CAST(@GrainIdExtensionString AS text), ''))
ON CONFLICT (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string) DO UPDATE
SET payload_binary = NULL,
    version = s.version + 1,
    modified_on = EXCLUDED.modified_on
WHERE s.version = CAST(@GrainStateVersion AS integer)
RETURNING s.version AS "NewGrainStateVersion"
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
