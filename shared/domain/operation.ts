/** An operation and the parts planners fill in (DOMAIN.md "Operations and tasks"). */
import { z } from 'zod';
import { LIMITS, List, MultilineText } from './bounds.js';
import {
  Id, Instant, Place, RequiredText, Text, TimeZone, patchOf, windowIsOrdered,
} from './common.js';
import {
  Formality, HandlingCode, InteractionForm, OperationStatus, OperationType, RiskLevel,
} from './enums.js';
import { Subject } from './subject.js';

export const Risk = z.object({
  id: Id.optional(),
  threat: RequiredText(500),
  likelihood: RiskLevel,
  impact: RiskLevel,
  mitigation: MultilineText(1000).default(''),
  owner: Text(200).default(''),
});
export type Risk = z.infer<typeof Risk>;

export const CommsEntry = z.object({
  id: Id.optional(),
  channel: RequiredText(100),
  /** A frequency ("152.450 MHz") or a digital talk group ("TG 2231"). */
  frequencyOrTalkGroup: Text(100).default(''),
  callsign: Text(50).default(''),
  agencyId: Id.nullable().default(null),
  phone: Text(50).default(''),
  notes: Text(500).default(''),
});
export type CommsEntry = z.infer<typeof CommsEntry>;

export const OperationLocation = z.object({
  id: Id.optional(),
  label: RequiredText(300),
  point: Place.shape.point,
});
export type OperationLocation = z.infer<typeof OperationLocation>;

const operationFields = {
  codeName: RequiredText(100),
  type: OperationType,
  handlingCode: HandlingCode.default('H2'),
  /** Free-text restrictions; required when the handling code is H3. */
  handlingNote: Text(500).default(''),
  form: InteractionForm.default('coordination'),
  formality: Formality.default('formal'),
  legalBasis: MultilineText(1000).default(''),
  leadAgencyId: Id,
  participatingAgencyIds: List(Id, LIMITS.participatingAgencies).default([]),
  startsAt: Instant,
  endsAt: Instant,
  timeZone: TimeZone.default('Europe/Kyiv'),
  area: Text(500).default(''),
  locations: List(OperationLocation, LIMITS.operationLocations).default([]),
  objectives: MultilineText(4000).default(''),
  situation: MultilineText(8000).default(''),
  execution: MultilineText(8000).default(''),
  sustainment: MultilineText(4000).default(''),
  commandPost: Text(500).default(''),
  risks: List(Risk, LIMITS.operationRisks).default([]),
  comms: List(CommsEntry, LIMITS.operationComms).default([]),
  subjects: List(Subject, LIMITS.operationSubjects).default([]),
};

type OperationRuleInput = {
  formality: string; legalBasis: string; handlingCode: string; handlingNote: string;
  startsAt: string; endsAt: string; leadAgencyId: string; participatingAgencyIds: string[];
};

/** Cross-field rules of an operation, shared by the draft and the stored shape. */
export function checkOperationRules(v: OperationRuleInput, ctx: z.RefinementCtx): void {
  if (v.formality === 'formal' && v.legalBasis.trim() === '') {
    ctx.addIssue({ code: 'custom', path: ['legalBasis'], message: 'v.legalBasisRequired' });
  }
  if (v.handlingCode === 'H3' && v.handlingNote.trim() === '') {
    ctx.addIssue({ code: 'custom', path: ['handlingNote'], message: 'v.handlingNoteRequired' });
  }
  if (!windowIsOrdered(v)) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'v.endBeforeStart' });
  }
  if (new Set(v.participatingAgencyIds).size !== v.participatingAgencyIds.length) {
    ctx.addIssue({ code: 'custom', path: ['participatingAgencyIds'], message: 'v.duplicate' });
  }
}

export const OperationFields = z.object(operationFields);
export const OperationPatchFields = patchOf(operationFields);
export type OperationPatchFields = z.input<typeof OperationPatchFields>;

export const OperationDraft = z.object(operationFields).superRefine(checkOperationRules);
export type OperationDraft = z.output<typeof OperationDraft>;
export type OperationDraftInput = z.input<typeof OperationDraft>;

export const Operation = z
  .object({
    ...operationFields,
    id: Id,
    status: OperationStatus,
    createdAt: Instant,
    updatedAt: Instant,
  })
  .superRefine(checkOperationRules);
export type Operation = z.output<typeof Operation>;

/** The agencies that take part, lead included: the need-to-know boundary of an operation. */
export function operationAgencyIds(op: Pick<Operation, 'leadAgencyId' | 'participatingAgencyIds'>): string[] {
  return [op.leadAgencyId, ...op.participatingAgencyIds.filter((a) => a !== op.leadAgencyId)];
}

export const Phase = z
  .object({
    id: Id,
    operationId: Id,
    name: RequiredText(200),
    ordinal: z.number().int().min(0).max(LIMITS.ordinal, { error: 'v.range' }),
    startsAt: Instant,
    endsAt: Instant,
  })
  .refine(windowIsOrdered, { error: 'v.endBeforeStart', path: ['endsAt'] });
export type Phase = z.output<typeof Phase>;

export const PhaseDraft = z
  .object({
    operationId: Id,
    name: RequiredText(200),
    ordinal: z.number().int().min(0).max(LIMITS.ordinal, { error: 'v.range' }).optional(),
    startsAt: Instant,
    endsAt: Instant,
  })
  .refine(windowIsOrdered, { error: 'v.endBeforeStart', path: ['endsAt'] });
export type PhaseDraft = z.input<typeof PhaseDraft>;
