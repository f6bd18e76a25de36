-- Orleans ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet 10.4.2), SQLite. Same keys, parameters and
-- result columns as the PostgreSQL script; each query is a single statement (UPSERT ... RETURNING, SQLite >= 3.35),
-- so optimistic concurrency on the version needs no transaction.

CREATE TABLE orleans_storage
(
    service_id                TEXT    NOT NULL,
    grain_type_string         TEXT    NOT NULL,
    grain_id_n0               INTEGER NOT NULL,
    grain_id_n1               INTEGER NOT NULL,
    grain_id_extension_string TEXT    NOT NULL DEFAULT '',
    grain_type_hash           INTEGER NOT NULL,
    grain_id_hash             INTEGER NOT NULL,
    payload_binary            BLOB    NULL,
    version                   INTEGER NOT NULL,
    modified_on               TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    PRIMARY KEY (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string)
) WITHOUT ROWID;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
SELECT payload_binary AS PayloadBinary, version AS Version
FROM orleans_storage
WHERE service_id = @ServiceId AND grain_type_string = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension_string = COALESCE(@GrainIdExtensionString, '''');
'),

-- no etag and no row -> insert version 1; etag equals row version -> version + 1; otherwise no row (conflict).
('WriteToStorageKey', '
INSERT INTO orleans_storage
    (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string,
     grain_type_hash, grain_id_hash, payload_binary, version, modified_on)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''),
       @GrainTypeHash, @GrainIdHash, @PayloadBinary, 1, strftime(''%Y-%m-%d %H:%M:%f'', ''now'')
WHERE @GrainStateVersion IS NULL
   OR EXISTS (SELECT 1 FROM orleans_storage e
              WHERE e.service_id = @ServiceId AND e.grain_type_string = @GrainTypeString
                AND e.grain_id_n0 = @GrainIdN0 AND e.grain_id_n1 = @GrainIdN1
                AND e.grain_id_extension_string = COALESCE(@GrainIdExtensionString, ''''))
ON CONFLICT (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string) DO UPDATE
SET payload_binary = excluded.payload_binary,
    version = orleans_storage.version + 1,
    modified_on = excluded.modified_on
WHERE orleans_storage.version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
'),

('ClearStorageKey', '
INSERT INTO orleans_storage
    (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string,
     grain_type_hash, grain_id_hash, payload_binary, version, modified_on)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''),
       @GrainTypeHash, @GrainIdHash, NULL, 1, strftime(''%Y-%m-%d %H:%M:%f'', ''now'')
WHERE @GrainStateVersion IS NULL
   OR EXISTS (SELECT 1 FROM orleans_storage e
              WHERE e.service_id = @ServiceId AND e.grain_type_string = @GrainTypeString
                AND e.grain_id_n0 = @GrainIdN0 AND e.grain_id_n1 = @GrainIdN1
                AND e.grain_id_extension_string = COALESCE(@GrainIdExtensionString, ''''))
ON CONFLICT (service_id, grain_type_string, grain_id_n0, grain_id_n1, grain_id_extension_string) DO UPDATE
SET payload_binary = NULL,
    version = orleans_storage.version + 1,
    modified_on = excluded.modified_on
WHERE orleans_storage.version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
