-- A grain state's part that most writes leave as it is, stored apart from its payload (docs/decisions/0031): an action's
-- programming, about 6.4 of its 8 kB, which a progress report does not change.
-- A write that does not change the part leaves this column to its stored value. PostgreSQL then keeps the value where
-- the row's last version has it: out of the row, in the TOAST table, so the new version of the row carries a pointer
-- to it instead of its bytes. A report wrote about 12,300 bytes of WAL when the programming was written again, and about
-- 2,300 when it was kept (measured on a copy of the tables, decision 0030).
-- The column keeps PostgreSQL's default storage for bytea (EXTENDED: compressed, and moved out of the row when the row
-- is larger than about 2 kB). The payload stays MAIN (0007): what is left of it stays in the row.
-- Rows written before this keep their programming in the payload and are read as they are.
ALTER TABLE orleans_storage ADD COLUMN payload_apart bytea NULL;

DO $do$
BEGIN
    ALTER TABLE orleans_storage ALTER COLUMN payload_apart SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 is not available in this PostgreSQL build: the parts of grain states stored apart stay compressed with pglz';
END
$do$;
