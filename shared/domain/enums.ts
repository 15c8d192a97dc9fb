/**
 * Closed vocabularies of the domain (../shared/DOMAIN.md). Each list is the single source for its
 * zod enum, its TypeScript union and the i18n catalog keys; adding a value here makes the
 * compiler point at every catalog and switch that must learn it.
 */
import { z } from 'zod';

export const AGENCY_KINDS = [
  'customs', 'police', 'security', 'border', 'prosecution', 'economic', 'anticorruption',
  'investigation', 'military-police', 'financial-control', 'environmental', 'penitentiary',
  'international', 'foreign',
] as const;
export const AgencyKind = z.enum(AGENCY_KINDS);
export type AgencyKind = z.infer<typeof AgencyKind>;

export const OPERATION_TYPES = [
  'controlled_delivery', 'test_purchase', 'joint_search', 'seizure', 'detention',
  'customs_inspection', 'joint_patrol', 'surveillance', 'expert_examination', 'joint_training',
  'conference', 'working_group', 'international_operation', 'customs_violation_case',
] as const;
export const OperationType = z.enum(OPERATION_TYPES);
export type OperationType = z.infer<typeof OperationType>;

/** Lifecycle order matters: index is the position in draft → completed (aborted is terminal). */
export const OPERATION_STATUSES = [
  'draft', 'planned', 'approved', 'briefed', 'active', 'completed', 'aborted',
] as const;
export const OperationStatus = z.enum(OPERATION_STATUSES);
export type OperationStatus = z.infer<typeof OperationStatus>;

export const TASK_TYPES = [
  'intelligence_check', 'prosecutor_decision', 'briefing', 'handover', 'surveillance', 'escort',
  'interception', 'detention', 'border_detention', 'search', 'seizure', 'customs_inspection',
  'expert_examination', 'border_control', 'patrol', 'test_purchase', 'documentation',
  'notification', 'liaison', 'training', 'meeting', 'logistics', 'medical', 'other',
  // The legal spine (issue 16): the covert action itself, actions that need their own decision,
  // customs' own powers, and the steps of a criminal proceeding.
  'proceeding_registration', 'controlled_delivery', 'covert_surveillance', 'covert_tracking',
  'temporary_access', 'forensic_examination', 'specialist_support', 'customs_violation_protocol',
  'temporary_seizure',
] as const;
export const TaskType = z.enum(TASK_TYPES);
export type TaskType = z.infer<typeof TaskType>;

