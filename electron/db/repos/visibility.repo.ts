/**
 * The facts the need-to-know rule (shared/visibility/rule.ts) reads, as they stand in the
 * tables this unit holds: tombstoned rows included, so that a delete reaches those who saw
 * the row; removed memberships left out (they neither grant sight nor bring a record along).
 */
import type {
  DecisionFacts, DirectoryFacts, ExchangeFacts, OperationFacts, PhaseFacts, PlanFacts, TaskFacts,
} from '../../../shared/visibility/rule.js';
import { SYNCED_ENTITIES } from '../../../shared/sync/change.js';
import type { Db } from '../connection.js';
import { ENTITIES } from '../entities.js';
import { stmt } from '../statements.js';

function directory(db: Db, sql: string): Map<string, DirectoryFacts> {
  const out = new Map<string, DirectoryFacts>();
  for (const r of stmt(db, sql).raw().iterate() as IterableIterator<[string, string, string | null]>) {
    out.set(r[0], { agencyId: r[1], unitId: r[2] });
  }
  return out;
}

export function loadPlanFacts(db: Db): PlanFacts {
  const participants = new Map<string, string[]>();
  for (const [op, agency] of stmt(db, 'SELECT operation_id, agency_id FROM operation_agencies WHERE deleted = 0').raw().iterate() as IterableIterator<[string, string]>) {
    let list = participants.get(op);
    if (!list) participants.set(op, (list = []));
    list.push(agency);
  }
  const operations: OperationFacts[] = (stmt(db, 'SELECT id, lead_agency_id FROM operations').raw().all() as [string, string][])
    .map(([id, lead]) => ({ id, leadAgencyId: lead, participatingAgencyIds: participants.get(id) ?? [] }));

  const members = (sql: string) => {
    const out = new Map<string, string[]>();
    for (const [task, member] of stmt(db, sql).raw().iterate() as IterableIterator<[string, string]>) {
      let list = out.get(task);
      if (!list) out.set(task, (list = []));
      list.push(member);
    }
    return out;
  };
  const people = members('SELECT task_id, person_id FROM task_people WHERE deleted = 0');
  const resources = members('SELECT task_id, resource_id FROM task_resources WHERE deleted = 0');
  const tasks: TaskFacts[] = (stmt(db, 'SELECT id, operation_id, phase_id, accountable_agency_id, unit_id FROM tasks').raw().all() as [string, string, string | null, string | null, string | null][])
    .map(([id, operationId, phaseId, accountable, unitId]) => ({
      id, operationId, phaseId, accountableAgencyId: accountable, unitId,
      personIds: people.get(id) ?? [], resourceIds: resources.get(id) ?? [],
    }));

  const exchange: ExchangeFacts[] = (stmt(db, 'SELECT id, operation_id, from_agency_id, to_agency_id, handling_code FROM exchange_entries').raw().all() as [string, string | null, string, string, string][])
    .map(([id, operationId, fromAgencyId, toAgencyId, handlingCode]) => ({ id, operationId, fromAgencyId, toAgencyId, handlingCode }));

  const phases: PhaseFacts[] = (stmt(db, 'SELECT id, operation_id FROM phases').raw().all() as [string, string][])
    .map(([id, operationId]) => ({ id, operationId }));

  const decisions: DecisionFacts[] = (stmt(db, 'SELECT id, operation_id, holder_agency_id, task_ids FROM decisions').raw().all() as [string, string, string, string][])
    .map(([id, operationId, holderAgencyId, taskIds]) => ({ id, operationId, holderAgencyId, taskIds: JSON.parse(taskIds) as string[] }));

  return {
    operations, phases, tasks, exchange, decisions,
    units: directory(db, 'SELECT id, agency_id, NULL FROM units'),
    people: directory(db, 'SELECT id, agency_id, unit_id FROM people'),
    resources: directory(db, 'SELECT id, agency_id, unit_id FROM resources'),
  };
}

// --- rows that left this unit's own view (electron/services/own-view.ts) -------------------

/**
 * Removes tasks with their assignment rows, and what this unit kept about those rows locally
 * (waiting flags, open conflicts). Their change record stays: it is what this unit has seen,
 * it relays only under the recipients' view, and a task that comes back into view is written
 * again from it.
 */
