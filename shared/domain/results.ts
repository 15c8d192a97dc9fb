/**
 * What an operation moves and what it achieves (issue 17): the consignments it follows, its live
 * execution and its results. Each is a row of its own scoped to the operation, so that it syncs
 * field by field like the legal spine (shared/domain/legal.ts), and every agency taking part
 * sees it (shared/visibility/rule.ts).
 *
 * Identifiers are checked by their published rules where a standard defines one
 * (shared/domain/identifiers.ts): the МД number or the transit MRN, the УКТ ЗЕД code, the ISO
 * 6346 container, the UIC wagon, the IMO ship number, the ЄДРПОУ code.
 */
import { z } from 'zod';
import { List, MultilineText } from './bounds.js';
import { Id, Instant, RequiredText, Text, patchOf } from './common.js';
import {
  isValidContainerNumber, isValidDeclarationNumber, isValidEdrpou, isValidHsCode, isValidImoNumber,
  isValidMrn, isValidWagonNumber, normalizeContainerNumber, normalizeDeclarationNumber, normalizeEdrpou,
  normalizeHsCode, normalizeImoNumber, normalizeMrn, normalizeWagonNumber,
} from './identifiers.js';
import { LocalDate } from './legal.js';

/** An identifier field: empty, or valid by `valid` and stored normalised. */
const checked = (max: number, valid: (s: string) => boolean, normalize: (s: string) => string, error: string) =>
  Text(max).refine((s) => s === '' || valid(s), { error }).transform((s) => (s === '' ? '' : normalize(s))).default('');

export const HsCode = checked(20, isValidHsCode, normalizeHsCode, 'v.hsCode');
/** ISO 4217 alphabetic code. */
export const Currency = z.string().max(3, { error: 'v.currency' }).regex(/^[A-Z]{3}$/, { error: 'v.currency' });
const Amount = z.number({ error: 'v.number' }).min(0, { error: 'v.range' }).max(1e13, { error: 'v.range' });
const Country = z.string().max(2, { error: 'v.country' }).regex(/^([A-Z]{2})?$/, { error: 'v.country' });

// ---------------------------------------------------------------------------------------------
// Consignments

const consignmentFields = {
  operationId: Id,
  /** The customs declaration (МД) as ЄАІС numbers it: UA100010/2023/123456. */
  declarationNumber: checked(40, isValidDeclarationNumber, normalizeDeclarationNumber, 'v.declarationNumber'),
  /** The transit (or NCTS-lodged) declaration's MRN: 18 characters with its check character. */
  mrn: checked(40, isValidMrn, normalizeMrn, 'v.mrn'),
  cmrNumber: Text(40).default(''),
  invoiceNumber: Text(60).default(''),
  commodity: RequiredText(500),
  hsCode: HsCode,
  quantity: Amount.default(0),
  quantityUnit: Text(20).default(''),
  declaredValue: Amount.default(0),
  currency: Currency.default('UAH'),
  /** Seal numbers on the means of transport or the container, as found. */
  seals: List(Text(60), 50).default([]),
  consignor: Text(300).default(''),
  consignee: Text(300).default(''),
  consigneeEdrpou: checked(20, isValidEdrpou, normalizeEdrpou, 'v.edrpou'),
  truckPlate: Text(20).default(''),
  trailerPlate: Text(20).default(''),
  containerNumber: checked(20, isValidContainerNumber, normalizeContainerNumber, 'v.containerNumber'),
  wagonNumber: checked(20, isValidWagonNumber, normalizeWagonNumber, 'v.wagonNumber'),
  vesselImo: checked(20, isValidImoNumber, normalizeImoNumber, 'v.imo'),
  vesselName: Text(200).default(''),
  notes: MultilineText(2000).default(''),
};
export const ConsignmentDraft = z.object(consignmentFields);
export type ConsignmentDraftInput = z.input<typeof ConsignmentDraft>;
export const ConsignmentPatchFields = patchOf(consignmentFields).omit({ operationId: true });
export const Consignment = z.object({ ...consignmentFields, id: Id });
export type Consignment = z.output<typeof Consignment>;

// ---------------------------------------------------------------------------------------------
// Seizures

