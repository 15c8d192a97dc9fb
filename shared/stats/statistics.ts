/**
 * Statistics of joint work over a period: what agencies are judged on (issue 17). Pure
 * computation over plain rows a repository reads, so the app, the CLI and the benchmark count
 * the same way, and a test can check every number against a fixture computed by hand.
 *
 * Counting rules (each one a choice a reader of the figures must know):
 * - An operation belongs to the period in which it starts (its `startsAt`), so adjacent periods
 *   add up and nothing is counted twice. Its tasks count with it.
 * - An exchange entry belongs to the period in which it was sent, else when it was due, else
 *   when it was recorded: an unsent notification is dated by its due time.
 * - Agencies: the lead counts under «led»; every other agency taking part under «participated».
 * - Interaction: each operation in its form (the article's six) and its formality, and each
 *   exchange entry in its own; both are shown, apart and together.
 * - Article 558: the mandatory kinds (MANDATORY_EXCHANGE_KINDS). An entry acknowledged by its
 *   due time (or acknowledged with none set) is on time; one acknowledged after it, or sent and
 *   still unacknowledged once it is due, is late (a notification nobody confirmed has not done
 *   its legal job); one never sent by its due time is missing, and so is the notification of an
 *   operation that needed one (the scheduling engine's rule, requiresArt558) and has none, once
 *   that operation has started and unless it was aborted. The rest are pending.
 * - Results count with their operation: its seizures (by category; estimated customs value summed
 *   per currency, since no exchange rate is assumed), detentions, protocols and proceedings
 *   opened; the outcome of each operation that is over (completed or aborted), «not stated»
 *   when none was recorded.
 */
import { z } from 'zod';
import {
  INTERACTION_FORMS, MANDATORY_EXCHANGE_KINDS, OPERATION_STATUSES, OPERATION_TYPES, TASK_STATUSES,
  type ExchangeKind, type Formality, type InteractionForm, type OperationStatus, type OperationType, type TaskStatus,
  type TaskType,
} from '../domain/enums.js';
import { TimeZone } from '../domain/common.js';
import { OUTCOMES, SEIZURE_CATEGORIES, type OperationOutcomeKind, type SeizureCategory } from '../domain/results.js';
import { LocalDate } from '../domain/legal.js';
import { HOME_ZONE } from '../i18n/time-format.js';
import { wallToInstant } from '../planning/time-zones.js';
import { requiresArt558 } from '../scheduling/engine.js';

// ---------------------------------------------------------------------------------------------
// Input: plain rows

export interface StatsOperationRow {
  id: string;
  type: OperationType;
  status: OperationStatus;
  form: InteractionForm;
  formality: Formality;
  leadAgencyId: string;
  participatingAgencyIds: readonly string[];
  startsAt: string;
}

/** Tasks of the period's operations, counted per (status, agency) in SQL. */
export interface StatsTaskGroup {
  status: TaskStatus;
  accountableAgencyId: string | null;
  count: number;
}

export interface StatsExchangeRow {
  id: string;
  kind: ExchangeKind;
  form: InteractionForm;
  formality: Formality;
  operationId: string | null;
  sentAt: string | null;
  dueAt: string | null;
  acknowledgedAt: string | null;
}

/** A seizure of one of the period's operations (results.repo, listSeizureFacts). */
export interface StatsSeizureRow {
  operationId: string;
  category: SeizureCategory;
  estimatedValue: number;
  currency: string;
}

/** An operation's recorded outcome and result counts (results.repo, listOutcomeFacts). */
export interface StatsOutcomeRow {
  operationId: string;
  outcome: OperationOutcomeKind;
  detentions: number;
  protocols: number;
  proceedingsOpened: number;
}

export interface StatsAgencyRow {
  id: string;
  kind: string;
}

