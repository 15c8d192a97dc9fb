/** An operation and the parts planners fill in (DOMAIN.md "Operations and tasks"). */
import { z } from 'zod';
import { LIMITS, List, MultilineText } from './bounds.js';
import {
  Id, Instant, Place, RequiredText, Text, TimeZone, patchOf, windowIsOrdered,
} from './common.js';
import {
  Formality, HandlingCode, InteractionForm, Marking, OperationStatus, OperationType, RiskLevel,
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
  /** What the channel is for (command net, surveillance, emergency). */
  function: Text(200).default(''),
  /** How it is protected ("TETRA end-to-end", "none — open speech only by code words"). */
  encryption: Text(200).default(''),
  /** Who is on it: units, teams or posts assigned to the channel. */
  assignment: Text(300).default(''),
});
export type CommsEntry = z.infer<typeof CommsEntry>;

export const OperationLocation = z.object({
  id: Id.optional(),
  label: RequiredText(300),
  point: Place.shape.point,
});
export type OperationLocation = z.infer<typeof OperationLocation>;

/** A code word of the operation and what it means when said on a channel. */
export const CodeWord = z.object({
  id: Id.optional(),
  word: RequiredText(100),
  meaning: Text(300).default(''),
});
export type CodeWord = z.infer<typeof CodeWord>;

/**
 * One copy of the briefing pack on its distribution list: the copy number is the entry's
 * position (1-based). The copy goes to an agency (its pack carries that agency's view) or, with
 * no agency, stays with the coordinator (the whole plan, "у справу").
 */
export const DistributionEntry = z.object({
  id: Id.optional(),
  agencyId: Id.nullable().default(null),
  /** Who receives it inside the agency: a unit, a position ("Начальник ВП №1 Ковельського РУП"). */
  addressee: Text(300).default(''),
});
export type DistributionEntry = z.infer<typeof DistributionEntry>;

/** Free text of an order's paragraph: the bound the form and the pack share. */
const OrderText = () => MultilineText(LIMITS.orderParagraphChars).default('');

/**
 * The five-paragraph order's parts beyond the situation and the concept (DOMAIN.md "Briefing
 * pack structure"): command, coordinating instructions, sustainment. Each is its own field, so
 * two units editing different paragraphs never collide in sync.
 */
const orderFields = {
  commandHead: Text(300).default(''),
  commandDeputy: Text(300).default(''),
  /** Who takes command, in order, if the head and the deputy cannot. */
  commandSuccession: OrderText(),
  goNoGoCriteria: OrderText(),
  abortCriteria: OrderText(),
  onCompromise: OrderText(),
  onLostContact: OrderText(),
  useOfForce: OrderText(),
  reportingSchedule: OrderText(),
  evidenceHandling: OrderText(),
  pressLine: OrderText(),
  codeWords: List(CodeWord, LIMITS.operationCodeWords).default([]),
  medical: OrderText(),
  detaineeTransport: OrderText(),
  evidenceStorage: OrderText(),
  interpreters: OrderText(),
};

/**
 * The marking of the pack as a document with restricted distribution (DOMAIN.md
 * "Criminal-procedure spine"): registration number, the item of the agency's list of restricted
 * information that makes it «Для службового користування», who approves it, and where each
 * copy goes.
 */
const markingFields = {
  registrationNumber: Text(100).default(''),
  restrictedListItem: Text(500).default(''),
  approverPosition: Text(300).default(''),
  approverName: Text(200).default(''),
  distribution: List(DistributionEntry, LIMITS.distributionCopies).default([]),
};

/**
 * Need-to-know details held by the lead agency alone (shared/visibility/rule.ts,
 * LEAD_ONLY_FIELDS): where the information came from and how it is graded, and the details
 * (places, times) that only those who must know may know. They never reach another agency's
 * pack, calendar or bundle.
 */
const restrictedFields = {
  restrictedSources: MultilineText(LIMITS.orderParagraphChars).default(''),
  restrictedDetails: MultilineText(2 * LIMITS.orderParagraphChars).default(''),
};

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
  ...orderFields,
  ...markingFields,
  ...restrictedFields,
  /** The operation's marking (гриф); never above the installation's ceiling (shared/legal). */
  marking: Marking.default('dsk'),
  /** Where what Spilno may not hold is kept: the classified file («справа № …, том …»). */
  classifiedFileRef: Text(300).default(''),
};

/** Set by approval only (the head of the lead agency, by name and position), never patched. */
const approvalFields = {
  approvedBy: Text(300).default(''),
  approvedAt: Instant.nullable().default(null),
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
    ...approvalFields,
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