export const SEIZURE_CATEGORIES = [
  'drugs', 'precursors', 'tobacco', 'alcohol', 'fuel', 'weapons', 'currency', 'cultural_goods',
  'wildlife', 'counterfeit', 'vehicles', 'goods', 'other',
] as const;
export const SeizureCategory = z.enum(SEIZURE_CATEGORIES);
export type SeizureCategory = z.infer<typeof SeizureCategory>;

const seizureFields = {
  operationId: Id,
  consignmentId: Id.nullable().default(null),
  /** The proceeding it was seized in (a criminal seizure), or none (temporary seizure, МК ст. 511). */
  proceedingId: Id.nullable().default(null),
  category: SeizureCategory,
  description: RequiredText(500),
  quantity: Amount.default(0),
  quantityUnit: Text(20).default(''),
  hsCode: HsCode,
  /** Estimated customs value (0: not estimated). */
  estimatedValue: Amount.default(0),
  currency: Currency.default('UAH'),
  seizedAt: Instant,
  seizedByAgencyId: Id,
  storagePlace: Text(300).default(''),
  notes: MultilineText(2000).default(''),
};
export const SeizureDraft = z.object(seizureFields);
export type SeizureDraftInput = z.input<typeof SeizureDraft>;
export const SeizurePatchFields = patchOf(seizureFields).omit({ operationId: true });
export const Seizure = z.object({ ...seizureFields, id: Id });
export type Seizure = z.output<typeof Seizure>;

// ---------------------------------------------------------------------------------------------
// Evidence and its chain of custody

const evidenceFields = {
  operationId: Id,
  seizureId: Id.nullable().default(null),
  /** The item's number in the seizure protocol («речовий доказ № 3»). */
  number: Text(40).default(''),
  description: RequiredText(500),
  /** How it is packed («сейф-пакет», «коробка, обмотана скотчем»). */
  packaging: Text(300).default(''),
  /** The seal (or safe-bag number) it was packed under. */
  sealNumber: Text(60).default(''),
  packedAt: Instant,
  /** Who packed it: the first custodian. */
  packedBy: RequiredText(300),
  packedByAgencyId: Id,
  notes: MultilineText(2000).default(''),
};
export const EvidenceDraft = z.object(evidenceFields);
export type EvidenceDraftInput = z.input<typeof EvidenceDraft>;
export const EvidencePatchFields = patchOf(evidenceFields).omit({ operationId: true });
export const EvidenceItem = z.object({ ...evidenceFields, id: Id });
export type EvidenceItem = z.output<typeof EvidenceItem>;

/** One hand-over of an evidence item: recorded once, never edited (a correction is a new row). */
const custodyFields = {
  operationId: Id,
  evidenceId: Id,
  fromPerson: RequiredText(300),
  toPerson: RequiredText(300),
  toAgencyId: Id,
  at: Instant,
  place: Text(300).default(''),
  /** The seal number found on the package at the hand-over. */
  sealNumber: Text(60).default(''),
  sealIntact: z.boolean().default(true),
  /** Opened (an expert examination) and sealed again under this number. */
  resealedAs: Text(60).default(''),
  purpose: Text(300).default(''),
  recordedBy: Text(300).default(''),
  recordedAt: Instant,
};
export const CustodyDraft = z.object(custodyFields).omit({ recordedBy: true, recordedAt: true });
export type CustodyDraftInput = z.input<typeof CustodyDraft>;
export const CustodyTransfer = z.object({ ...custodyFields, id: Id });
export type CustodyTransfer = z.output<typeof CustodyTransfer>;

// ---------------------------------------------------------------------------------------------
// Detentions

export const DETENTION_BASES = ['kpk_208', 'kpk_court_order', 'admin_customs', 'admin_other'] as const;
export const DetentionBasis = z.enum(DETENTION_BASES);

