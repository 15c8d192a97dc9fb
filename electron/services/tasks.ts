/**
 * Tasks service. Every reference a task makes (operation, phase, agency, unit, people,
 * resources, predecessors) is checked before anything is written, and every multi-row change
 * (a task with its assignments, a bulk shift) is one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { DomainError, issuesFromZod } from '../../shared/api/errors.js';
import type { BulkReassign, BulkShift, TaskCreate, TaskPatch, TaskRangeQuery } from '../../shared/api/tasks.js';
import { Task as TaskSchema, type Task, type TaskDraft } from '../../shared/domain/task.js';
import { ENTITIES } from '../db/entities.js';
import { getUnit, getPerson, getResource } from '../db/repos/directory.repo.js';
import { getPhase } from '../db/repos/operations.repo.js';
import { getTask, listTasksByOperation, listTasksInRange } from '../db/repos/tasks.repo.js';
import { changedFields } from './change-writer.js';
import { guardTaskEdits, recordOverrides, type ConflictOverrideInput } from './conflict-guard.js';
import { transact, type ServiceContext } from './context.js';
import { invalidField, notFound, requireAgency, requireOperation, requirePlanOpen } from './guards.js';

const TASK_FIELDS = Object.keys(ENTITIES.task.fields).filter((f) => f !== 'operationId');

function checkTaskReferences(ctx: ServiceContext, t: TaskDraft, selfId: string | null, keep: ReadonlySet<string> = new Set()): void {
  requireOperation(ctx, t.operationId);
  if (t.phaseId) {
    const phase = getPhase(ctx.db, t.phaseId);
    if (!phase || phase.operationId !== t.operationId) throw invalidField(['phaseId'], 'v.unknownPhase');
  }
  if (t.accountableAgencyId) requireAgency(ctx, t.accountableAgencyId, ['accountableAgencyId']);
  if (t.unitId) {
    const unit = getUnit(ctx.db, t.unitId);
    if (!unit) throw invalidField(['unitId'], 'v.unknownUnit');
    if (t.accountableAgencyId && unit.agencyId !== t.accountableAgencyId) {
      throw invalidField(['unitId'], 'v.unitOfOtherAgency');
    }
  }
  t.personIds.forEach((p, i) => {
    if (!getPerson(ctx.db, p)) throw invalidField(['personIds', i], 'v.unknownPerson');
  });
  t.resourceIds.forEach((r, i) => {
    if (!getResource(ctx.db, r)) throw invalidField(['resourceIds', i], 'v.unknownResource');
  });
  t.dependencies.forEach((d, i) => {
    if (d.predecessorId === selfId) throw invalidField(['dependencies', i], 'v.selfDependency');
    // A dependency the task already has stays, even on a task this unit does not see (another
    // agency's, outside this unit's view): only new ones must name a task of the operation.
    if (keep.has(d.predecessorId)) return;
    const pred = getTask(ctx.db, d.predecessorId);
    if (!pred || pred.operationId !== t.operationId) {
      throw invalidField(['dependencies', i, 'predecessorId'], 'v.unknownTask');
    }
  });
}

function dedupe<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** Writes a new task with its assignments; the caller holds the transaction. */
export function createTaskInTransaction(ctx: ServiceContext, id: string, draft: TaskDraft): void {
  const { personIds, resourceIds, ...fields } = draft;
  ctx.writer.create('task', id, fields, draft.operationId);
  for (const p of dedupe(personIds)) ctx.writer.addMember('task_person', id, p, draft.operationId);
  for (const r of dedupe(resourceIds)) ctx.writer.addMember('task_resource', id, r, draft.operationId);
}

export function createTask(ctx: ServiceContext, input: TaskDraft | z.output<typeof TaskCreate>): Task {
  const { override, ...draft } = input as z.output<typeof TaskCreate>;
  requirePlanOpen(ctx, draft.operationId);
  checkTaskReferences(ctx, draft, null);
  const id = randomUUID();
  const accepted = guardTaskEdits(ctx, { upsert: [{ ...draft, id }] }, override);
  transact(ctx, () => {
    createTaskInTransaction(ctx, id, draft);
    recordOverrides(ctx, accepted, override?.reason ?? '', 'tasks.create');
  });
  return getTask(ctx.db, id)!;
}

export function requireTask(ctx: ServiceContext, id: string): Task {
  const t = getTask(ctx.db, id);
  if (!t) throw notFound('Task', id);
  return t;
}

/** Validates a merged task; throws a typed error naming the fields. */
function parseTask(candidate: unknown): Task {
  const parsed = TaskSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new DomainError('invalid_input', 'Invalid task', undefined, issuesFromZod(parsed.error));
  }
  return parsed.data;
}

/** Writes the difference between two versions of a task; the caller holds the transaction. */
export function writeTaskChanges(ctx: ServiceContext, current: Task, next: Task): void {
  ctx.writer.update('task', current.id, changedFields(current, next, TASK_FIELDS), current.operationId);
  ctx.writer.syncMembers('task_person', current.id, current.personIds, dedupe(next.personIds), current.operationId);
  ctx.writer.syncMembers('task_resource', current.id, current.resourceIds, dedupe(next.resourceIds), current.operationId);
}