export function removeTaskRows(db: Db, taskIds: readonly string[]): void {
  const ids = JSON.stringify(taskIds);
  for (const [table, entity] of [['task_people', 'task_person'], ['task_resources', 'task_resource']] as const) {
    const member = table === 'task_people' ? 'person_id' : 'resource_id';
    stmt(db, `DELETE FROM sync_pending WHERE entity = '${entity}' AND row_id IN
      (SELECT task_id || ':' || ${member} FROM ${table} WHERE task_id IN (SELECT value FROM json_each(@ids)))`).run({ ids });
    stmt(db, `DELETE FROM sync_conflicts WHERE entity = '${entity}' AND row_id IN
      (SELECT task_id || ':' || ${member} FROM ${table} WHERE task_id IN (SELECT value FROM json_each(@ids)))`).run({ ids });
    stmt(db, `DELETE FROM ${table} WHERE task_id IN (SELECT value FROM json_each(@ids))`).run({ ids });
  }
  stmt(db, `DELETE FROM sync_pending WHERE entity IN ('task', 'task_person', 'task_resource')
    AND (CASE entity WHEN 'task' THEN row_id ELSE substr(row_id, 1, instr(row_id, ':') - 1) END) IN (SELECT value FROM json_each(@ids))`).run({ ids });
  stmt(db, `DELETE FROM sync_conflicts WHERE entity IN ('task', 'task_actual') AND row_id IN (SELECT value FROM json_each(@ids))`).run({ ids });
  // A task's actual start and finish go where the task goes (shared/visibility/rule.ts).
  stmt(db, 'DELETE FROM task_actuals WHERE id IN (SELECT value FROM json_each(@ids))').run({ ids });
  stmt(db, 'DELETE FROM tasks WHERE id IN (SELECT value FROM json_each(@ids))').run({ ids });
}

/**
 * Forgets the waiting of assignment rows whose task is neither held nor waiting itself: a task
 * that left this unit's view, whose assignments were brought again. They are written with their
 * task if it ever comes back.
 */
export function forgetAssignmentsOfDroppedTasks(db: Db): void {
  stmt(db, `DELETE FROM sync_pending WHERE entity IN ('task_person', 'task_resource')
    AND substr(row_id, 1, instr(row_id, ':') - 1) NOT IN (SELECT id FROM tasks)
    AND substr(row_id, 1, instr(row_id, ':') - 1) NOT IN (SELECT row_id FROM sync_pending WHERE entity = 'task')`).run();
}

const DIRECTORY_TABLES = { unit: 'units', person: 'people', resource: 'resources' } as const;
export type DirectoryEntity = keyof typeof DIRECTORY_TABLES;

/**
 * Directory records nothing held here needs now: a person or resource on no current assignment
 * (nor named in an operation's roles), a unit no task, person or resource names.
 */
export function unneededDirectoryRecords(db: Db, entity: DirectoryEntity): string[] {
  const q = entity === 'person'
    ? `SELECT id FROM people p WHERE NOT EXISTS (SELECT 1 FROM task_people t WHERE t.person_id = p.id AND t.deleted = 0)
         AND NOT EXISTS (SELECT 1 FROM operation_roles r WHERE r.person_id = p.id AND r.deleted = 0)`
    : entity === 'resource'
      ? 'SELECT id FROM resources r WHERE NOT EXISTS (SELECT 1 FROM task_resources t WHERE t.resource_id = r.id AND t.deleted = 0)'
      : `SELECT id FROM units u WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.unit_id = u.id)
           AND NOT EXISTS (SELECT 1 FROM people p WHERE p.unit_id = u.id) AND NOT EXISTS (SELECT 1 FROM resources r WHERE r.unit_id = u.id)`;
  return stmt(db, q).pluck().all() as string[];
}

/**
 * Removes a directory record with the removed assignments that still name it (their rows only
 * say "no longer on the task"), its waiting flag and open conflicts.
 */
export function removeDirectoryRow(db: Db, entity: DirectoryEntity, id: string): void {
  if (entity !== 'unit') {
    const [table, member, memberEntity] = entity === 'person'
      ? ['task_people', 'person_id', 'task_person'] as const : ['task_resources', 'resource_id', 'task_resource'] as const;
    stmt(db, `DELETE FROM sync_pending WHERE entity = '${memberEntity}' AND row_id IN
      (SELECT task_id || ':' || ${member} FROM ${table} WHERE ${member} = @id)`).run({ id });
    stmt(db, `DELETE FROM ${table} WHERE ${member} = @id AND deleted = 1`).run({ id });
  }
  stmt(db, 'DELETE FROM sync_pending WHERE entity = @entity AND row_id = @id').run({ entity, id });
  stmt(db, 'DELETE FROM sync_conflicts WHERE entity = @entity AND row_id = @id').run({ entity, id });
  stmt(db, `DELETE FROM ${DIRECTORY_TABLES[entity]} WHERE id = @id`).run({ id });
}

