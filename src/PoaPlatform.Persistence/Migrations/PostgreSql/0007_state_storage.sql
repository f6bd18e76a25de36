-- How a grain state's payload is stored. An action's serialized state is about 5.5 kB and compresses to about 2 kB,
-- just over PostgreSQL's TOAST threshold: by default every write compressed it with pglz and then moved it out of line
-- into the TOAST table (a second heap row and index entry per write, and the old ones to vacuum). A `perf` profile of
-- 16 clients reporting progress found a quarter of PostgreSQL's processor time there (docs/decisions/0020).
--   STORAGE MAIN: compressed, and kept in the row unless the row cannot fit a page even compressed (a large city's
--                 roll-up snapshot still goes out of line, as a last resort).
--   COMPRESSION lz4: several times faster than pglz at a similar ratio on these payloads; a server built without lz4
--                 keeps pglz (the statement fails there with feature_not_supported, which is caught).
-- Both apply to values written from now on; rows already stored are read as they are.
ALTER TABLE orleans_storage ALTER COLUMN payload_binary SET STORAGE MAIN;

DO $do$
BEGIN
    ALTER TABLE orleans_storage ALTER COLUMN payload_binary SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 is not available in this PostgreSQL build: grain states stay compressed with pglz';
END
$do$;