export interface StatsInput {
  period: StatsPeriod;
  operations: readonly StatsOperationRow[];
  tasks: readonly StatsTaskGroup[];
  /** The task types of each operation that a customs agency leads (no other operation's tasks
   *  bear on Article 558: see requiresArt558). */
  customsLedTaskTypes: ReadonlyMap<string, readonly TaskType[]>;
  /** Exchange entries dated in the period (see the header). */
  exchange: readonly StatsExchangeRow[];
  /** Article 558 notifications of the period's operations, whenever dated: a notification
   *  sent the month before still answers for the operation. */
  notifiedOperationIds: ReadonlySet<string>;
  /** Operations of the period with a criminal proceeding recorded. */
  proceedingOperationIds: ReadonlySet<string>;
  agencies: readonly StatsAgencyRow[];
  /** Results of the period's operations (others' are ignored). */
  seizures: readonly StatsSeizureRow[];
  outcomes: readonly StatsOutcomeRow[];
  now: Date;
}

// ---------------------------------------------------------------------------------------------
// The period

export const StatsPeriodRequest = z.object({
  /** First day, in the zone's calendar. */
  from: LocalDate,
  /** Last day, included. */
  to: LocalDate,
  zone: TimeZone.default(HOME_ZONE),
}).refine((p) => p.from <= p.to, { error: 'v.endBeforeStart', path: ['to'] });
export type StatsPeriodRequest = z.input<typeof StatsPeriodRequest>;

export const StatsPeriod = z.object({
  from: z.string(),
  to: z.string(),
  zone: z.string(),
  /** [fromInstant, toInstant): midnight of `from` to midnight after `to`, in the zone. */
  fromInstant: z.string(),
  toInstant: z.string(),
});
export type StatsPeriod = z.infer<typeof StatsPeriod>;

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function statsPeriod(req: { from: string; to: string; zone: string }): StatsPeriod {
  return {
    from: req.from,
    to: req.to,
    zone: req.zone,
    fromInstant: wallToInstant(`${req.from}T00:00:00`, req.zone),
    toInstant: wallToInstant(`${nextDay(req.to)}T00:00:00`, req.zone),
  };
}

/** The instant an exchange entry is dated by (see the header); `createdAt` last. */
export function exchangeDate(e: { sentAt: string | null; dueAt: string | null; createdAt: string }): string {
  return e.sentAt ?? e.dueAt ?? e.createdAt;
}

// ---------------------------------------------------------------------------------------------
// Output

const Count = z.number().int().min(0);
const Keyed = <K extends z.ZodType>(key: K) => z.object({ key, count: Count });

export const ART558_OUTCOMES = ['onTime', 'late', 'missing', 'pending'] as const;
export type Art558Outcome = (typeof ART558_OUTCOMES)[number];

export const Statistics = z.object({
  period: StatsPeriod,
  generatedAt: z.string(),
  operations: z.object({
    total: Count,
    byType: z.array(Keyed(z.enum(OPERATION_TYPES))),
    byStatus: z.array(Keyed(z.enum(OPERATION_STATUSES))),
    /** Per agency that led or took part in an operation of the period. */
    byAgency: z.array(z.object({ agencyId: z.string(), led: Count, participated: Count })),
  }),
  tasks: z.object({
    total: Count,
    byStatus: z.array(Keyed(z.enum(TASK_STATUSES))),
    byAgency: z.array(z.object({ agencyId: z.string().nullable(), total: Count, done: Count })),
  }),
  interaction: z.object({
    /** Every one of the six forms, in the article's order, even when nothing was recorded. */
    byForm: z.array(z.object({
      form: z.enum(INTERACTION_FORMS),
      operations: z.object({ formal: Count, informal: Count }),
      exchange: z.object({ formal: Count, informal: Count }),
    })),
    formal: Count,
    informal: Count,
  }),
  results: z.object({
    /** Operations of the period that are over (completed or aborted) by their recorded outcome ('' not stated). */
    byOutcome: z.array(Keyed(z.enum(OUTCOMES))),
    detentions: Count,
    protocols: Count,
    proceedingsOpened: Count,
    seizures: Count,
    /** Currencies that appear, most seized value first: one value series each (no rates are assumed). */
    currencies: z.array(z.string()),
    byCategory: z.array(z.object({
      category: z.enum(SEIZURE_CATEGORIES), count: Count,
      /** Estimated customs value per currency, in `currencies` order. */
      values: z.array(z.number().min(0)),
    })),
  }),
  art558: z.object({
    onTime: Count,
    late: Count,
    /** Of `late`: sent, due time passed, never acknowledged. */
    unacknowledged: Count,
    missing: Count,
    /** Of `missing`: operations that needed a notification and have none. */
    operationsWithout: Count,
    pending: Count,
    byKind: z.array(z.object({
      kind: z.string(), onTime: Count, late: Count, missing: Count, pending: Count,
    })),
  }),
});
export type Statistics = z.infer<typeof Statistics>;

