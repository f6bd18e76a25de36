-- How a grain state's payload and an audit entry's values are stored. An action's serialized state is about 5.5 kB and compresses to about 2 kB,
-- just over PostgreSQL's TOAST threshold: by default every write compressed it with pglz and then moved it out of line
-- into the TOAST table (a second heap row and index entry per write, and the old ones to vacuum). A `perf` profile of
-- 16 clients reporting progress found a quarter of PostgreSQL's processor time there (docs/decisions/0020).
--   STORAGE MAIN: compressed, and kept in the row unless the row cannot fit a page even compressed (a large city's
--                 roll-up snapshot still goes out of line, as a last resort).
--   COMPRESSION lz4: several times faster than pglz at a similar ratio on these payloads; a server built without lz4
--                 keeps pglz (the statement fails there with feature_not_supported, which is caught).
-- The same for the audit's values: the entry of an action's creation (an import) holds the whole action as text,
-- about 6.6 kB that pglz compressed to about 1.9 kB and that went out of line with the rest of its row.
-- Both apply to values written from now on; rows already stored are read as they are.
ALTER TABLE orleans_storage ALTER COLUMN payload_binary SET STORAGE MAIN;
ALTER TABLE poa_audit ALTER COLUMN old_value SET STORAGE MAIN, ALTER COLUMN new_value SET STORAGE MAIN;

DO $do$
BEGIN
    ALTER TABLE orleans_storage ALTER COLUMN payload_binary SET COMPRESSION lz4;
    ALTER TABLE poa_audit ALTER COLUMN old_value SET COMPRESSION lz4, ALTER COLUMN new_value SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 is not available in this PostgreSQL build: grain states and audit values stay compressed with pglz';
END
$do$;