export function updateTask(ctx: ServiceContext, input: z.output<typeof TaskPatch>): Task {
  const current = requireTask(ctx, input.id);
  requirePlanOpen(ctx, current.operationId);
  const patch = Object.fromEntries(Object.entries(input.patch).filter(([, v]) => v !== undefined));
  const next = parseTask({ ...current, ...patch });
  checkTaskReferences(ctx, next, current.id, new Set(current.dependencies.map((d) => d.predecessorId)));
  const accepted = guardTaskEdits(ctx, { upsert: [next] }, input.override);
  transact(ctx, () => {
    writeTaskChanges(ctx, current, next);
    recordOverrides(ctx, accepted, input.override?.reason ?? '', 'tasks.update');
  });
  return getTask(ctx.db, current.id)!;
}

/**
 * Deleting a task also drops it from its successors' dependencies, in the same transaction —
 * those this unit may change; another agency's successor keeps a dependency on a task that is
 * gone, which the scheduling rules skip.
 * No save guard: a removal cannot create a blocking conflict (bookings only shrink, the
 * dependencies it broke go with it, powers and windows are per remaining task); what it can
 * create — a controlled delivery left without its prosecutor's decision — is a warning.
 */
export function removeTask(ctx: ServiceContext, id: string): { id: string } {
  const task = requireTask(ctx, id);
  requirePlanOpen(ctx, task.operationId);
  transact(ctx, () => {
    for (const other of listTasksByOperation(ctx.db, task.operationId)) {
      if (!other.dependencies.some((d) => d.predecessorId === id)) continue;
      try {
        transact(ctx, () => ctx.writer.update('task', other.id, {
          dependencies: other.dependencies.filter((d) => d.predecessorId !== id),
        }, task.operationId));
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'forbidden')) throw e;
      }
    }
    ctx.writer.remove('task', id, task.operationId);
  });
  return { id };
}

export function listTasksForOperation(ctx: ServiceContext, operationId: string): Task[] {
  requireOperation(ctx, operationId);
  return listTasksByOperation(ctx.db, operationId);
}

export function listTasksForRange(ctx: ServiceContext, q: z.output<typeof TaskRangeQuery>): Task[] {
  return listTasksInRange(ctx.db, {
    from: q.from,
    to: q.to,
    operationsJson: JSON.stringify(q.operationIds),
    agenciesJson: JSON.stringify(q.agencyIds),
    unitsJson: JSON.stringify(q.unitIds),
    peopleJson: JSON.stringify(q.personIds),
    statusesJson: JSON.stringify(q.statuses),
  });
}

function applyToMany(
  ctx: ServiceContext, ids: readonly string[], change: (t: Task) => Task,
  override: ConflictOverrideInput | undefined, action: string,
): Task[] {
  const current = dedupe(ids).map((id) => requireTask(ctx, id));
  for (const op of new Set(current.map((t) => t.operationId))) requirePlanOpen(ctx, op);
  const next = current.map((t) => parseTask(change(t)));
  next.forEach((t) => checkTaskReferences(ctx, t, t.id));
  const accepted = guardTaskEdits(ctx, { upsert: next }, override);
  transact(ctx, () => {
    current.forEach((t, i) => writeTaskChanges(ctx, t, next[i]!));
    recordOverrides(ctx, accepted, override?.reason ?? '', action);
  });
  return current.map((t) => getTask(ctx.db, t.id)!);
}

export function bulkReassignTasks(ctx: ServiceContext, input: z.output<typeof BulkReassign>): Task[] {
  return applyToMany(ctx, input.taskIds, (t) => ({
    ...t, accountableAgencyId: input.accountableAgencyId, unitId: input.unitId,
  }), input.override, 'tasks.bulkReassign');
}

/** Moves each task to its own new window in one guarded save (a slip applied with its knock-on moves). */
export function rescheduleTasks(
  ctx: ServiceContext,
  moves: readonly { taskId: string; startsAt: string; endsAt: string }[],
  override: ConflictOverrideInput | undefined,
  action: string,
): Task[] {
  const byId = new Map(moves.map((m) => [m.taskId, m]));
  return applyToMany(ctx, [...byId.keys()], (t) => ({ ...t, startsAt: byId.get(t.id)!.startsAt, endsAt: byId.get(t.id)!.endsAt }),
    override, action);
}

export function bulkShiftTasks(ctx: ServiceContext, input: z.output<typeof BulkShift>): Task[] {
  const ms = input.minutes * 60_000;
  const shift = (iso: string) => new Date(new Date(iso).getTime() + ms).toISOString();
  return applyToMany(ctx, input.taskIds, (t) => ({ ...t, startsAt: shift(t.startsAt), endsAt: shift(t.endsAt) }),
    input.override, 'tasks.bulkShift');
}
