-- Orleans ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet 10.4.2), SQLite (Orleans invariant
-- "System.Data.SQLite", which Orleans maps to Microsoft.Data.Sqlite.SqliteFactory). Same keys and parameters as the
-- PostgreSQL script. SQLite has no stored procedures and no data-modifying CTEs, so the table version (etag) is
-- bumped by triggers that run inside the very statement that inserts/updates a silo row; each query is one DML
-- statement (atomic; SQLite serialises writers and re-runs a statement whose snapshot went stale) followed by
-- SELECT changes() > 0 on the same connection. Timestamps are text as Microsoft.Data.Sqlite writes DateTime
-- ('yyyy-MM-dd HH:mm:ss.FFFFFFF', UTC), which sorts and compares correctly as text.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE orleans_membership_version
(
    deployment_id TEXT    NOT NULL PRIMARY KEY,
    "timestamp"   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    version       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE orleans_membership
(
    deployment_id   TEXT    NOT NULL REFERENCES orleans_membership_version (deployment_id),
    address         TEXT    NOT NULL,
    port            INTEGER NOT NULL,
    generation      INTEGER NOT NULL,
    silo_name       TEXT    NOT NULL,
    host_name       TEXT    NOT NULL,
    status          INTEGER NOT NULL,
    proxy_port      INTEGER NULL,
    suspect_times   TEXT    NULL,
    start_time      TEXT    NOT NULL,
    i_am_alive_time TEXT    NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
) WITHOUT ROWID;

-- Inserting a silo row or changing its status/suspicions is a membership change: bump the table version.
-- (UpdateIAmAlivetimeKey only sets i_am_alive_time and does not fire the update trigger.)
CREATE TRIGGER orleans_membership_bump_on_insert AFTER INSERT ON orleans_membership
BEGIN
    UPDATE orleans_membership_version
    SET version = version + 1, "timestamp" = strftime('%Y-%m-%d %H:%M:%f', 'now')
    WHERE deployment_id = NEW.deployment_id;
END;

CREATE TRIGGER orleans_membership_bump_on_update AFTER UPDATE OF status, suspect_times ON orleans_membership
BEGIN
    UPDATE orleans_membership_version
    SET version = version + 1, "timestamp" = strftime('%Y-%m-%d %H:%M:%f', 'now')
    WHERE deployment_id = NEW.deployment_id;
END;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', '
INSERT OR IGNORE INTO orleans_membership_version (deployment_id, version) VALUES (@DeploymentId, 0);
SELECT changes() > 0;
'),

('UpdateIAmAlivetimeKey', '
UPDATE orleans_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
'),

('InsertMembershipKey', '
INSERT INTO orleans_membership
    (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
SELECT @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
WHERE EXISTS (SELECT 1 FROM orleans_membership_version WHERE deployment_id = @DeploymentId AND version = @Version)
ON CONFLICT (deployment_id, address, port, generation) DO NOTHING;
SELECT changes() > 0;
'),

('UpdateMembershipKey', '
UPDATE orleans_membership
SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
  AND EXISTS (SELECT 1 FROM orleans_membership_version WHERE deployment_id = @DeploymentId AND version = @Version);
SELECT changes() > 0;
'),

('MembershipReadRowKey', '
SELECT v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
'),

('MembershipReadAllKey', '
SELECT v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
'),

('GatewaysQueryKey', '
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
'),

('DeleteMembershipTableEntriesKey', '
DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
'),

('CleanupDefunctSiloEntriesKey', '
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
