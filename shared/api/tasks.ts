/** The tasks domain: tasks of an operation, assigned across agencies, units, people, resources. */
import { z } from 'zod';
import { LIMITS, List } from '../domain/bounds.js';
import { Id, Instant, windowIsOrdered } from '../domain/common.js';
import { TaskStatus } from '../domain/enums.js';
import { Task, TaskFields, TaskPatchFields } from '../domain/task.js';
import { defineDomain } from './contract.js';
import { ById, ConflictOverride } from './operations.js';

export const TaskRangeQuery = z.object({
  from: Instant,
  to: Instant,
  operationIds: List(Id, LIMITS.filterIds).default([]),
  agencyIds: List(Id, LIMITS.filterIds).default([]),
  unitIds: List(Id, LIMITS.filterIds).default([]),
  personIds: List(Id, LIMITS.filterIds).default([]),
  statuses: List(TaskStatus, 50).default([]),
});
export type TaskRangeQuery = z.input<typeof TaskRangeQuery>;

export { ConflictOverride };

export const TaskCreate = TaskFields.extend({ override: ConflictOverride.optional() })
  .refine(windowIsOrdered, { error: 'v.endBeforeStart', path: ['endsAt'] });

export const TaskPatch = z.object({ id: Id, patch: TaskPatchFields, override: ConflictOverride.optional() });

export const BulkReassign = z.object({
  taskIds: List(Id, LIMITS.bulkIds).min(1),
  accountableAgencyId: Id,
  /** Unit of the new agency, or null to clear the old agency's unit. */
  unitId: Id.nullable().default(null),
  override: ConflictOverride.optional(),
});

export const BulkShift = z.object({
  taskIds: List(Id, LIMITS.bulkIds).min(1),
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
