/**
 * The legal spine as reference data (DOMAIN.md, "Criminal-procedure spine"). Policy: law is
 * never hard-coded in a rule. Each point a rule or a template relies on lives here with its
 * source and whether it was checked against the text of the law (`verified`); a rule reads the
 * table, so correcting a point is an edit of one entry. Unverified points are listed in the
 * issue note and shown to nobody as settled law: they are the planner's default, editable.
 *
 * Sources are cited by article only («КПК ст. 271»): part numbers («ч. 6») are cited only where
 * checked against the Code's text, which none here was.
 */
import type { TaskType } from '../domain/enums.js';

type Bi = readonly [uk: string, en: string];

export interface LegalSource {
  /** The citation, in each language. */
  readonly cite: Bi;
  /** Checked against the text of the law (not only DOMAIN.md or the article in seed/). */
  readonly verified: boolean;
}

const src = (uk: string, en: string, verified = false): LegalSource => ({ cite: [uk, en], verified });

// ---------------------------------------------------------------------------------------------
// The Unified Register of Pre-trial Investigations (ЄРДР)

/**
 * The shape of a ЄРДР number: 17 digits (as in «12023100000000123»), the second to fifth being
 * the year of registration. Both points are practice seen in published rulings, not checked
 * against the Register's regulation; so the check is reference data, and a number that fails it
 * is refused with the expected shape named (`v.erdrFormat`), never silently changed.
 */
export const ERDR_FORMAT = {
  pattern: /^\d{17}$/,
  /** Zero-based [from, to) of the year digits, and the first year the Register existed. */
  yearDigits: [1, 5] as const,
  firstYear: 2012,
  example: '12023100000000123',
  source: src(
    'КПК ст. 214; Положення про порядок ведення ЄРДР (структура номера — за практикою)',
    'Criminal Procedure Code Art. 214; Regulation on the Unified Register (number layout from practice)',
  ),
} as const;

/** Whether `n` has the shape of a ЄРДР number (ERDR_FORMAT). */
export function isErdrNumber(n: string): boolean {
  if (!ERDR_FORMAT.pattern.test(n)) return false;
  const year = Number(n.slice(ERDR_FORMAT.yearDigits[0], ERDR_FORMAT.yearDigits[1]));
  return year >= ERDR_FORMAT.firstYear && year <= 2100;
}

// ---------------------------------------------------------------------------------------------
// Decisions that authorise actions

