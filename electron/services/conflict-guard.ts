/**
 * The save guard of the scheduling engine: before a task save is written, the conflicts it
 * touches are checked with the edit applied in memory. A save that would create a new blocking
 * conflict is refused with `blocking_conflict` (the details list the conflicts) unless the input
 * carries an explicit override with a reason; an accepted override is written in the same
 * transaction as the save — a row in conflict_overrides and a note on the operation, which goes
 * through the change record — so a planner can always see who accepted what, and why.
 * Only what the edit touches is loaded: its operations' tasks and the tasks sharing its people,
 * resources or unit (through the assignment indexes), never the whole database.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../shared/api/errors.js';
import { agencyNamer } from '../../shared/domain/directory.js';
import { MANDATORY_EXCHANGE_KINDS } from '../../shared/domain/enums.js';
import type { Task } from '../../shared/domain/task.js';
import { describeConflict } from '../../shared/scheduling/describe.js';
import { ScheduleIndex, checkEdit } from '../../shared/scheduling/engine.js';
import {
  DEFAULT_SCHEDULING_SETTINGS, type Conflict, type ScheduleExchange, type ScheduleInput,
  type ScheduleOperation, type SchedulePhase, type ScheduleTask, type SchedulingSettings,
} from '../../shared/scheduling/model.js';
import { listAgencies } from '../db/repos/agencies.repo.js';
import { insertOverride, listAllPhases, listScheduleOperations, listTaskIdsSharingAssignments } from '../db/repos/conflicts.repo.js';
import { listPeople, listResources, listUnits } from '../db/repos/directory.repo.js';
import { listExchangeEntries } from '../db/repos/exchange.repo.js';
import { listScheduleDecisions, listScheduleProceedings } from '../db/repos/legal.repo.js';
import { getMeta } from '../db/repos/meta.repo.js';
import { getOperation, listPhases } from '../db/repos/operations.repo.js';
import { getTask, listScheduleTasks, listTasksByOperation } from '../db/repos/tasks.repo.js';
import { currentActor } from './audit.js';
import type { ServiceContext } from './context.js';

export const SETTINGS_META_KEYS: Record<keyof SchedulingSettings, string> = {
  maxDutyHours: 'scheduling.max_duty_hours',
  minRestHours: 'scheduling.min_rest_hours',
  radiusMeters: 'scheduling.deconfliction_radius_m',
};

export function loadSchedulingSettings(ctx: ServiceContext): SchedulingSettings {
  const out = { ...DEFAULT_SCHEDULING_SETTINGS };
  for (const [k, metaKey] of Object.entries(SETTINGS_META_KEYS) as [keyof SchedulingSettings, string][]) {
    const v = Number(getMeta(ctx.db, metaKey));
    if (getMeta(ctx.db, metaKey) !== null && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

function mandatoryExchange(ctx: ServiceContext, operationId: string | null): ScheduleExchange[] {
  return listExchangeEntries(ctx.db, { operationId, agencyId: null, kindsJson: JSON.stringify(MANDATORY_EXCHANGE_KINDS) });
}

function directory(ctx: ServiceContext) {
  return {
    agencies: listAgencies(ctx.db), people: listPeople(ctx.db, null), resources: listResources(ctx.db, null),
    units: listUnits(ctx.db, null),
  };
}

/** The whole plan of this installation: every live operation. */
export function loadFullInput(ctx: ServiceContext): ScheduleInput {
  return { ...loadPlanFrame(ctx, ctx.now()), tasks: listScheduleTasks(ctx.db) };
}

/** The whole plan but its tasks (read apart: a page at a time by the background build of the
 *  scan, services/conflicts.ts), with the clock at `now`. */
export function loadPlanFrame(ctx: ServiceContext, now: Date): Omit<ScheduleInput, 'tasks'> {
  return {
    operations: listScheduleOperations(ctx.db),
    phases: listAllPhases(ctx.db),
    exchange: mandatoryExchange(ctx, null),
    decisions: listScheduleDecisions(ctx.db, null),
    proceedings: listScheduleProceedings(ctx.db, null),
    ...directory(ctx),
    now,
    settings: loadSchedulingSettings(ctx),
  };
}

/** The part of the plan that edits of `tasks` (old and new versions) can touch; `created`:
 *  an operation and phases the same save creates (not stored yet). */
