/** The tasks domain: tasks of an operation, assigned across agencies, units, people, resources. */
import { z } from 'zod';
import { Id, Instant, RequiredText, windowIsOrdered } from '../domain/common.js';
import { TaskStatus } from '../domain/enums.js';
import { Task, TaskFields, TaskPatchFields } from '../domain/task.js';
import { defineDomain } from './contract.js';
import { ById, ConflictOverride } from './operations.js';

export const TaskRangeQuery = z.object({
  from: Instant,
  to: Instant,
  operationIds: z.array(Id).default([]),
  agencyIds: z.array(Id).default([]),
  unitIds: z.array(Id).default([]),
  personIds: z.array(Id).default([]),
  statuses: z.array(TaskStatus).default([]),
});
export type TaskRangeQuery = z.input<typeof TaskRangeQuery>;

export { ConflictOverride };

export const TaskCreate = TaskFields.extend({ override: ConflictOverride.optional() })
  .refine(windowIsOrdered, { error: 'v.endBeforeStart', path: ['endsAt'] });

export const TaskPatch = z.object({ id: Id, patch: TaskPatchFields, override: ConflictOverride.optional() });

export const BulkReassign = z.object({
  taskIds: z.array(Id).min(1).max(5000),
  accountableAgencyId: Id,
  /** Unit of the new agency, or null to clear the old agency's unit. */
  unitId: Id.nullable().default(null),
  override: ConflictOverride.optional(),
});

export const BulkShift = z.object({
  taskIds: z.array(Id).min(1).max(5000),
  minutes: z.number().int().min(-525600).max(525600),
  override: ConflictOverride.optional(),
});

export const tasksApi = defineDomain({
  listByOperation: { input: z.object({ operationId: Id }), output: z.array(Task) },
  listInRange: { input: TaskRangeQuery, output: z.array(Task) },
  get: { input: ById, output: Task },
  create: { input: TaskCreate, output: Task },
  update: { input: TaskPatch, output: Task },
  remove: { input: ById, output: ById },
  bulkReassign: { input: BulkReassign, output: z.array(Task) },
  bulkShift: { input: BulkShift, output: z.array(Task) },
});
