/** Reads of tasks with their people and resources. Writes go through entity.repo. */
import type { Task } from '../../../shared/domain/task.js';
import type { Db } from '../connection.js';
import { stmt } from '../statements.js';
import { decodeEntityRow } from './entity.repo.js';

type Row = Record<string, unknown>;

/** People and resources come aggregated in the same statement: no N+1 over 500 tasks. */
const TASK_COLUMNS = `t.*,
  (SELECT coalesce(json_group_array(tp.person_id), '[]') FROM task_people tp
     WHERE tp.task_id = t.id AND tp.deleted = 0) AS person_ids,
  (SELECT coalesce(json_group_array(tr.resource_id), '[]') FROM task_resources tr
     WHERE tr.task_id = t.id AND tr.deleted = 0) AS resource_ids`;

export function toTask(row: Row): Task {
  return {
    id: String(row.id),
    ...decodeEntityRow('task', row),
    personIds: (JSON.parse(String(row.person_ids)) as string[]).sort(),
    resourceIds: (JSON.parse(String(row.resource_ids)) as string[]).sort(),
    updatedAt: String(row.updated_at),
  } as Task;
}

export function getTask(db: Db, id: string): Task | null {
  const row = stmt(db, `SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.id = @id AND t.deleted = 0`).get({ id }) as
    | Row
    | undefined;
  return row ? toTask(row) : null;
}

export function listTasksByOperation(db: Db, operationId: string): Task[] {
  return (
    stmt(
      db,
      `SELECT ${TASK_COLUMNS} FROM tasks t
        WHERE t.operation_id = @operationId AND t.deleted = 0
        ORDER BY t.starts_at, t.id`,
    ).all({ operationId }) as Row[]
  ).map(toTask);
}

export interface TaskRangeParams {
  from: string;
  to: string;
  operationsJson: string;
  agenciesJson: string;
  unitsJson: string;
  peopleJson: string;
  statusesJson: string;
}

export function listTasksInRange(db: Db, p: TaskRangeParams): Task[] {
  return (
    stmt(
      db,
      `SELECT ${TASK_COLUMNS} FROM tasks t
         JOIN operations o ON o.id = t.operation_id AND o.deleted = 0
        WHERE t.deleted = 0 AND t.starts_at < @to AND t.ends_at > @from
          AND (@operationsJson = '[]' OR t.operation_id IN (SELECT value FROM json_each(@operationsJson)))
          AND (@agenciesJson = '[]' OR t.accountable_agency_id IN (SELECT value FROM json_each(@agenciesJson)))
          AND (@unitsJson = '[]' OR t.unit_id IN (SELECT value FROM json_each(@unitsJson)))
          AND (@statusesJson = '[]' OR t.status IN (SELECT value FROM json_each(@statusesJson)))
          AND (@peopleJson = '[]' OR EXISTS (SELECT 1 FROM task_people tp WHERE tp.task_id = t.id
                 AND tp.deleted = 0 AND tp.person_id IN (SELECT value FROM json_each(@peopleJson))))
        ORDER BY t.starts_at, t.id`,
    ).all(p) as Row[]
  ).map(toTask);
}

/** Every live task of every live operation (the scheduling engine's full scan). */
export function listAllTasks(db: Db): Task[] {
  return (
    stmt(
      db,
      `SELECT ${TASK_COLUMNS} FROM tasks t
         JOIN operations o ON o.id = t.operation_id AND o.deleted = 0
        WHERE t.deleted = 0 ORDER BY t.starts_at, t.id`,
    ).all() as Row[]
  ).map(toTask);
}

export interface TaskPlaceRow {
  id: string;
  operationId: string;
  title: string;
  accountableAgencyId: string | null;
  startsAt: string;
  endsAt: string;
  place: { label: string; point: { lat: number; lon: number } | null };
}

/** Every live task's place and what a map labels it with (the map across operations: a full
 *  task read parses every JSON column of every task). Tasks of deleted operations and tasks
 *  without coordinates are the caller's to skip: a join with operations and a json_extract per
 *  task cost more than they saved (bench DB, 8,000 tasks: 50–60 ms against 32–42 ms warm). */
export function listTaskPlaces(db: Db): TaskPlaceRow[] {
  const rows = stmt(
    db,
    `SELECT id, operation_id AS operationId, title, accountable_agency_id AS accountableAgencyId,
            starts_at AS startsAt, ends_at AS endsAt, place
       FROM tasks WHERE deleted = 0
      ORDER BY starts_at, id`,
  ).all() as (Omit<TaskPlaceRow, 'place'> & { place: string })[];
  const out: TaskPlaceRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    out[i] = { id: r.id, operationId: r.operationId, title: r.title, accountableAgencyId: r.accountableAgencyId, startsAt: r.startsAt, endsAt: r.endsAt, place: JSON.parse(r.place) as TaskPlaceRow['place'] };
  }
  return out;
}
