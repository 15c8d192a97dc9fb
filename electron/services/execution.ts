/**
 * Live execution of an operation (issue 17): the actual start and finish of each task with who
 * recorded it and when, task status changes from the field, and the unit log after ICS 214.
 *
 * Policies:
 * - Only while the operation is active: before, there is nothing to record; after completion
 *   the execution record is closed (guards.ts requirePlanOpen) and the report reads it as it was.
 * - The unit log is append-only: entries are added, never edited or removed through the API.
 *   A correction is a new entry — the log's value is that it shows what was known when.
 * - Recording an actual start moves the task to `in_progress`, a finish to `done`, in the same
 *   transaction; who recorded it is the installation's operator (audit.ts currentActor).
 * - The task's accountable agency or the lead writes its actuals (the rights rule's task clause
 *   covers `task_actual`).
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { DomainError } from '../../shared/api/errors.js';
import type { TaskStatus } from '../../shared/domain/enums.js';
import type { Operation } from '../../shared/domain/operation.js';
import type { ActivityEntry, TaskActual } from '../../shared/domain/results.js';
import { planVsActual, type PlanVsActual } from '../../shared/results/plan-actual.js';
import type { ActivityDraft, ActualRecord, FieldStatusChange } from '../../shared/api/execution.js';
import { getResultRow, listActivityLog, listTaskActuals } from '../db/repos/results.repo.js';
import { getTask, listTasksByOperation } from '../db/repos/tasks.repo.js';
import { currentActor } from './audit.js';
import { transact, type ServiceContext } from './context.js';
import { invalidField, notFound, requireOperation, requirePlanOpen } from './guards.js';
import { writeTaskChanges } from './tasks.js';

export interface ExecutionView {
  actuals: TaskActual[];
  log: ActivityEntry[];
  planVsActual: PlanVsActual;
}

export function getExecution(ctx: ServiceContext, operationId: string): ExecutionView {
  const op = requireOperation(ctx, operationId);
  const actuals = listTaskActuals(ctx.db, operationId);
  return {
    actuals,
    log: listActivityLog(ctx.db, operationId),
    planVsActual: planVsActual(listTasksByOperation(ctx.db, operationId), actuals, {
      now: ctx.now(), operationOver: op.status === 'completed' || op.status === 'aborted',
    }),
  };
}

function requireActive(ctx: ServiceContext, operationId: string): Operation {
  const op = requirePlanOpen(ctx, operationId);
  if (op.status !== 'active') {
    throw new DomainError('invalid_transition', `Operation ${op.codeName} is not active: execution is recorded only while it runs`, {
      messageKey: 'exec.notActive', status: op.status,
    });
  }
  return op;
}

function requireTaskOf(ctx: ServiceContext, taskId: string) {
  const task = getTask(ctx.db, taskId);
  if (!task) throw notFound('Task', taskId);
  return task;
}

/** Records the actual start (or finish) of a task; `at` defaults to now. */
export function recordActual(ctx: ServiceContext, which: 'start' | 'finish', r: z.output<typeof ActualRecord>): TaskActual {
  const task = requireTaskOf(ctx, r.taskId);
  requireActive(ctx, task.operationId);
  const now = ctx.now().toISOString();
  const at = r.at ?? now;
  const by = currentActor(ctx.db);
  const current = getResultRow(ctx.db, 'task_actual', task.id);
  if (which === 'finish' && current?.startedAt && Date.parse(at) < Date.parse(current.startedAt)) {
    throw invalidField(['at'], 'v.endBeforeStart');
  }
  const fields = which === 'start'
    ? { startedAt: at, startRecordedBy: by, startRecordedAt: now }
    : { finishedAt: at, finishRecordedBy: by, finishRecordedAt: now };
  const status: TaskStatus = which === 'start' ? 'in_progress' : 'done';
  transact(ctx, () => {
    if (current) ctx.writer.update('task_actual', task.id, fields, task.operationId);
    else {
      ctx.writer.create('task_actual', task.id, {
        operationId: task.operationId, startedAt: null, startRecordedBy: '', startRecordedAt: null,
        finishedAt: null, finishRecordedBy: '', finishRecordedAt: null, ...fields,
      }, task.operationId);
    }
    if (task.status !== status) writeTaskChanges(ctx, task, { ...task, status });
  });
  return getResultRow(ctx.db, 'task_actual', task.id)!;
}

/** A task's status as reported from the field (blocked, cancelled, back in progress). */
export function setFieldStatus(ctx: ServiceContext, r: z.output<typeof FieldStatusChange>): { id: string; status: TaskStatus } {
  const task = requireTaskOf(ctx, r.taskId);
  requireActive(ctx, task.operationId);
  if (task.status !== r.status) transact(ctx, () => writeTaskChanges(ctx, task, { ...task, status: r.status }));
  return { id: task.id, status: r.status };
}

/** Adds one entry to the unit log (append-only). */
export function addActivity(ctx: ServiceContext, d: z.output<typeof ActivityDraft>): ActivityEntry {
  requireActive(ctx, d.operationId);
  if (d.taskId !== null) {
    const t = getTask(ctx.db, d.taskId);
    if (!t || t.operationId !== d.operationId) throw invalidField(['taskId'], 'v.invalid');
  }
  const id = randomUUID();
  const now = ctx.now().toISOString();
  transact(ctx, () => ctx.writer.create('activity_entry', id, {
    operationId: d.operationId, at: d.at ?? now, agencyId: ctx.agencyId, unit: d.unit, author: currentActor(ctx.db),
    taskId: d.taskId, entry: d.entry, recordedAt: now,
  }, d.operationId));
  return getResultRow(ctx.db, 'activity_entry', id)!;
}
