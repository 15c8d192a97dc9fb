/** The operations domain: operations, their phases, and the whole plan of one operation. */
import { z } from 'zod';
import { LIMITS, List, MultilineText, RequiredMultilineText } from '../domain/bounds.js';
import { Id, Instant, RequiredText, Text, TimeZone } from '../domain/common.js';
import { HandlingCode, OperationStatus, OperationType } from '../domain/enums.js';
import {
  Operation, OperationDraft, OperationPatchFields, Phase, PhaseDraft,
} from '../domain/operation.js';
import { Task } from '../domain/task.js';
import { LANGS } from '../i18n/catalog.js';
import { OPERATION_TEMPLATES } from '../planning/templates.js';
import { defineDomain } from './contract.js';

export const OPERATION_SORT_KEYS = ['startsAt', 'codeName', 'status', 'updatedAt'] as const;

export const OperationListQuery = z
  .object({
    search: Text(200).default(''),
    types: List(OperationType, 50).default([]),
    statuses: List(OperationStatus, 50).default([]),
    /** Lead or participating agency. */
    agencyId: Id.nullable().default(null),
    handlingCodes: List(HandlingCode, 50).default([]),
    /** Operations whose window overlaps [from, to). */
    from: Instant.nullable().default(null),
    to: Instant.nullable().default(null),
    sort: z.enum(OPERATION_SORT_KEYS).default('startsAt'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    limit: z.number().int().min(1).max(10000).default(5000),
  })
  .default({
    search: '', types: [], statuses: [], agencyId: null, handlingCodes: [], from: null, to: null,
    sort: 'startsAt', direction: 'asc', limit: 5000,
  });
export type OperationListQuery = z.input<typeof OperationListQuery>;

export const OperationSummary = z.object({
  id: Id,
  codeName: z.string(),
  type: OperationType,
  status: OperationStatus,
  handlingCode: HandlingCode,
  leadAgencyId: Id,
  participatingAgencyIds: z.array(Id),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  taskCount: z.number().int(),
  openConflictCount: z.number().int(),
  updatedAt: z.string(),
});
export type OperationSummary = z.infer<typeof OperationSummary>;

/** Everything the operation page shows, in one round trip. */
export const OperationPlan = z.object({
  operation: Operation,
  phases: z.array(Phase),
  tasks: z.array(Task),
});
export type OperationPlan = z.output<typeof OperationPlan>;

/** Editable fields of an operation; status has its own method because it has its own rules. */
export const OperationPatch = z.object({
  id: Id,
  patch: OperationPatchFields,
});

export const StatusChange = z.object({
  id: Id,
  to: OperationStatus,
  /** Required when the move is a reopen (backwards); recorded with the change. */
  reason: MultilineText(1000).default(''),
  /** Required when approving: position, rank and name of the head of the lead agency (ЗАТВЕРДЖУЮ). */
  approvedBy: Text(300).default(''),
});

export const ById = z.object({ id: Id });

/**
 * An explicit decision to save although the save creates a blocking conflict (issue 4). The
 * reason is recorded with who and when; without it such a save answers `blocking_conflict`.
 */
export const ConflictOverride = z.object({ reason: RequiredMultilineText(1000) });

export const DuplicateRequest = z.object({
  id: Id,
  codeName: RequiredText(100),
  /** Shift every time in the copy by this many minutes (0 keeps the dates). */
  shiftMinutes: z.number().int().min(-525600).max(525600).default(0),
  /** The copy's tasks book the same people and resources: overlapping copies need an override. */
  override: ConflictOverride.optional(),
});

/** A new operation laid out from a template (shared/planning/templates.ts), in one language. */
export const FromTemplateRequest = z.object({
  templateId: z.enum(OPERATION_TEMPLATES.map((t) => t.id) as [string, ...string[]]),
  codeName: RequiredText(100),
  startsAt: Instant,
  timeZone: TimeZone.default('Europe/Kyiv'),
  /** Overrides the template's lead agency. */
  leadAgencyId: Id.nullable().default(null),
  handlingCode: HandlingCode.default('H2'),
  lang: z.enum(LANGS as unknown as ['uk', 'en']).default('uk'),
});
export type FromTemplateRequest = z.input<typeof FromTemplateRequest>;

export const PhasePatch = z.object({
  id: Id,
  patch: z.object({
    name: RequiredText(200).optional(),
    ordinal: z.number().int().min(0).max(LIMITS.ordinal, { error: 'v.range' }).optional(),
    startsAt: Instant.optional(),
    endsAt: Instant.optional(),
  }),
});

export const operationsApi = defineDomain({
  list: { input: OperationListQuery, output: z.array(OperationSummary) },
  get: { input: ById, output: Operation },
  getPlan: { input: ById, output: OperationPlan },
  create: { input: OperationDraft, output: Operation },
  update: { input: OperationPatch, output: Operation },
  changeStatus: { input: StatusChange, output: Operation },
  duplicate: { input: DuplicateRequest, output: Operation },
  createFromTemplate: { input: FromTemplateRequest, output: Operation },
  remove: { input: ById, output: ById },
  addPhase: { input: PhaseDraft, output: Phase },
  updatePhase: { input: PhasePatch, output: Phase },
  removePhase: { input: ById, output: ById },
});
