/**
 * A task has exactly one accountable agency: the article's complaint is blind spots where
 * responsibility is unclear. Missing one is representable (a draft in progress) but is always a
 * conflict the scheduling engine reports.
 */
import { z } from 'zod';
import { LIMITS, List, MultilineText } from './bounds.js';
import { Id, Instant, Place, RequiredText, patchOf, windowIsOrdered } from './common.js';
import { TaskStatus, TaskType } from './enums.js';

export const TaskDependency = z.object({
  predecessorId: Id,
  /** Finish-to-start lag in minutes; negative lets a successor overlap its predecessor's end. */
  lagMinutes: z.number().int().min(-10080, { error: 'v.range' }).max(10080, { error: 'v.range' }).default(0),
});
export type TaskDependency = z.infer<typeof TaskDependency>;

export const ChecklistItem = z.object({
  id: Id,
  text: RequiredText(300),
  done: z.boolean().default(false),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

const taskFields = {
  operationId: Id,
  phaseId: Id.nullable().default(null),
  title: RequiredText(200),
  type: TaskType,
  status: TaskStatus.default('todo'),
  accountableAgencyId: Id.nullable(),
  unitId: Id.nullable().default(null),
  personIds: List(Id, LIMITS.taskPeople).default([]),
  resourceIds: List(Id, LIMITS.taskResources).default([]),
  startsAt: Instant,
  endsAt: Instant,
  place: Place.default({ label: '', point: null }),
  dependencies: List(TaskDependency, LIMITS.taskDependencies).default([]),
  checklist: List(ChecklistItem, LIMITS.taskChecklist).default([]),
  notes: MultilineText(4000).default(''),
  /** Key events and decision points are marked on the synchronization matrix and timeline. */
  isKeyEvent: z.boolean().default(false),
  isDecisionPoint: z.boolean().default(false),
};

export const TaskFields = z.object(taskFields);
/** Patches never move a task to another operation: that would bypass need-to-know checks. */
export const TaskPatchFields = patchOf(taskFields).omit({ operationId: true });
export type TaskPatchFields = z.input<typeof TaskPatchFields>;

export const TaskDraft = z
  .object(taskFields)
  .refine(windowIsOrdered, { error: 'v.endBeforeStart', path: ['endsAt'] });
export type TaskDraft = z.output<typeof TaskDraft>;
export type TaskDraftInput = z.input<typeof TaskDraft>;

export const Task = z
  .object({ ...taskFields, id: Id, updatedAt: Instant })
  .refine(windowIsOrdered, { error: 'v.endBeforeStart', path: ['endsAt'] });
export type Task = z.output<typeof Task>;
