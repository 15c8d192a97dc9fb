-- Every query a save runs must find its rows through an index or the sequence number, so a
-- save costs the same with a long history as with an empty one (issue 15). The save guard
-- looks up the tasks that share the edited task's unit; without this index that lookup read
-- every task ever planned. Additive: an index changes no synced shape.
CREATE INDEX tasks_unit ON tasks(unit_id, deleted);
