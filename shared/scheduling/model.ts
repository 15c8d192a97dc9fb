/**
 * The scheduling engine's view of a plan: the operations, phases, tasks, agencies, people and
 * exchange entries it needs, and the conflicts it reports. A conflict is data, not text: it has a
 * stable key (so a save can tell a new conflict from one that already existed, and an override
 * can refer to it), a severity, everything it involves, and i18n message keys with parameters so
 * the workspace and the CLI say the same thing in Ukrainian or English.
 */
import type { Agency, Person } from '../domain/directory.js';
import type { ExchangeEntry } from '../domain/exchange.js';
import type { Decision, Proceeding } from '../domain/legal.js';
import type { Operation, Phase } from '../domain/operation.js';
import type { Task } from '../domain/task.js';

export const CONFLICT_RULES = [
  'double_booking', 'dependency_violation', 'dependency_cycle', 'outside_operation_window',
  'outside_phase_window', 'missing_power', 'missing_prosecutor_decision', 'no_accountable_agency',
  'role_unfilled', 'duty_overrun', 'art558_missing', 'art558_overdue',
  'decision_missing', 'proceeding_missing', 'decision_expiring',
] as const;
export type ConflictRule = (typeof CONFLICT_RULES)[number];

export const CONFLICT_SEVERITIES = ['blocking', 'warning'] as const;
export type ConflictSeverity = (typeof CONFLICT_SEVERITIES)[number];

export type Params = Record<string, string | number>;

export interface Conflict {
  /** Stable identity: the same situation gives the same key on every scan and every machine. */
  key: string;
  rule: ConflictRule;
  severity: ConflictSeverity;
  operationIds: string[];
  taskIds: string[];
  personIds: string[];
  resourceIds: string[];
  unitIds: string[];
  agencyIds: string[];
  /** What is wrong and what would fix it: i18n keys with their parameters. */
  message: { key: string; params: Params };
  fix: { key: string; params: Params };
}

export interface SchedulingSettings {
  /** Longest continuous duty of a person, in hours. */
  maxDutyHours: number;
  /** Shortest rest between two duty periods, in hours; a shorter gap joins them. */
  minRestHours: number;
  /** Deconfliction radius in metres. */
  radiusMeters: number;
}

export const DEFAULT_SCHEDULING_SETTINGS: SchedulingSettings = {
  maxDutyHours: 12,
  minRestHours: 8,
  radiusMeters: 1000,
};

/** The slice of Operation the rules read. */
export type ScheduleOperation = Pick<
  Operation,
  'id' | 'codeName' | 'type' | 'status' | 'leadAgencyId' | 'participatingAgencyIds' | 'startsAt' | 'endsAt'
>;
export type SchedulePhase = Pick<Phase, 'id' | 'operationId' | 'name' | 'startsAt' | 'endsAt'>;
export type ScheduleTask = Pick<
  Task,
  | 'id' | 'operationId' | 'phaseId' | 'title' | 'type' | 'status' | 'accountableAgencyId' | 'unitId'
  | 'personIds' | 'resourceIds' | 'startsAt' | 'endsAt' | 'dependencies'
>;
export type ScheduleAgency = Pick<Agency, 'id' | 'code' | 'kind' | 'powers'>;
export type SchedulePerson = Pick<Person, 'id' | 'fullName' | 'skills'>;
export type ScheduleResource = { id: string; kind: string; name: string };
export type ScheduleUnit = { id: string; name: string };
export type ScheduleExchange = Pick<
  ExchangeEntry,
  'id' | 'kind' | 'operationId' | 'sentAt' | 'dueAt' | 'acknowledgedAt' | 'subject'
>;

/** The legal spine's part the rules read (shared/legal/reference.ts says what needs what). */
export type ScheduleDecision = Pick<Decision, 'id' | 'operationId' | 'kind' | 'number' | 'taskIds' | 'validFrom' | 'validUntil'>;
export type ScheduleProceeding = Pick<Proceeding, 'id' | 'operationId'>;

/** Everything one scan looks at. Names are carried only so messages can say who and what. */
export interface ScheduleInput {
  operations: readonly ScheduleOperation[];
  phases: readonly SchedulePhase[];
  tasks: readonly ScheduleTask[];
  agencies: readonly ScheduleAgency[];
  people: readonly SchedulePerson[];
  resources: readonly ScheduleResource[];
  units: readonly ScheduleUnit[];
  exchange: readonly ScheduleExchange[];
  /** The decisions register and the proceedings (none given: a plan without any). */
  decisions?: readonly ScheduleDecision[];
  proceedings?: readonly ScheduleProceeding[];
  now: Date;
  settings: SchedulingSettings;
}

export function sortConflicts(cs: Conflict[]): Conflict[] {
  return cs.sort((a, b) =>
    a.severity !== b.severity ? (a.severity === 'blocking' ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
}

/** Task statuses that no longer hold anyone or anything. */
export function isLiveTask(t: Pick<ScheduleTask, 'status'>): boolean {
  return t.status !== 'cancelled';
}

export function isLiveOperation(o: Pick<ScheduleOperation, 'status'>): boolean {
  return o.status !== 'aborted';
}
