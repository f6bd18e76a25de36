-- A grain state's part that most writes leave as it is, stored apart from its payload (docs/decisions/0031): an action's
-- programming. A write that does not change it leaves the column to its stored value. SQLite writes the whole row again
-- either way (it gains nothing here but the same semantics as PostgreSQL, where the value is kept out of the row).
-- Rows written before this keep their programming in the payload and are read as they are.
ALTER TABLE orleans_storage ADD COLUMN payload_apart BLOB NULL;