const detentionFields = {
  operationId: Id,
  proceedingId: Id.nullable().default(null),
  /** КПК ст. 208 (detention without a ruling by an authorised official), by a ruling, or an
   *  administrative detention (customs: МК ст. 520; others under КУпАП). */
  basis: DetentionBasis,
  fullName: RequiredText(200),
  /** As the passport has it; empty: the official transliteration of `fullName`. */
  nameLatin: Text(200).default(''),
  dateOfBirth: z.union([z.literal(''), LocalDate]).default(''),
  citizenship: Country.default(''),
  passport: Text(40).default(''),
  /** The actual moment of detention (КПК ст. 208–209: the time the person was stopped, not the
   *  time the protocol was written), from which the 60-hour and 72-hour limits run. */
  detainedAt: Instant,
  detainedBy: RequiredText(300),
  detainedByAgencyId: Id,
  place: Text(300).default(''),
  /** Where the person was taken (the police unit, the temporary holding facility). */
  takenTo: Text(300).default(''),
  notes: MultilineText(2000).default(''),
};
export const DetentionDraft = z.object(detentionFields);
export type DetentionDraftInput = z.input<typeof DetentionDraft>;
export const DetentionPatchFields = patchOf(detentionFields).omit({ operationId: true });
export const Detention = z.object({ ...detentionFields, id: Id });
export type Detention = z.output<typeof Detention>;

// ---------------------------------------------------------------------------------------------
// Protocols on violations of customs rules (МК ст. 494)

const protocolFields = {
  operationId: Id,
  number: RequiredText(60),
  drawnOn: LocalDate,
  drawnBy: Text(300).default(''),
  drawnByAgencyId: Id,
  /** The article of the Customs Code the violation falls under («ст. 483 МК України»). */
  article: Text(100).default(''),
  offender: Text(300).default(''),
  seizureId: Id.nullable().default(null),
  notes: MultilineText(2000).default(''),
};
export const ProtocolDraft = z.object(protocolFields);
export type ProtocolDraftInput = z.input<typeof ProtocolDraft>;
export const ProtocolPatchFields = patchOf(protocolFields).omit({ operationId: true });
export const ViolationProtocol = z.object({ ...protocolFields, id: Id });
export type ViolationProtocol = z.output<typeof ViolationProtocol>;

// ---------------------------------------------------------------------------------------------
// Outcome and lessons

export const OUTCOMES = ['', 'achieved', 'partial', 'not_achieved'] as const;
export const OperationOutcomeKind = z.enum(OUTCOMES);
export type OperationOutcomeKind = z.infer<typeof OperationOutcomeKind>;

const outcomeFields = {
  operationId: Id,
  outcome: OperationOutcomeKind.default(''),
  /** Why the operation was completed with tasks still open (required then). */
  completionReason: MultilineText(2000).default(''),
  lessons: MultilineText(8000).default(''),
};
export const OutcomePatch = z.object({
  operationId: Id,
  outcome: OperationOutcomeKind.optional(),
  lessons: MultilineText(8000).optional(),
});
export const OperationOutcome = z.object({ ...outcomeFields, id: Id });
export type OperationOutcome = z.output<typeof OperationOutcome>;

/** A proceeding as a result of the operation: opened from it, or one the results were joined to. */
export const PROCEEDING_RESULTS = ['', 'opened', 'linked'] as const;
export const ProceedingResult = z.enum(PROCEEDING_RESULTS);

/** Every result of one operation, as the «Результати» tab, the report and the CLI read them. */
export const OperationResults = z.object({
  consignments: z.array(Consignment),
  seizures: z.array(Seizure),
  evidence: z.array(EvidenceItem),
  custody: z.array(CustodyTransfer),
  detentions: z.array(Detention),
  protocols: z.array(ViolationProtocol),
  outcome: OperationOutcome.nullable(),
});
export type OperationResults = z.output<typeof OperationResults>;

// ---------------------------------------------------------------------------------------------
// Live execution

/** The actual start and finish of a task (row id = the task's id), with who recorded each. */
export const TaskActual = z.object({
  id: Id,
  operationId: Id,
  startedAt: Instant.nullable(),
  startRecordedBy: Text(300),
  startRecordedAt: Instant.nullable(),
  finishedAt: Instant.nullable(),
  finishRecordedBy: Text(300),
  finishRecordedAt: Instant.nullable(),
});
export type TaskActual = z.output<typeof TaskActual>;

/** One line of the unit log (after ICS 214): append-only. */
export const ActivityEntry = z.object({
  id: Id,
  operationId: Id,
  at: Instant,
  agencyId: Id,
  unit: Text(300),
  author: Text(300),
  taskId: Id.nullable(),
  entry: RequiredText(2000),
  recordedAt: Instant,
});
export type ActivityEntry = z.output<typeof ActivityEntry>;