export function loadScopeInput(
  ctx: ServiceContext,
  tasks: readonly ScheduleTask[],
  created: { operation: ScheduleOperation; phases: readonly SchedulePhase[] } | null = null,
): ScheduleInput {
  const editedOps = new Set(tasks.map((t) => t.operationId));
  const byId = new Map<string, Task>();
  for (const op of editedOps) for (const t of listTasksByOperation(ctx.db, op)) byId.set(t.id, t);
  const shared = listTaskIdsSharingAssignments(ctx.db, {
    peopleJson: JSON.stringify([...new Set(tasks.flatMap((t) => t.personIds))]),
    resourcesJson: JSON.stringify([...new Set(tasks.flatMap((t) => t.resourceIds))]),
    unitsJson: JSON.stringify([...new Set(tasks.flatMap((t) => (t.unitId ? [t.unitId] : [])))]),
  });
  for (const id of shared) {
    if (byId.has(id)) continue;
    const t = getTask(ctx.db, id);
    if (t) byId.set(id, t);
  }
  const opIds = new Set([...editedOps, ...[...byId.values()].map((t) => t.operationId)]);
  return {
    operations: [...[...opIds].map((id) => getOperation(ctx.db, id)).filter((o) => o !== null), ...(created ? [created.operation] : [])],
    phases: [...[...editedOps].flatMap((id) => listPhases(ctx.db, id)), ...(created?.phases ?? [])],
    tasks: [...byId.values()],
    exchange: [...editedOps].flatMap((id) => mandatoryExchange(ctx, id)),
    decisions: [...editedOps].flatMap((id) => listScheduleDecisions(ctx.db, id)),
    proceedings: [...editedOps].flatMap((id) => listScheduleProceedings(ctx.db, id)),
    ...directory(ctx),
    now: ctx.now(),
    settings: loadSchedulingSettings(ctx),
  };
}

export interface TaskEdits {
  /** New versions of created or edited tasks (ids included). */
  upsert: readonly ScheduleTask[];
  /** An operation created by the same save (a duplicate), with its phases. */
  created?: { operation: ScheduleOperation; phases: readonly SchedulePhase[] };
}

/** Conflicts the edits would create, computed without writing anything. */
export function conflictsIntroducedBy(ctx: ServiceContext, edits: TaskEdits): Conflict[] {
  const current = edits.upsert.map((t) => getTask(ctx.db, t.id)).filter((t) => t !== null);
  const ix = new ScheduleIndex(loadScopeInput(ctx, [...edits.upsert, ...current], edits.created ?? null));
  return checkEdit(ix, { upsert: edits.upsert }).introduced;
}

export interface ConflictOverrideInput {
  reason: string;
}

/**
 * Refuses a save that would create a blocking conflict, unless overridden. Returns the blocking
 * conflicts the caller must record with `recordOverrides` inside its write transaction.
 */
export function guardTaskEdits(
  ctx: ServiceContext,
  edits: TaskEdits,
  override: ConflictOverrideInput | undefined,
): Conflict[] {
  const blocking = conflictsIntroducedBy(ctx, edits).filter((c) => c.severity === 'blocking' && !gatedOnly(ctx, c, edits));
  if (blocking.length === 0) return [];
  if (!override || override.reason.trim() === '') {
    throw new DomainError('blocking_conflict', `The save would create ${blocking.length} blocking conflict(s)`, {
      conflicts: blocking,
    });
  }
  return blocking;
}

/**
 * Rules of the legal spine that gate the lifecycle rather than a save: a planner drafts the
 * search before the ruling exists, so while an operation is not yet approved these conflicts
 * stop its approval and activation (electron/services/legal.ts), not the save of a task. Once
 * approved, adding an action without its decision needs an override like any blocking conflict.
 */
const LIFECYCLE_GATED: ReadonlySet<string> = new Set(['decision_missing', 'proceeding_missing']);

function gatedOnly(ctx: ServiceContext, c: Conflict, edits: TaskEdits): boolean {
  if (!LIFECYCLE_GATED.has(c.rule)) return false;
  return c.operationIds.every((id) => {
    const status = edits.created?.operation.id === id ? edits.created.operation.status : getOperation(ctx.db, id)?.status;
    return status === 'draft' || status === 'planned';
  });
}

/** Writes accepted overrides; the caller holds the transaction of the save itself. */
export function recordOverrides(ctx: ServiceContext, conflicts: readonly Conflict[], reason: string, action: string): void {
  if (conflicts.length === 0) return;
  const now = ctx.now().toISOString();
  const byOperation = new Map<string, Conflict[]>();
  for (const c of conflicts) {
    insertOverride(ctx.db, {
      id: randomUUID(), conflict_key: c.key, rule: c.rule, operation_id: c.operationIds[0] ?? null,
      task_ids: JSON.stringify(c.taskIds), action, reason: reason.trim(), site_id: ctx.siteId,
      agency_id: ctx.agencyId, unit_name: ctx.unitName, operator: currentActor(ctx.db), created_at: now,
    });
    for (const op of c.operationIds) {
      if (!byOperation.has(op)) byOperation.set(op, []);
      byOperation.get(op)!.push(c);
    }
  }
  const namer = agencyNamer(listAgencies(ctx.db), 'uk');
  for (const [operationId, cs] of byOperation) {
    const lines = cs.map((c) => `• ${describeConflict('uk', c, namer).message}`).join('\n');
    ctx.writer.create('operation_note', randomUUID(), {
      operationId, authorSiteId: ctx.siteId, createdAt: now,
      body: `Збережено попри конфлікт, що блокує (${action}). Обґрунтування: ${reason.trim()}\n${lines}`,
    }, operationId);
  }
}
