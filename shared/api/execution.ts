/** Live execution of an operation: actual start and finish of tasks, field status, the unit log. */
import { z } from 'zod';
import { Id, Instant, RequiredText, Text } from '../domain/common.js';
import { TaskStatus } from '../domain/enums.js';
import { ActivityEntry, TaskActual } from '../domain/results.js';
import { defineDomain } from './contract.js';

export const ActualRecord = z.object({ taskId: Id, at: Instant.optional() });
export const FieldStatusChange = z.object({ taskId: Id, status: TaskStatus });
export const ActivityDraft = z.object({
  operationId: Id,
  /** When it happened (now, if not said). */
  at: Instant.optional(),
  /** The reporting unit or team, as the log names it («Група огляду ПП «Ягодин»»). */
  unit: Text(300).default(''),
  taskId: Id.nullable().default(null),
  entry: RequiredText(2000),
});

const ExecutionState = z.enum(['not_started', 'never_started', 'running', 'unfinished', 'finished', 'cancelled']);
export const PlanVsActualView = z.object({
  tasks: z.array(z.object({
    taskId: Id, title: z.string(), accountableAgencyId: Id.nullable(), plannedStart: z.string(), plannedEnd: z.string(),
    actualStart: z.string().nullable(), actualEnd: z.string().nullable(),
    startSlipMinutes: z.number().nullable(), finishSlipMinutes: z.number().nullable(), state: ExecutionState,
  })),
  counts: z.record(ExecutionState, z.number()),
  late: z.number(),
  meanStartSlipMinutes: z.number().nullable(),
  maxStartSlipMinutes: z.number().nullable(),
});

export const ExecutionView = z.object({
  actuals: z.array(TaskActual),
  log: z.array(ActivityEntry),
  planVsActual: PlanVsActualView,
});

export const executionApi = defineDomain({
  get: { input: z.object({ operationId: Id }), output: ExecutionView },
  recordStart: { input: ActualRecord, output: TaskActual },
  recordFinish: { input: ActualRecord, output: TaskActual },
  setTaskStatus: { input: FieldStatusChange, output: z.object({ id: Id, status: TaskStatus }) },
  addLogEntry: { input: ActivityDraft, output: ActivityEntry },
});
