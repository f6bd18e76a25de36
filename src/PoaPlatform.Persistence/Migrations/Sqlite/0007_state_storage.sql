-- PostgreSQL's 0007 changes how a grain state's payload is compressed and placed (docs/decisions/0020). SQLite stores
-- a blob as it is, in the row's pages, with nothing to choose: this version only keeps both databases' schema
-- versions the same (a copy between them checks it).
SELECT 1;