export const DECISION_KINDS = [
  'prosecutor_crime_control', 'judge_covert_action', 'investigator_covert_action', 'judge_search',
  'judge_temporary_access', 'expert_examination_order', 'customs_decision', 'other',
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export interface DecisionKindInfo {
  readonly kind: DecisionKind;
  /** Who issues it (an actor, not necessarily a Spilno agency: a court is not one). */
  readonly issuer: 'prosecutor' | 'investigating_judge' | 'investigator' | 'customs' | 'other';
  /** Exists only inside a registered criminal proceeding. */
  readonly needsProceeding: boolean;
  /** Its content is normally classified above «ДСК»: Spilno keeps the reference only. */
  readonly classified: boolean;
  readonly source: LegalSource;
}

export const DECISION_KIND_INFO: Readonly<Record<DecisionKind, DecisionKindInfo>> = {
  prosecutor_crime_control: {
    kind: 'prosecutor_crime_control', issuer: 'prosecutor', needsProceeding: true, classified: true,
    source: src('КПК ст. 246, 271', 'Criminal Procedure Code Arts. 246, 271'),
  },
  judge_covert_action: {
    kind: 'judge_covert_action', issuer: 'investigating_judge', needsProceeding: true, classified: true,
    source: src('КПК ст. 246, 248', 'Criminal Procedure Code Arts. 246, 248'),
  },
  investigator_covert_action: {
    kind: 'investigator_covert_action', issuer: 'investigator', needsProceeding: true, classified: true,
    source: src('КПК ст. 246, 269', 'Criminal Procedure Code Arts. 246, 269'),
  },
  judge_search: {
    kind: 'judge_search', issuer: 'investigating_judge', needsProceeding: true, classified: false,
    source: src('КПК ст. 234, 235', 'Criminal Procedure Code Arts. 234, 235'),
  },
  judge_temporary_access: {
    kind: 'judge_temporary_access', issuer: 'investigating_judge', needsProceeding: true, classified: false,
    source: src('КПК ст. 159–166', 'Criminal Procedure Code Arts. 159–166'),
  },
  expert_examination_order: {
    kind: 'expert_examination_order', issuer: 'investigator', needsProceeding: true, classified: false,
    source: src('КПК ст. 242, 243', 'Criminal Procedure Code Arts. 242, 243'),
  },
  customs_decision: {
    kind: 'customs_decision', issuer: 'customs', needsProceeding: false, classified: false,
    source: src('Митний кодекс України', 'Customs Code of Ukraine'),
  },
  other: {
    kind: 'other', issuer: 'other', needsProceeding: false, classified: false,
    source: src('—', '—'),
  },
};

export interface DecisionRequirement {
  /** Any one of these kinds, valid over the task's window and naming the task, authorises it. */
  readonly kinds: readonly DecisionKind[];
  readonly source: LegalSource;
}

/**
 * Task types that need a decision before they may run. A search in an urgent case without a
 * ruling (КПК ст. 233) is the planner's recorded override of the blocking conflict, not a gap in
 * this table.
 */
export const TASK_TYPE_DECISIONS: Readonly<Partial<Record<TaskType, DecisionRequirement>>> = {
  controlled_delivery: { kinds: ['prosecutor_crime_control'], source: DECISION_KIND_INFO.prosecutor_crime_control.source },
  test_purchase: { kinds: ['prosecutor_crime_control'], source: DECISION_KIND_INFO.prosecutor_crime_control.source },
  covert_tracking: {
    kinds: ['judge_covert_action'],
    source: src('КПК ст. 246, 248 (чи потрібна окрема ухвала на трекер — перевірити)', 'Criminal Procedure Code Arts. 246, 248 (whether a tracker needs its own ruling: to verify)'),
  },
  covert_surveillance: {
    kinds: ['investigator_covert_action', 'judge_covert_action'],
    source: src('КПК ст. 246, 269', 'Criminal Procedure Code Arts. 246, 269'),
  },
  search: { kinds: ['judge_search'], source: DECISION_KIND_INFO.judge_search.source },
  temporary_access: { kinds: ['judge_temporary_access'], source: DECISION_KIND_INFO.judge_temporary_access.source },
  forensic_examination: { kinds: ['expert_examination_order'], source: DECISION_KIND_INFO.expert_examination_order.source },
};

/**
 * How far ahead, while an operation is active, the end of a decision's validity is announced.
 * A planning default, not law.
 */
export const DECISION_EXPIRY_WARN_HOURS = 24;

/** Covert investigative actions: their materials are normally classified above «ДСК». */
export const COVERT_TASK_TYPES: ReadonlySet<TaskType> = new Set<TaskType>([
  'controlled_delivery', 'test_purchase', 'covert_surveillance', 'covert_tracking',
]);

/** Whether a task type's decision exists only inside a registered proceeding. */
export function needsProceeding(type: TaskType): boolean {
  const req = TASK_TYPE_DECISIONS[type];
  return !!req && req.kinds.some((k) => DECISION_KIND_INFO[k].needsProceeding);
}

// ---------------------------------------------------------------------------------------------
// Procedural roles on an operation

export const PROCEDURAL_ROLES = [
  'head', 'deputy_head', 'investigator', 'operational_unit', 'procedural_lead', 'investigating_judge',
  'court', 'liaison', 'foreign_liaison', 'customs_specialist',
] as const;
export type ProceduralRole = (typeof PROCEDURAL_ROLES)[number];

export const ROLE_SOURCES: Readonly<Partial<Record<ProceduralRole, LegalSource>>> = {
  investigator: src('КПК ст. 40', 'Criminal Procedure Code Art. 40'),
  operational_unit: src('КПК ст. 41', 'Criminal Procedure Code Art. 41'),
  procedural_lead: src('КПК ст. 36, 37', 'Criminal Procedure Code Arts. 36, 37'),
  investigating_judge: src('КПК ст. 3, 247', 'Criminal Procedure Code Arts. 3, 247'),
  customs_specialist: src('КПК ст. 71', 'Criminal Procedure Code Art. 71'),
};

// ---------------------------------------------------------------------------------------------
// Legal bases of template steps

export const LEGAL_BASES = {
  kpk214: src('КПК ст. 214 (внесення відомостей до ЄРДР)', 'Criminal Procedure Code Art. 214 (entry in the Unified Register)'),
  kpk36: src('КПК ст. 36 (прокурор — процесуальний керівник)', "Criminal Procedure Code Art. 36 (the prosecutor as procedural lead)"),
  kpk40: src('КПК ст. 40, 41 (слідчий; доручення оперативному підрозділу)', "Criminal Procedure Code Arts. 40, 41 (investigator; instruction to an operational unit)"),
  kpk246: src('КПК ст. 246 (негласні слідчі (розшукові) дії)', 'Criminal Procedure Code Art. 246 (covert investigative actions)'),
  kpk271: src('КПК ст. 271 (контроль за вчиненням злочину)', 'Criminal Procedure Code Art. 271 (control over the commission of a crime)'),
  kpk248: src('КПК ст. 248 (ухвала слідчого судді на НСРД)', "Criminal Procedure Code Art. 248 (investigating judge's ruling on a covert action)"),
  kpk234: src('КПК ст. 234, 235 (обшук за ухвалою слідчого судді)', "Criminal Procedure Code Arts. 234, 235 (search on the investigating judge's ruling)"),
  kpk159: src('КПК ст. 159–166 (тимчасовий доступ до речей і документів)', 'Criminal Procedure Code Arts. 159–166 (temporary access to things and documents)'),
  kpk208: src('КПК ст. 208 (затримання без ухвали слідчого судді)', "Criminal Procedure Code Art. 208 (arrest without an investigating judge's ruling)"),
  kpk236: src('КПК ст. 236 (виконання ухвали про обшук)', 'Criminal Procedure Code Art. 236 (executing a search ruling)'),
  kpk71: src('КПК ст. 71 (спеціаліст)', 'Criminal Procedure Code Art. 71 (specialist)'),
  kpk242: src('КПК ст. 242, 243 (залучення експерта)', 'Criminal Procedure Code Arts. 242, 243 (engaging an expert)'),
  mk338: src('МК ст. 338 (митний огляд)', 'Customs Code Art. 338 (customs inspection)'),
  mk356: src('МК ст. 356, 357 (відбір проб; митна експертиза)', 'Customs Code Arts. 356, 357 (samples; customs expert examination)'),
  mk494: src('МК ст. 494 (протокол про порушення митних правил)', 'Customs Code Art. 494 (protocol on a customs-rule violation)'),
  mk511: src('МК ст. 511 (тимчасове вилучення)', 'Customs Code Art. 511 (temporary seizure)'),
  mk520: src('МК ст. 520 (адміністративне затримання особи, яка вчинила порушення митних правил)', 'Customs Code Art. 520 (administrative detention for a customs-rule violation)'),
  mk558: src('ст. 558 МК України', 'Customs Code Art. 558', true),
  borderControl: src('Закон України «Про прикордонний контроль»', 'Law of Ukraine "On Border Control"'),
  borderGuard: src('Закон України «Про Державну прикордонну службу України»', 'Law of Ukraine "On the State Border Guard Service of Ukraine"'),
  jointOrder: src('Спільний наказ (рішення) органів про взаємодію', 'Joint order of the agencies on interaction'),
  tor: src('Положення про робочу групу', 'Working-group terms of reference'),
  trainingPlan: src('План спільних навчань, затверджений органами', 'Joint training plan approved by the agencies'),
  mla: src('КПК гл. 43 (міжнародна правова допомога); міжнародний договір', 'Criminal Procedure Code ch. 43 (international legal assistance); the treaty'),
  customsAssistance: src('МК ст. 544–546; міжнародний договір про взаємну адміністративну допомогу', 'Customs Code Arts. 544–546; the mutual administrative assistance agreement'),
  informal: src('Неформальна взаємодія (без правової підстави)', 'Informal interaction (no legal basis)', true),
} as const satisfies Record<string, LegalSource>;
export type LegalBasisId = keyof typeof LEGAL_BASES;

// ---------------------------------------------------------------------------------------------
// International cooperation

export const INTERNATIONAL_KINDS = ['mla_request', 'maa_request', 'jit', 'handover_point'] as const;
export type InternationalKind = (typeof INTERNATIONAL_KINDS)[number];

export const INTERNATIONAL_SOURCES: Readonly<Record<InternationalKind, LegalSource>> = {
  mla_request: LEGAL_BASES.mla,
  maa_request: LEGAL_BASES.customsAssistance,
  jit: src('КПК ст. 571 (спільні слідчі групи)', 'Criminal Procedure Code Art. 571 (joint investigation teams)'),
  handover_point: src('КПК ст. 271; міжнародний договір (міжнародна контрольована поставка)', 'Criminal Procedure Code Art. 271; the treaty (international controlled delivery)'),
};
