/**
 * The conflicts domain (issue 4): conflict scans, critical path and slip what-if, offline
 * deconfliction alerts and their acknowledgement, and the scheduling settings.
 */
import { z } from 'zod';
import { LIMITS, MultilineText, RequiredText, Text } from '../domain/bounds.js';
import { Id } from '../domain/common.js';
import { CONFLICT_RULES, CONFLICT_SEVERITIES } from '../scheduling/model.js';
import { Task } from '../domain/task.js';
import { defineDomain } from './contract.js';
import { ConflictOverride } from './tasks.js';

const Params = z.record(z.string(), z.union([z.string(), z.number()]));

export const ConflictView = z.object({
  key: z.string(),
  rule: z.enum(CONFLICT_RULES),
  severity: z.enum(CONFLICT_SEVERITIES),
  operationIds: z.array(z.string()),
  taskIds: z.array(z.string()),
  personIds: z.array(z.string()),
  resourceIds: z.array(z.string()),
  unitIds: z.array(z.string()),
  agencyIds: z.array(z.string()),
  message: z.object({ key: z.string(), params: Params }),
  fix: z.object({ key: z.string(), params: Params }),
  /** Set when a save created this conflict with an explicit override; it stays visible. */
  override: z.object({ reason: z.string(), at: z.string(), by: z.string() }).nullable(),
});
export type ConflictView = z.infer<typeof ConflictView>;

export const ConflictReport = z.object({
  conflicts: z.array(ConflictView),
  blocking: z.number().int(),
  warning: z.number().int(),
  scannedAt: z.string(),
});
export type ConflictReport = z.infer<typeof ConflictReport>;

/**
 * One page of the plan-wide conflict list, filtered. A large plan has thousands of conflicts;
 * the page asks for them a page at a time (blocking first, then by key) and says how many match.
 */
export const ConflictPageQuery = z.object({
  severity: z.enum(CONFLICT_SEVERITIES).nullable().default(null),
  rule: z.enum(CONFLICT_RULES).nullable().default(null),
  offset: z.number().int().min(0).max(LIMITS.offset, { error: 'v.range' }).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const ConflictPage = ConflictReport.extend({
  /** Conflicts matching the filter; `conflicts` holds those from `offset`, at most `limit`. */
  total: z.number().int(),
  offset: z.number().int(),
});
export type ConflictPage = z.infer<typeof ConflictPage>;

export const TaskConflictCount = z.object({ blocking: z.number().int(), warning: z.number().int() });

/** Open (not overridden) conflicts per task, for badges on task cards and calendar events. */
export const TaskConflictCounts = z.object({
  counts: z.record(z.string(), TaskConflictCount),
  scannedAt: z.string(),
});
export type TaskConflictCounts = z.infer<typeof TaskConflictCounts>;

export const TaskTimingView = z.object({
  taskId: z.string(),
  earliestStart: z.string(),
  earliestFinish: z.string(),
  latestStart: z.string(),
  latestFinish: z.string(),
  slackMinutes: z.number(),
  critical: z.boolean(),
});

export const CriticalPathView = z.object({
  tasks: z.array(TaskTimingView),
  criticalPath: z.array(z.string()),
  projectFinish: z.string().nullable(),
  endSlackMinutes: z.number().nullable(),
  cyclic: z.array(z.string()),
});
export type CriticalPathView = z.infer<typeof CriticalPathView>;

export const SlipRequest = z.object({
  taskId: Id,
  minutes: z.number().int().min(-525600).max(525600),
});

export const SlipView = z.object({
  moved: z.array(z.object({ taskId: z.string(), deltaMinutes: z.number(), startsAt: z.string(), endsAt: z.string() })),
  exceedsOperationEnd: z.boolean(),
  newFinish: z.string().nullable(),
  /** Conflicts the slip would create, found without saving. */
  introduced: z.array(ConflictView),
});
export type SlipView = z.infer<typeof SlipView>;

export const OperationRef = z.object({
  id: z.string(),
  codeName: z.string(),
  leadAgencyId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  contacts: z.array(z.string()),
  /** False when the operation has since been deleted here. */
  present: z.boolean(),
});

export const DeconflictionAlert = z.object({
  key: z.string(),
  kind: z.enum(['subject', 'proximity']),
  matchKey: z.string(),
  label: z.string(),
  distanceMeters: z.number().nullable(),
  windowsOverlap: z.boolean(),
  a: OperationRef,
  b: OperationRef,
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  clearedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  ackNote: z.string(),
});
export type DeconflictionAlert = z.infer<typeof DeconflictionAlert>;

export const SchedulingSettingsSchema = z.object({
  maxDutyHours: z.number().min(1).max(72),
  minRestHours: z.number().min(0).max(72),
  radiusMeters: z.number().int().min(10).max(100000),
});

export const conflictsApi = defineDomain({
  scan: { input: ConflictPageQuery.default({ severity: null, rule: null, offset: 0, limit: 200 }), output: ConflictPage },
  taskCounts: { input: z.object({}).default({}), output: TaskConflictCounts },
  forOperation: { input: z.object({ operationId: Id }), output: ConflictReport },
  criticalPath: { input: z.object({ operationId: Id }), output: CriticalPathView },
  whatIfSlip: { input: SlipRequest, output: SlipView },
  /** Saves the slip with its knock-on moves in one guarded save (override as for task saves). */
  applySlip: { input: SlipRequest.extend({ override: ConflictOverride.optional() }), output: z.array(Task) },
  deconflict: { input: z.object({ operationId: Id.nullable().default(null) }).default({ operationId: null }), output: z.array(DeconflictionAlert) },
  acknowledgeAlert: {
    input: z.object({ key: RequiredText(2000), by: Text(200).default(''), note: MultilineText(2000).default('') }),
    output: DeconflictionAlert,
  },
  getSettings: { input: z.object({}).default({}), output: SchedulingSettingsSchema },
  setSettings: { input: SchedulingSettingsSchema.partial(), output: SchedulingSettingsSchema },
});
