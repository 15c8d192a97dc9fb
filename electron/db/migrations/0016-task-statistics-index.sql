-- The statistics count a period's tasks by status, accountable agency and (for Article 558)
-- type. With only tasks(operation_id, deleted) SQLite read every task row of the period's
-- operations — 50,000 rows for a year of 1,000 operations, most of the statistics' time
-- (issue 17). This index covers both queries, and it has tasks_operation's columns as its
-- prefix, so that index goes: one index to keep up to date on every task write, not two.
CREATE INDEX tasks_statistics ON tasks(operation_id, deleted, status, accountable_agency_id, type);
DROP INDEX tasks_operation;
