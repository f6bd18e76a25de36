-- PostgreSQL's 0008 leaves room on each page of the grain states for their rows' next versions (docs/decisions/0022).
-- SQLite rewrites a row in its b-tree page in place and has no such setting: this version only keeps both databases'
-- schema versions the same (a copy between them checks it).
SELECT 1;