/** Whether any of these operations is led by another agency than `agencyId`. */
export function anyLedByOthers(db: Db, operationIds: readonly string[], agencyId: string): boolean {
  if (operationIds.length === 0) return false;
  return stmt(db, `SELECT 1 FROM operations WHERE id IN (SELECT value FROM json_each(@ids)) AND lead_agency_id <> @agencyId LIMIT 1`)
    .get({ ids: JSON.stringify(operationIds), agencyId }) !== undefined;
}

/**
 * Removes every row of an operation: the rows of each entity the registry ties to it (its
 * `operationColumn`), referring rows before the rows they refer to, its tasks with their
 * assignments (removeTaskRows), and what this unit kept about them locally (waiting flags of
 * rows held or still waiting, open conflicts). Its change record stays, as for a task.
 *
 * The operation's own row stays when this unit's export log names it: that log is the record of
 * who received what from here (services/export-record.ts), and it refers to the row. Returns
 * how many rows went, memberships aside.
 */
export function removeOperationRows(db: Db, operationId: string): number {
  const id = operationId;
  let removed = 0;
  const ordered = [...SYNCED_ENTITIES].reverse();
  for (const entity of ordered) {
    const def = ENTITIES[entity];
    if (def.operationColumn === null) continue;
    if (entity === 'task') {
      const tasks = stmt(db, 'SELECT id FROM tasks WHERE operation_id = @id').pluck().all({ id }) as string[];
      removeTaskRows(db, tasks);
      removed += tasks.length;
      continue;
    }
    if (entity === 'operation' && operationExported(db, id)) continue;
    const rowId = def.key.join(" || ':' || ");
    const rows = `SELECT ${rowId} FROM ${def.table} WHERE ${def.operationColumn} = @id`;
    stmt(db, `DELETE FROM sync_pending WHERE entity = '${entity}' AND row_id IN (${rows})`).run({ id });
    stmt(db, `DELETE FROM sync_conflicts WHERE entity = '${entity}' AND row_id IN (${rows})`).run({ id });
    const gone = stmt(db, `DELETE FROM ${def.table} WHERE ${def.operationColumn} = @id`).run({ id }).changes;
    // Memberships alone do not count: a membership removal told again before the sender has
    // this unit's acknowledgement is written again, and goes again, with the row that stayed.
    if (entity !== 'operation_agency') removed += gone;
  }
  forgetPendingOfOperation(db, id);
  return removed;
}

/** Forgets the waiting of rows the change record ties to an operation no longer held: written
 *  again with it if it comes back (apply.ts rewriteIfDropped). */
export function forgetPendingOfOperation(db: Db, operationId: string): void {
  stmt(db, `DELETE FROM sync_pending WHERE EXISTS (SELECT 1 FROM change_log c
    WHERE c.entity = sync_pending.entity AND c.row_id = sync_pending.row_id AND c.operation_id = @id)`).run({ id: operationId });
  stmt(db, 'DELETE FROM sync_conflicts WHERE operation_id = @id').run({ id: operationId });
}

function operationExported(db: Db, operationId: string): boolean {
  return stmt(db, 'SELECT 1 FROM export_log WHERE operation_id = @id LIMIT 1').get({ id: operationId }) !== undefined;
}

/** The facts of those of these operations held here (current participants only). */
export function loadOperationFacts(db: Db, operationIds: readonly string[]): OperationFacts[] {
  const ids = JSON.stringify(operationIds);
  const participants = new Map<string, string[]>();
  for (const [op, agency] of stmt(db, `SELECT operation_id, agency_id FROM operation_agencies
      WHERE operation_id IN (SELECT value FROM json_each(@ids)) AND deleted = 0`).raw().iterate({ ids }) as IterableIterator<[string, string]>) {
    let list = participants.get(op);
    if (!list) participants.set(op, (list = []));
    list.push(agency);
  }
  return (stmt(db, 'SELECT id, lead_agency_id FROM operations WHERE id IN (SELECT value FROM json_each(@ids))').raw().all({ ids }) as [string, string][])
    .map(([id, lead]) => ({ id, leadAgencyId: lead, participatingAgencyIds: participants.get(id) ?? [] }));
}

/** Whether an operation's row is held or waiting to be written. */
export function operationHeldOrWaiting(db: Db, operationId: string): boolean {
  return stmt(db, `SELECT EXISTS (SELECT 1 FROM operations WHERE id = @id)
    OR EXISTS (SELECT 1 FROM sync_pending WHERE entity = 'operation' AND row_id = @id)`).pluck().get({ id: operationId }) === 1;
}