// ---------------------------------------------------------------------------------------------
// Computation

function tally<K extends string>(keys: readonly K[]): Map<K, number> {
  return new Map(keys.map((k) => [k, 0]));
}

function bump<K>(m: Map<K, number>, k: K, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

/** Non-zero entries, largest first, ties in the vocabulary's order. */
function nonZero<K extends string>(m: Map<K, number>): { key: K; count: number }[] {
  return [...m].filter(([, n]) => n > 0).map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count);
}

/** Where a mandatory entry stands at `now` (the header's rule). */
export function art558Outcome(
  e: Pick<StatsExchangeRow, 'sentAt' | 'dueAt' | 'acknowledgedAt'>, now: Date,
): Art558Outcome {
  const due = e.dueAt === null ? null : Date.parse(e.dueAt);
  if (e.acknowledgedAt !== null) {
    return due === null || Date.parse(e.acknowledgedAt) <= due ? 'onTime' : 'late';
  }
  if (due === null || due >= now.getTime()) return 'pending';
  return e.sentAt === null ? 'missing' : 'late';
}

export function computeStatistics(input: StatsInput): Statistics {
  const { operations, now } = input;
  const byType = tally(OPERATION_TYPES);
  const byStatus = tally(OPERATION_STATUSES);
  const led = new Map<string, number>();
  const participated = new Map<string, number>();
  const opForm = new Map<string, number>();
  for (const op of operations) {
    bump(byType, op.type);
    bump(byStatus, op.status);
    bump(led, op.leadAgencyId);
    for (const a of new Set(op.participatingAgencyIds)) if (a !== op.leadAgencyId) bump(participated, a);
    bump(opForm, `${op.form}:${op.formality}`);
  }
  const agencyIds = [...new Set([...led.keys(), ...participated.keys()])];
  const byAgency = agencyIds
    .map((agencyId) => ({ agencyId, led: led.get(agencyId) ?? 0, participated: participated.get(agencyId) ?? 0 }))
    .sort((a, b) => b.led + b.participated - (a.led + a.participated) || b.led - a.led || (a.agencyId < b.agencyId ? -1 : 1));

  // Tasks: per status and per accountable agency.
  const taskStatus = tally(TASK_STATUSES);
  const taskAgency = new Map<string | null, { total: number; done: number }>();
  let taskTotal = 0;
  for (const g of input.tasks) {
    taskTotal += g.count;
    bump(taskStatus, g.status, g.count);
    const a = taskAgency.get(g.accountableAgencyId) ?? { total: 0, done: 0 };
    a.total += g.count;
    if (g.status === 'done') a.done += g.count;
    taskAgency.set(g.accountableAgencyId, a);
  }

  // Interaction: the six forms, formal against informal, operations and exchange entries.
  const exForm = new Map<string, number>();
  for (const e of input.exchange) bump(exForm, `${e.form}:${e.formality}`);
  const byForm = INTERACTION_FORMS.map((form) => ({
    form,
    operations: { formal: opForm.get(`${form}:formal`) ?? 0, informal: opForm.get(`${form}:informal`) ?? 0 },
    exchange: { formal: exForm.get(`${form}:formal`) ?? 0, informal: exForm.get(`${form}:informal`) ?? 0 },
  }));
  const sumFormality = (f: Formality) => byForm.reduce((s, x) => s + x.operations[f] + x.exchange[f], 0);

  // Article 558.
  const kinds = new Map<string, Record<Art558Outcome, number>>();
  const kindRow = (kind: string) => {
    let r = kinds.get(kind);
    if (!r) kinds.set(kind, (r = { onTime: 0, late: 0, missing: 0, pending: 0 }));
    return r;
  };
  for (const k of MANDATORY_EXCHANGE_KINDS) kindRow(k);
  let unacknowledged = 0;
  for (const e of input.exchange) {
    if (!MANDATORY_EXCHANGE_KINDS.includes(e.kind)) continue;
    const outcome = art558Outcome(e, now);
    kindRow(e.kind)[outcome]++;
    if (outcome === 'late' && e.acknowledgedAt === null) unacknowledged++;
  }
  const agencyKind = new Map(input.agencies.map((a) => [a.id, a.kind]));
  let operationsWithout = 0;
  for (const op of operations) {
    if (op.status === 'aborted' || Date.parse(op.startsAt) > now.getTime()) continue;
    if (input.notifiedOperationIds.has(op.id)) continue;
    const needs = requiresArt558(
      op, (input.customsLedTaskTypes.get(op.id) ?? []).map((type) => ({ type })), (id) => agencyKind.get(id),
      input.proceedingOperationIds.has(op.id) ? 1 : 0,
    );
    if (needs) operationsWithout++;
  }
  kindRow('art558_notification').missing += operationsWithout;
  const byKind = [...kinds].map(([kind, r]) => ({ kind, ...r }));

  // Results: outcomes of the operations that are over, counts, seizures by category and value.
  const inPeriod = new Set(operations.map((o) => o.id));
  const outcomeOf = new Map(input.outcomes.filter((f) => inPeriod.has(f.operationId)).map((f) => [f.operationId, f]));
  const byOutcome = tally(OUTCOMES);
  for (const op of operations) {
    if (op.status === 'completed' || op.status === 'aborted') bump(byOutcome, outcomeOf.get(op.id)?.outcome ?? '');
  }
  const sumOf = (k: 'detentions' | 'protocols' | 'proceedingsOpened') => [...outcomeOf.values()].reduce((a, f) => a + f[k], 0);
  const seizures = input.seizures.filter((x) => inPeriod.has(x.operationId));
  const valueByCurrency = new Map<string, number>();
  for (const x of seizures) bump(valueByCurrency, x.currency, x.estimatedValue);
  const currencies = [...valueByCurrency].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
  const categories = new Map<SeizureCategory, { count: number; values: number[] }>();
  for (const x of seizures) {
    let c = categories.get(x.category);
    if (!c) categories.set(x.category, (c = { count: 0, values: currencies.map(() => 0) }));
    c.count++;
    c.values[currencies.indexOf(x.currency)]! += x.estimatedValue;
  }
  const byCategory = SEIZURE_CATEGORIES.filter((k) => categories.has(k))
    .map((category) => ({ category, ...categories.get(category)! }))
    .sort((a, b) => b.count - a.count);
  const total = (o: Art558Outcome) => byKind.reduce((s, r) => s + r[o], 0);

  return {
    period: input.period,
    generatedAt: now.toISOString(),
    operations: {
      total: operations.length,
      byType: nonZero(byType),
      byStatus: nonZero(byStatus),
      byAgency,
    },
    tasks: {
      total: taskTotal,
      byStatus: nonZero(taskStatus),
      byAgency: [...taskAgency]
        .map(([agencyId, v]) => ({ agencyId, ...v }))
        .sort((a, b) => b.total - a.total || String(a.agencyId).localeCompare(String(b.agencyId))),
    },
    interaction: { byForm, formal: sumFormality('formal'), informal: sumFormality('informal') },
    results: {
      byOutcome: nonZero(byOutcome),
      detentions: sumOf('detentions'),
      protocols: sumOf('protocols'),
      proceedingsOpened: sumOf('proceedingsOpened'),
      seizures: seizures.length,
      currencies,
      byCategory,
    },
    art558: {
      onTime: total('onTime'),
      late: total('late'),
      unacknowledged,
      missing: total('missing'),
      operationsWithout,
      pending: total('pending'),
      byKind,
    },
  };
}

