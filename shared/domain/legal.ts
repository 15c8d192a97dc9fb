/**
 * The legal spine of an operation (DOMAIN.md, "Criminal-procedure spine"): the criminal
 * proceedings it belongs to, who holds which procedural role, the decisions that authorise its
 * actions, the participants' agreement marks and its international cooperation. Each is a row
 * of its own, scoped to the operation, so that it syncs field by field like a task.
 *
 * A proceeding is recorded per operation (the same ЄРДР number may stand on several operations):
 * need-to-know is decided per operation, and a proceeding shared across operations would show
 * one operation's participants another's.
 */
import { z } from 'zod';
import { LIMITS, List, MultilineText } from './bounds.js';
import { Id, Instant, Place, RequiredText, Text, patchOf } from './common.js';
import { HandlingCode, Marking } from './enums.js';
import {
  DECISION_KINDS, INTERNATIONAL_KINDS, PROCEDURAL_ROLES, isErdrNumber,
} from '../legal/reference.js';

/** A calendar date (YYYY-MM-DD) that exists. */
export const LocalDate = Text(10).regex(/^\d{4}-\d\d-\d\d$/, { error: 'v.date' }).refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, { error: 'v.date' });

export const ErdrNumber = Text(20).refine(isErdrNumber, { error: 'v.erdrFormat' });

export const DecisionKind = z.enum(DECISION_KINDS);
export const ProceduralRole = z.enum(PROCEDURAL_ROLES);
export const InternationalKind = z.enum(INTERNATIONAL_KINDS);
export const Country = z.string().max(2, { error: 'v.country' }).regex(/^([A-Z]{2})?$/, { error: 'v.country' });

// ---------------------------------------------------------------------------------------------

const proceedingFields = {
  operationId: Id,
  erdrNumber: ErdrNumber,
  registeredOn: LocalDate,
  /** Legal qualification by an article of the Criminal Code («ч. 1 ст. 305 КК України»). */
  qualification: RequiredText(300),
  investigatingAgencyId: Id,
  investigatingUnit: Text(300).default(''),
  notes: MultilineText(2000).default(''),
  /** Issue 17: '' — the basis the operation runs in; 'opened' — registered as a result of it;
   *  'linked' — an existing proceeding its results were joined to. */
  result: z.enum(['', 'opened', 'linked']).default(''),
};
export const ProceedingDraft = z.object(proceedingFields);
export type ProceedingDraftInput = z.input<typeof ProceedingDraft>;
export const ProceedingPatchFields = patchOf(proceedingFields).omit({ operationId: true });
export const Proceeding = z.object({ ...proceedingFields, id: Id });
export type Proceeding = z.output<typeof Proceeding>;

// ---------------------------------------------------------------------------------------------

const roleFields = {
  operationId: Id,
  role: ProceduralRole,
  /** The agency the holder serves in; null for actors outside the agencies (a judge, a court). */
  agencyId: Id.nullable().default(null),
  personId: Id.nullable().default(null),
  name: Text(200).default(''),
  position: Text(200).default(''),
  unit: Text(300).default(''),
  phone: Text(50).default(''),
  /** ISO 3166 alpha-2 of a foreign liaison officer's country. */
  country: Country.default(''),
  proceedingId: Id.nullable().default(null),
};
function checkRole(v: { role: string; agencyId: string | null; name: string; personId: string | null; country: string }, ctx: z.RefinementCtx): void {
  if (v.name.trim() === '' && v.personId === null) ctx.addIssue({ code: 'custom', path: ['name'], message: 'v.required' });
  const actor = v.role === 'investigating_judge' || v.role === 'court' || v.role === 'foreign_liaison';
  if (!actor && v.agencyId === null) ctx.addIssue({ code: 'custom', path: ['agencyId'], message: 'v.required' });
  if (v.role === 'foreign_liaison' && v.country === '') ctx.addIssue({ code: 'custom', path: ['country'], message: 'v.required' });
}
export const RoleDraft = z.object(roleFields).superRefine(checkRole);
export type RoleDraftInput = z.input<typeof RoleDraft>;
export const RolePatchFields = patchOf(roleFields).omit({ operationId: true });
export const OperationRole = z.object({ ...roleFields, id: Id }).superRefine(checkRole);
export type OperationRole = z.output<typeof OperationRole>;

