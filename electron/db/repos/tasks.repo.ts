/** Reads of tasks with their people and resources. Writes go through entity.repo. */
import type { Task } from '../../../shared/domain/task.js';
import type { ScheduleTask } from '../../../shared/scheduling/model.js';
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

/** Live tasks' member links (people or resources), each task's sorted as toTask sorts them. */
function membersByTask(rows: readonly { taskId: string; memberId: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.taskId);
    if (list) list.push(r.memberId);
    else out.set(r.taskId, [r.memberId]);
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** Each task's live people and resources, for reading the scan's tasks a page at a time. */
export interface ScheduleTaskLinks {
  people: Map<string, string[]>;
  resources: Map<string, string[]>;
}

export function readScheduleTaskLinks(db: Db): ScheduleTaskLinks {
  return {
    people: membersByTask(stmt(db, 'SELECT task_id AS taskId, person_id AS memberId FROM task_people WHERE deleted = 0').all() as { taskId: string; memberId: string }[]),
    resources: membersByTask(stmt(db, 'SELECT task_id AS taskId, resource_id AS memberId FROM task_resources WHERE deleted = 0').all() as { taskId: string; memberId: string }[]),
  };
}

type ScheduleTaskRow = Omit<ScheduleTask, 'dependencies' | 'personIds' | 'resourceIds'> & { dependencies: string };

const SCHEDULE_TASK_COLUMNS = `t.id, t.operation_id AS operationId, t.phase_id AS phaseId, t.title, t.type, t.status,
            t.accountable_agency_id AS accountableAgencyId, t.unit_id AS unitId, t.starts_at AS startsAt,
            t.ends_at AS endsAt, t.dependencies`;

function toScheduleTasks(rows: readonly ScheduleTaskRow[], links: ScheduleTaskLinks): ScheduleTask[] {
  const out: ScheduleTask[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    out[i] = {
      ...r,
      // Most tasks depend on nothing: a fresh empty list, not a parse, for them.
      dependencies: r.dependencies === '[]' ? [] : JSON.parse(r.dependencies) as ScheduleTask['dependencies'],
      personIds: links.people.get(r.id) ?? [],
      resourceIds: links.resources.get(r.id) ?? [],
    };
  }
  return out;
}

/**
 * Every live operation's tasks as the scheduling scan reads them (ScheduleTask), in the order
 * listAllTasks gives: the scan of the whole plan (the operations list's first conflict counts,
 * which a first visit of another page may wait for on the core) read every column of every task
 * and two correlated subqueries per task; here only the scan's columns, and the links in one
 * read each (bench database, 8,000 tasks, cold: see the commit).
 */
export function listScheduleTasks(db: Db): ScheduleTask[] {
  const links = readScheduleTaskLinks(db);
  const rows = stmt(
    db,
    `SELECT ${SCHEDULE_TASK_COLUMNS}
       FROM tasks t JOIN operations o ON o.id = t.operation_id AND o.deleted = 0
      WHERE t.deleted = 0 ORDER BY t.starts_at, t.id`,
  ).all() as ScheduleTaskRow[];
  return toScheduleTasks(rows, links);
}

/** Where a page of tasks in (starts_at, id) order ends (the scan's, the map's points): the next
 *  page starts after it. */
export interface ScheduleTaskCursor {
  startsAt: string;
  id: string;
}

/**
 * The scan's tasks a page at a time, in listScheduleTasks' order, after `after` (null: from the
 * first): the background build of the whole plan's scan reads them between the calls it lets
 * through (services/conflicts.ts). Pages read at different moments are consistent only if
 * nothing was written between them; the caller checks.
 */
export function listScheduleTasksPage(db: Db, links: ScheduleTaskLinks, after: ScheduleTaskCursor | null, limit: number): ScheduleTask[] {
  const rows = stmt(
    db,
    `SELECT ${SCHEDULE_TASK_COLUMNS}
       FROM tasks t JOIN operations o ON o.id = t.operation_id AND o.deleted = 0
      WHERE t.deleted = 0 AND (t.starts_at, t.id) > (@startsAt, @id)
      ORDER BY t.starts_at, t.id LIMIT @limit`,
  ).all({ startsAt: after?.startsAt ?? '', id: after?.id ?? '', limit }) as ScheduleTaskRow[];
  return toScheduleTasks(rows, links);
}

export interface TaskPointRow {
  id: string;
  operationId: string;
  accountableAgencyId: string | null;
  /** Null: the task's place has no coordinates. */
  lat: number | null;
  lon: number | null;
  /** Where a page ends (ScheduleTaskCursor). */
  startsAt: string;
}

/**
 * Every live task's point and whose it is (the map across operations draws where tasks are,
 * not what they are called): the coordinates are read out of the place's JSON in SQL, so no
 * place is parsed into objects here and no title is read. Tasks of deleted operations and
 * tasks without coordinates are the caller's to skip (a join with operations cost more than it
 * saved). On the bench's database (8,000 tasks), a first map answer in a fresh process took
 * 51–101 ms this way against 100–180 ms parsing each place (six processes each, interleaved,
 * loaded machine). In (starts_at, id) order, after `after` and up to `limit` rows (all by
 * default): the core's background build of the map reads a page between the calls it lets
 * through (services/geo.ts); pages read at different moments agree only if nothing was written
 * between them, which the caller checks.
 */
export function listTaskPoints(db: Db, after: ScheduleTaskCursor | null = null, limit = -1): TaskPointRow[] {
  return stmt(
    db,
    `SELECT id, operation_id AS operationId, accountable_agency_id AS accountableAgencyId,
            json_extract(place, '$.point.lat') AS lat, json_extract(place, '$.point.lon') AS lon, starts_at AS startsAt
       FROM tasks WHERE deleted = 0 AND (starts_at, id) > (@startsAt, @id)
      ORDER BY starts_at, id LIMIT @limit`,
  ).all({ startsAt: after?.startsAt ?? '', id: after?.id ?? '', limit }) as TaskPointRow[];
}