export const TASK_STATUSES = ['todo', 'in_progress', 'done', 'blocked', 'cancelled'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** Handling codes after Europol's scale; H3 carries free-text restrictions. */
export const HANDLING_CODES = ['H0', 'H1', 'H2', 'H3'] as const;
export const HandlingCode = z.enum(HANDLING_CODES);
export type HandlingCode = z.infer<typeof HandlingCode>;

export const SOURCE_RELIABILITY = ['A', 'B', 'C', 'X'] as const;
export const SourceReliability = z.enum(SOURCE_RELIABILITY);
export type SourceReliability = z.infer<typeof SourceReliability>;

export const INFO_ACCURACY = ['1', '2', '3', '4'] as const;
export const InfoAccuracy = z.enum(INFO_ACCURACY);
export type InfoAccuracy = z.infer<typeof InfoAccuracy>;

/** The article's six forms of interaction between customs and law-enforcement bodies. */
export const INTERACTION_FORMS = [
  'information_exchange', 'coordination', 'mutual_assistance', 'joint_training',
  'international_cooperation', 'representation',
] as const;
export const InteractionForm = z.enum(INTERACTION_FORMS);
export type InteractionForm = z.infer<typeof InteractionForm>;

export const FORMALITIES = ['formal', 'informal'] as const;
export const Formality = z.enum(FORMALITIES);
export type Formality = z.infer<typeof Formality>;

/**
 * Exchange-log kinds: the five obligations of Article 558 of the Customs Code, the joint actions
 * that follow from them, and the other exchanges the six forms produce (analytical, open-source,
 * international requests, consultations, meetings).
 */
export const EXCHANGE_KINDS = [
  'art558_information', 'art558_notification', 'art558_operational_info',
  'art558_border_instruction', 'art558_vehicle_overstay', 'art558_joint_action',
  'analytical', 'open_source', 'international_request', 'consultation', 'meeting_record',
] as const;
export const ExchangeKind = z.enum(EXCHANGE_KINDS);
export type ExchangeKind = z.infer<typeof ExchangeKind>;

/**
 * Kinds whose sending (and acknowledgement in time) Article 558 makes mandatory: the written
 * notification both ways (item 2), law enforcement's operational information to customs
 * (item 3, a duty) and the transfer on vehicles that overstayed (item 5). The instruction to
 * the Border Guard (item 4) is customs' right, not a duty (DOMAIN.md).
 */
export const MANDATORY_EXCHANGE_KINDS: readonly ExchangeKind[] = [
  'art558_notification', 'art558_operational_info', 'art558_vehicle_overstay',
];

export const SUBJECT_KINDS = ['person', 'vehicle', 'container', 'company', 'address'] as const;
export const SubjectKind = z.enum(SUBJECT_KINDS);
export type SubjectKind = z.infer<typeof SubjectKind>;

/**
 * Procedural powers (default table in DOMAIN.md; editable per agency in the directory).
 * `admin_detention` was `border_admin_detention`, held by the Border Guard alone; customs
 * detains for a customs-rule violation too (МК; see shared/legal/reference.ts), so the power
 * lost the border in its name. `customs_violation_case`: the protocol on a violation of customs
 * rules and temporary seizure (МК ст. 494, 511).
 */
export const PROCEDURAL_POWERS = [
  'criminal_procedure', 'customs_control', 'customs_expertise', 'border_control',
  'admin_detention', 'covert_action_authorization', 'customs_violation_case',
] as const;
/** An older peer's power, read as what it means now. */
export function normalizePower(value: unknown): unknown {
  return value === 'border_admin_detention' ? 'admin_detention' : value;
}
export const ProceduralPower = z.preprocess(normalizePower, z.enum(PROCEDURAL_POWERS));
export type ProceduralPower = (typeof PROCEDURAL_POWERS)[number];

/**
 * Markings of restricted information (гриф). Spilno holds at most «Для службового
 * користування»: the higher ones exist here only so that an attempt to enter them is refused by
 * name (`above_ceiling`), never stored. Order matters: the index is the level.
 */
export const MARKINGS = ['none', 'dsk', 'secret', 'top_secret', 'special_importance'] as const;
export const Marking = z.enum(MARKINGS);
export type Marking = z.infer<typeof Marking>;
/** The highest marking Spilno may hold at all; an installation may set its ceiling lower. */
export const SPILNO_MAX_MARKING: Marking = 'dsk';
export const CEILINGS = ['none', 'dsk'] as const;
export const Ceiling = z.enum(CEILINGS);
export type Ceiling = z.infer<typeof Ceiling>;
export function markingRank(m: Marking): number {
  return MARKINGS.indexOf(m);
}

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;

export const RESOURCE_KINDS = [
  'vehicle', 'k9', 'xray_scanner', 'boat', 'drone', 'lab_kit', 'radio', 'weapon', 'other',
] as const;
export const ResourceKind = z.enum(RESOURCE_KINDS);
export type ResourceKind = z.infer<typeof ResourceKind>;

export const PERSON_SKILLS = [
  'k9_handler', 'interpreter', 'tariff_expert', 'valuation_expert', 'customs_law_expert',
  'investigator', 'negotiator', 'medic', 'driver', 'diver', 'drone_pilot', 'forensics',
] as const;
export const PersonSkill = z.enum(PERSON_SKILLS);
export type PersonSkill = z.infer<typeof PersonSkill>;

/**
 * A clearance (допуск) to classified information is granted in form 1, 2 or 3, or not at all
 * (Law of Ukraine «Про державну таємницю»; which form opens which level is reference data in
 * shared/legal/reference.ts). «ДСК» is a marking of documents, not a clearance.
 */
export const CLEARANCES = ['none', 'form1', 'form2', 'form3'] as const;
/**
 * Values an older Spilno recorded, read as what they meant: «ДСК» is no clearance at all; the
 * old «secret» and «top secret» levels are the lowest forms that open them (form 3 and form 2).
 * Units in the field run mixed versions, so an older peer's change still applies.
 */
const LEGACY_CLEARANCE: Readonly<Record<string, (typeof CLEARANCES)[number]>> = {
  dsk: 'none', secret: 'form3', top_secret: 'form2',
};
export function normalizeClearance(value: unknown): unknown {
  return typeof value === 'string' && Object.hasOwn(LEGACY_CLEARANCE, value) ? LEGACY_CLEARANCE[value] : value;
}
export const Clearance = z.preprocess(normalizeClearance, z.enum(CLEARANCES));
export type Clearance = (typeof CLEARANCES)[number];
