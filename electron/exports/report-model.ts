/**
 * What an after-action report may carry, decided before anything is drawn (as for the briefing
 * pack, briefing-model.ts). The recipient's view comes from the one need-to-know rule
 * (shared/visibility/): an agency's report holds the tasks it may see and their actual times,
 * the exchange entries it may see, and the results every agency taking part sees (seizures,
 * evidence, detentions, protocols, the outcome and its lessons — scope «operation» in the rule).
 * Accepted overrides are shown where the recipient sees one of their tasks, or when they name
 * none. Hidden tasks never reach the renderer.
 *
 * The report answers what the issue asks of it: objectives against results, the planned
 * against the actual timeline, deviations and overrides with their reasons, the interaction
 * record (Article 558 notifications on time, late or missing), lessons.
 */
import type { Agency, Person, Resource, Unit } from '../../shared/domain/directory.js';
import type { ExchangeEntry } from '../../shared/domain/exchange.js';
import { operationAgencyIds, type Operation, type Phase } from '../../shared/domain/operation.js';
import type { ActivityEntry, OperationResults, TaskActual } from '../../shared/domain/results.js';
import type { Task } from '../../shared/domain/task.js';
import { MANDATORY_EXCHANGE_KINDS } from '../../shared/domain/enums.js';
import { custodyChains, type CustodyChain } from '../../shared/results/custody.js';
import { planVsActual, type ExecutionState, type TaskExecution } from '../../shared/results/plan-actual.js';
import { art558Outcome, type Art558Outcome } from '../../shared/stats/statistics.js';
import { viewOfOperationPlan } from '../../shared/visibility/operation-view.js';

/** An accepted conflict override: what was let through, why, by whom. */
export interface ReportOverride {
  rule: string;
  reason: string;
  operator: string;
  agencyId: string;
  at: string;
  taskIds: string[];
}

/** Everything stored about one operation that a report could draw from. */
export interface ReportSource {
  operation: Operation;
  phases: Phase[];
  tasks: Task[];
  agencies: Agency[];
  units: Unit[];
  people: Person[];
  resources: Resource[];
  exchange: ExchangeEntry[];
  results: OperationResults;
  actuals: TaskActual[];
  activity: ActivityEntry[];
  overrides: ReportOverride[];
  /** Proceedings opened from the operation or linked to its results. */
  proceedings: { erdrNumber: string; registeredOn: string; qualification: string; result: string }[];
  /** Whether Article 558 asked for a notification (the scheduling engine's requiresArt558). */
  art558Required: boolean;
}

export interface InteractionRow {
  entry: ExchangeEntry;
  /** For the mandatory kinds of Article 558; null for the others. */
  outcome: Art558Outcome | null;
}

export interface ReportModel {
  operation: Operation;
  recipientAgencyId: string | null;
  agencies: Map<string, Agency>;
  agencyIds: string[];
  phases: Phase[];
  /** Plan against actual (shared/results/plan-actual.ts), tasks by planned start. */
  timeline: TaskExecution[];
  counts: Record<ExecutionState, number>;
  /** Tasks that started more than the tolerance late. */
  late: number;
  toleranceMinutes: number;
  results: OperationResults;
  /** Each evidence item's chain with its warnings (shared/results/custody.ts). */
  custody: CustodyChain<OperationResults['custody'][number]>[];
  proceedings: ReportSource['proceedings'];
  overrides: ReportOverride[];
  interaction: InteractionRow[];
  /** Article 558 asked for a notification and none is on record. */
  art558Missing: boolean;
  activity: ActivityEntry[];
  generatedAt: Date;
}

export interface ReportOptions {
  recipientAgencyId: string | null;
  generatedAt: Date;
  /** A start later than this (minutes) is a deviation. */
  toleranceMinutes?: number;
}

export function buildReportModel(src: ReportSource, opts: ReportOptions): ReportModel {
  const recipient = opts.recipientAgencyId;
  const seen = viewOfOperationPlan(src, recipient === null ? null : { agencyId: recipient });
  const op = seen.operation;
  const visible = new Set(seen.tasks.map((t) => t.id));
  const tolerance = opts.toleranceMinutes ?? 15;
  const pva = planVsActual(seen.tasks, src.actuals.filter((a) => visible.has(a.id)), {
    now: opts.generatedAt, operationOver: op.status === 'completed' || op.status === 'aborted', toleranceMinutes: tolerance,
  });
  const interaction = [...seen.exchange]
    .sort((a, b) => (a.sentAt ?? a.dueAt ?? a.createdAt).localeCompare(b.sentAt ?? b.dueAt ?? b.createdAt) || a.id.localeCompare(b.id))
    .map((entry) => ({ entry, outcome: MANDATORY_EXCHANGE_KINDS.includes(entry.kind) ? art558Outcome(entry, opts.generatedAt) : null }));
  return {
    operation: op,
    recipientAgencyId: recipient,
    agencies: new Map(src.agencies.map((a) => [a.id, a])),
    agencyIds: operationAgencyIds(op),
    phases: [...seen.phases],
    timeline: pva.tasks,
    counts: pva.counts,
    late: pva.late,
    toleranceMinutes: tolerance,
    results: src.results,
    custody: custodyChains(src.results.evidence, src.results.custody),
    proceedings: src.proceedings,
    overrides: src.overrides.filter((o) => recipient === null || o.taskIds.length === 0 || o.taskIds.some((id) => visible.has(id))),
    interaction,
    art558Missing: src.art558Required && !src.exchange.some((e) => e.kind === 'art558_notification'),
    // The unit log is the operation's (every agency taking part sees it); a line about a task
    // the recipient may not see would name what it does, so it stays out.
    activity: src.activity.filter((a) => a.taskId === null || visible.has(a.taskId)),
    generatedAt: opts.generatedAt,
  };
}