// ---------------------------------------------------------------------------------------------

const decisionFields = {
  operationId: Id,
  proceedingId: Id.nullable().default(null),
  kind: DecisionKind,
  number: Text(100).default(''),
  issuedOn: LocalDate,
  /** Who issued it, as written on it («прокурор … прокуратури», «слідчий суддя … суду»). */
  issuer: RequiredText(300),
  /** The agency holding it for the operation (the prosecutor's office, the investigating body). */
  holderAgencyId: Id,
  validFrom: Instant,
  validUntil: Instant,
  /** The tasks it authorises: a decision covers only what it names. */
  taskIds: List(Id, LIMITS.bulkIds).default([]),
  handlingCode: HandlingCode.default('H2'),
  marking: Marking.default('dsk'),
  /** Where the decision itself is kept when it is classified above what Spilno may hold. */
  classifiedFileRef: Text(300).default(''),
  notes: MultilineText(2000).default(''),
};
function checkDecision(v: { validFrom: string; validUntil: string }, ctx: z.RefinementCtx): void {
  if (new Date(v.validUntil).getTime() <= new Date(v.validFrom).getTime()) {
    ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'v.endBeforeStart' });
  }
}
export const DecisionDraft = z.object(decisionFields).superRefine(checkDecision);
export type DecisionDraftInput = z.input<typeof DecisionDraft>;
export const DecisionPatchFields = patchOf(decisionFields).omit({ operationId: true });
export const Decision = z.object({ ...decisionFields, id: Id }).superRefine(checkDecision);
export type Decision = z.output<typeof Decision>;

// ---------------------------------------------------------------------------------------------

/** A participating agency's agreement mark (ПОГОДЖЕНО) on the plan: its own act, nobody else's. */
const agreementFields = {
  operationId: Id,
  agencyId: Id,
  signedBy: RequiredText(300),
  agreedAt: Instant,
  note: Text(500).default(''),
};
export const AgreementDraft = z.object(agreementFields);
export type AgreementDraftInput = z.input<typeof AgreementDraft>;
export const Agreement = z.object({ ...agreementFields, id: Id });
export type Agreement = z.output<typeof Agreement>;

// ---------------------------------------------------------------------------------------------

const internationalFields = {
  operationId: Id,
  kind: InternationalKind,
  /** The treaty or instrument it runs under. */
  instrument: Text(300).default(''),
  counterpartAuthority: RequiredText(300),
  country: Country.refine((c) => c !== '', { error: 'v.required' }),
  reference: Text(100).default(''),
  sentAt: Instant.nullable().default(null),
  dueAt: Instant.nullable().default(null),
  answeredAt: Instant.nullable().default(null),
  /** A hand-over point: where and when the consignment passes to or from the counterpart. */
  place: Place.default({ label: '', point: null }),
  at: Instant.nullable().default(null),
  handlingCode: HandlingCode.default('H2'),
  notes: MultilineText(2000).default(''),
};
export const InternationalDraft = z.object(internationalFields);
export type InternationalDraftInput = z.input<typeof InternationalDraft>;
export const InternationalPatchFields = patchOf(internationalFields).omit({ operationId: true });
export const InternationalItem = z.object({ ...internationalFields, id: Id });
export type InternationalItem = z.output<typeof InternationalItem>;

/** Everything of the legal spine of one operation, as the operation page and the CLI show it. */
export const LegalSpine = z.object({
  proceedings: z.array(Proceeding),
  roles: z.array(OperationRole),
  decisions: z.array(Decision),
  agreements: z.array(Agreement),
  international: z.array(InternationalItem),
});
export type LegalSpine = z.output<typeof LegalSpine>;

/** Whether `d` authorises a task over [startsAt, endsAt]: it names the task and is valid throughout. */
export function decisionCovers(
  d: Pick<Decision, 'taskIds' | 'validFrom' | 'validUntil'>,
  t: { id: string; startsAt: string; endsAt: string },
): boolean {
  return d.taskIds.includes(t.id)
    && new Date(d.validFrom).getTime() <= new Date(t.startsAt).getTime()
    && new Date(d.validUntil).getTime() >= new Date(t.endsAt).getTime();
}
