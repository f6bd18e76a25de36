-- Orleans ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet 10.4.2), PostgreSQL.
-- Written for PoaPlatform. The provider reads `SELECT QueryKey, QueryText FROM OrleansQuery` at start-up and
-- requires these keys: GatewaysQueryKey, MembershipReadRowKey, MembershipReadAllKey, InsertMembershipVersionKey,
-- UpdateIAmAlivetimeKey, InsertMembershipKey, UpdateMembershipKey, DeleteMembershipTableEntriesKey,
-- CleanupDefunctSiloEntriesKey. Parameters are bound by name (@DeploymentId, @Address, ...); every parameter is
-- CAST in the SQL because NULLs arrive untyped. Result columns are read by name (case-insensitively).

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  text NOT NULL PRIMARY KEY,
    querytext text NOT NULL
);

-- One row per cluster (Orleans' DeploymentId = ClusterId); `version` is the table etag.
CREATE TABLE orleans_membership_version
(
    deployment_id text        NOT NULL PRIMARY KEY,
    "timestamp"   timestamptz NOT NULL DEFAULT now(),
    version       integer     NOT NULL DEFAULT 0
);

CREATE TABLE orleans_membership
(
    deployment_id   text        NOT NULL REFERENCES orleans_membership_version (deployment_id),
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NULL,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
WITH ins AS (
    INSERT INTO orleans_membership_version (deployment_id, "timestamp", version)
    VALUES (CAST(@DeploymentId AS text), now(), 0)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT count(*) > 0 FROM ins
$q$),

('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
SET i_am_alive_time = CAST(@IAmAliveTime AS timestamptz)
WHERE deployment_id = CAST(@DeploymentId AS text)
  AND address = CAST(@Address AS text)
  AND port = CAST(@Port AS integer)
  AND generation = CAST(@Generation AS integer)
$q$),

-- Insert a silo row only if the table version still equals @Version, and bump the version: one statement,
-- the version row is locked first (FOR UPDATE re-checks the version after waiting for a concurrent writer).
('InsertMembershipKey', $q$
WITH v AS (
    SELECT deployment_id FROM orleans_membership_version
    WHERE deployment_id = CAST(@DeploymentId AS text) AND version = CAST(@Version AS integer)
    FOR UPDATE),
ins AS (
    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT v.deployment_id, CAST(@Address AS text), CAST(@Port AS integer), CAST(@Generation AS integer),
           CAST(@SiloName AS text), CAST(@HostName AS text), CAST(@Status AS integer), CAST(@ProxyPort AS integer),
           CAST(@StartTime AS timestamptz), CAST(@IAmAliveTime AS timestamptz)
    FROM v
    ON CONFLICT (deployment_id, address, port, generation) DO NOTHING
    RETURNING deployment_id),
bump AS (
    UPDATE orleans_membership_version SET version = version + 1, "timestamp" = now()
    WHERE deployment_id IN (SELECT deployment_id FROM ins)
    RETURNING 1)
SELECT count(*) > 0 FROM bump
$q$),

('UpdateMembershipKey', $q$
WITH v AS (
    SELECT deployment_id FROM orleans_membership_version
    WHERE deployment_id = CAST(@DeploymentId AS text) AND version = CAST(@Version AS integer)
    FOR UPDATE),
upd AS (
    UPDATE orleans_membership m
    SET status = CAST(@Status AS integer),
        suspect_times = CAST(@SuspectTimes AS text),
        i_am_alive_time = CAST(@IAmAliveTime AS timestamptz)
    FROM v
    WHERE m.deployment_id = v.deployment_id
      AND m.address = CAST(@Address AS text)
      AND m.port = CAST(@Port AS integer)
      AND m.generation = CAST(@Generation AS integer)
    RETURNING m.deployment_id),
bump AS (
    UPDATE orleans_membership_version SET version = version + 1, "timestamp" = now()
    WHERE deployment_id IN (SELECT deployment_id FROM upd)
    RETURNING 1)
SELECT count(*) > 0 FROM bump
$q$),

-- Always returns the version row (the provider reads row 0 for the table etag), joined to the silo if present.
('MembershipReadRowKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = CAST(@Address AS text)
      AND m.port = CAST(@Port AS integer)
      AND m.generation = CAST(@Generation AS integer)
WHERE v.deployment_id = CAST(@DeploymentId AS text)
$q$),

('MembershipReadAllKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = CAST(@DeploymentId AS text)
$q$),

('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = CAST(@DeploymentId AS text)
  AND status = CAST(@Status AS integer)
  AND proxy_port > 0
$q$),

('DeleteMembershipTableEntriesKey', $q$
WITH m AS (DELETE FROM orleans_membership WHERE deployment_id = CAST(@DeploymentId AS text))
DELETE FROM orleans_membership_version WHERE deployment_id = CAST(@DeploymentId AS text)
$q$),

-- Status 3 = Active: old rows of silos that are not active are removed.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = CAST(@DeploymentId AS text)
  AND i_am_alive_time < CAST(@IAmAliveTime AS timestamptz)
  AND status <> 3
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
