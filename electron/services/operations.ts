/**
 * Operations service: the operations domain of the API contract as plain functions over a
 * service context. Status moves only along the lifecycle (shared/domain/lifecycle.ts); a move
 * backwards is a reopen whose reason is recorded in the change record and as a note.
 */
import { randomUUID } from 'node:crypto';
import { DomainError, issuesFromZod } from '../../shared/api/errors.js';
import type { z } from 'zod';
import type {
  DuplicateRequest, OperationListQuery, OperationSummary, PhasePatch, StatusChange,
} from '../../shared/api/operations.js';
import {
  Operation, Phase as PhaseSchema, type OperationDraft, OperationPatchFields, type Phase,
  PhaseDraft,
} from '../../shared/domain/operation.js';
import { statusRank, tasksLeftOpenBy, tasksOutsideWindow, transitionKind } from '../../shared/domain/lifecycle.js';
import { compareText } from '../../shared/i18n/collation.js';
import { ENTITIES } from '../db/entities.js';
import { totalChanges } from '../db/repos/audit.repo.js';
import {
  dataVersion, getPhase, listOperationSummaries, listPhases, maxPhaseOrdinal,
} from '../db/repos/operations.repo.js';
import { listTasksByOperation } from '../db/repos/tasks.repo.js';
import { changedFields } from './change-writer.js';
import { transact, type ServiceContext } from './context.js';
import { invalidField, notFound, requireAgency, requireOperation, requirePlanOpen } from './guards.js';
import { guardTaskEdits, recordOverrides } from './conflict-guard.js';
import { countOpenConflicts } from './conflicts.js';
import { createTaskInTransaction } from './tasks.js';
import { checkLifecycleGate, requireWithinCeiling } from './legal.js';
import { writeOutcome } from './results.js';

const OPERATION_FIELDS = Object.keys(ENTITIES.operation.fields);
const PHASE_FIELDS = Object.keys(ENTITIES.phase.fields);
/** Written by their own acts (status change, approval), never by an edit of the operation. */
const APPROVAL_AND_LIFECYCLE: ReadonlySet<string> = new Set(['status', 'createdAt', 'approvedBy', 'approvedAt']);

/**
 * The conflict scan reads every task of every operation, and the list is asked again on each
 * keystroke of a filter: counts are reused until the data can have changed — a write on this
 * connection (total_changes), a commit by another process (data_version) — or the minute turns
 * (rules that depend on the clock). Kept in the context's caches.
 */
export interface ConflictCountCache {
  key: string;
  counts: Map<string, number>;
  asked: Set<string>;
}

function openConflictCounts(ctx: ServiceContext, ids: string[]): Map<string, number> {
  const key = `${totalChanges(ctx.db)}|${dataVersion(ctx.db)}|${Math.floor(ctx.now().getTime() / 60_000)}`;
  let cache = ctx.caches.conflictCounts;
  if (!cache || cache.key !== key) {
    cache = { key, counts: new Map(), asked: new Set() };
    ctx.caches.conflictCounts = cache;
  }
  const missing = ids.filter((id) => !cache.asked.has(id));
  if (missing.length > 0) {
    for (const [id, n] of countOpenConflicts(ctx, missing)) cache.counts.set(id, n);
    for (const id of missing) cache.asked.add(id);
  }
  return cache.counts;
}

export function listOperations(
  ctx: ServiceContext,
  q: z.output<typeof OperationListQuery>,
): OperationSummary[] {
  const rows = listOperationSummaries(ctx.db, {
    search: q.search.toLocaleLowerCase('uk').replace(/[\\%_]/g, (c) => `\\${c}`),
    typesJson: JSON.stringify(q.types),
    statusesJson: JSON.stringify(q.statuses),
    handlingJson: JSON.stringify(q.handlingCodes),
    agencyId: q.agencyId,
    from: q.from,
    to: q.to,
    limit: q.limit,
  });
  const counts = openConflictCounts(ctx, rows.map((r) => r.id));
  const summaries: OperationSummary[] = rows.map((r) => ({
    id: r.id,
    codeName: r.code_name,
    type: r.type as OperationSummary['type'],
    status: r.status as OperationSummary['status'],
    handlingCode: r.handling_code as OperationSummary['handlingCode'],
    leadAgencyId: r.lead_agency_id,
    participatingAgencyIds: (JSON.parse(r.participating) as string[]).sort(),
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    timeZone: r.time_zone,
    taskCount: r.task_count,
    openConflictCount: counts.get(r.id) ?? 0,
    updatedAt: r.updated_at,
  }));
  // Code names in Ukrainian alphabetical order, statuses in lifecycle order, times as times.
  const compare: Record<typeof q.sort, (a: OperationSummary, b: OperationSummary) => number> = {
    codeName: (a, b) => compareText(a.codeName, b.codeName),
    status: (a, b) => statusRank(a.status) - statusRank(b.status),
    startsAt: (a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0),
    updatedAt: (a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0),
  };
  const dir = q.direction === 'asc' ? 1 : -1;
  return summaries.sort((a, b) => (compare[q.sort](a, b) || (a.id < b.id ? -1 : 1)) * dir);
}

export function getOperationById(ctx: ServiceContext, id: string): Operation {
  return requireOperation(ctx, id);
}

export function getOperationPlan(ctx: ServiceContext, id: string) {
  const operation = requireOperation(ctx, id);
  return { operation, phases: listPhases(ctx.db, id), tasks: listTasksByOperation(ctx.db, id) };
}

export function checkAgencies(
  ctx: ServiceContext,
  op: { leadAgencyId: string; participatingAgencyIds: string[]; distribution?: { agencyId: string | null }[] },
): void {
  requireAgency(ctx, op.leadAgencyId, ['leadAgencyId']);
  op.participatingAgencyIds.forEach((a, i) => requireAgency(ctx, a, ['participatingAgencyIds', i]));
  // A copy goes to an agency that takes part: its pack is that agency's view of the operation.
  const taking = new Set([op.leadAgencyId, ...op.participatingAgencyIds]);
  (op.distribution ?? []).forEach((e, i) => {
    if (e.agencyId !== null && !taking.has(e.agencyId)) throw invalidField(['distribution', i, 'agencyId'], 'v.agencyNotInOperation');
  });
}

/** Items of a list field get stable ids, so later edits and merges can address them. */
function withItemIds<T extends { id?: string | undefined }>(items: T[]): (T & { id: string })[] {
  return items.map((it) => ({ ...it, id: it.id ?? randomUUID() }));
}

export function normalizeDraft(d: OperationDraft): OperationDraft {
  return {
    ...d,
    participatingAgencyIds: d.participatingAgencyIds.filter((a) => a !== d.leadAgencyId),
    locations: withItemIds(d.locations),
    risks: withItemIds(d.risks),
    comms: withItemIds(d.comms),
    subjects: withItemIds(d.subjects),
    codeWords: withItemIds(d.codeWords),
    distribution: withItemIds(d.distribution),
  };
}

/** Writes a new operation row and its participants as one event (so a participating agency,
 *  not only the lead, may create it); the caller holds the transaction. */
export function insertOperation(ctx: ServiceContext, id: string, draft: OperationDraft, status: Operation['status']): void {
  const now = ctx.now().toISOString();
  const { participatingAgencyIds, ...fields } = draft;
  ctx.writer.asOneEvent(() => {
    ctx.writer.create('operation', id, { ...fields, status, createdAt: now, approvedBy: '', approvedAt: null }, id);
    for (const a of participatingAgencyIds) ctx.writer.addMember('operation_agency', id, a, id);
  });
}

export function createOperation(ctx: ServiceContext, input: OperationDraft): Operation {
  const draft = normalizeDraft(input);
  requireWithinCeiling(ctx, draft.marking, ['marking']);
  checkAgencies(ctx, draft);
  const id = randomUUID();
  transact(ctx, () => insertOperation(ctx, id, draft, 'draft'));
  return requireOperation(ctx, id);
}

export function updateOperation(
  ctx: ServiceContext,
  id: string,
  patch: z.output<typeof OperationPatchFields>,
): Operation {
  const current = requirePlanOpen(ctx, id);
  requireWithinCeiling(ctx, patch.marking, ['marking']);
  const merged = { ...current, ...stripUndefined(patch) };
  const parsed = Operation.safeParse(merged);
  if (!parsed.success) {
    throw new DomainError('invalid_input', 'Invalid operation', undefined, issuesFromZod(parsed.error));
  }
  const next = normalizeDraft(parsed.data);
  checkAgencies(ctx, next);
  if (next.startsAt !== current.startsAt || next.endsAt !== current.endsAt) {
    const outside = tasksOutsideWindow(listTasksByOperation(ctx.db, id), next.startsAt, next.endsAt);
    if (outside.length > 0) {
      throw new DomainError('conflict', `The new window leaves ${outside.length} task(s) outside it: move them first`, {
        messageKey: 'opf.tasksOutsideWindow',
        params: { count: outside.length, titles: outside.slice(0, 5).map((x) => `«${x.title}»`).join(', ') },
        taskIds: outside.map((x) => x.id),
      }, [{ path: ['startsAt'], message: 'v.tasksOutsideWindow' }]);
    }
  }
  transact(ctx, () => {
    const changed = changedFields(current, next, OPERATION_FIELDS.filter((f) => !APPROVAL_AND_LIFECYCLE.has(f)));
    ctx.writer.update('operation', id, changed, id);
    ctx.writer.syncMembers('operation_agency', id, current.participatingAgencyIds, next.participatingAgencyIds, id);
  });
  return requireOperation(ctx, id);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function changeOperationStatus(ctx: ServiceContext, raw: z.input<typeof StatusChange>): Operation {
  const input = { ...raw, reason: raw.reason ?? '', approvedBy: raw.approvedBy ?? '' };
  const op = requireOperation(ctx, input.id);
  const kind = transitionKind(op.status, input.to);
  if (kind === null) {
    throw new DomainError('invalid_transition', `Cannot move from ${op.status} to ${input.to}`, {
      from: op.status, to: input.to,
    });
  }
  if (kind === 'none') return op;
  if (kind === 'reopen' && input.reason.trim() === '') {
    throw invalidField(['reason'], 'v.reopenReasonRequired');
  }
  // Completing with tasks neither done nor cancelled closes work nobody reported: the planner
  // says why, and the reason stays with the outcome (the after-action report prints it).
  const leftOpen = tasksLeftOpenBy(input.to, listTasksByOperation(ctx.db, op.id));
  if (leftOpen.length > 0 && input.reason.trim() === '') {
    throw invalidField(['reason'], 'v.completeReasonRequired');
  }
  transact(ctx, () => {
    // A reopen carries its reason in the same event, so sync can tell it from a stale write.
    const extra = kind === 'reopen' ? { _reopen: { from: op.status, reason: input.reason } } : {};
    // Approval names its approver in the same event as the status (the lead's act, one HLC).
    const approval = input.to === 'approved'
      ? { approvedBy: input.approvedBy.trim(), approvedAt: ctx.now().toISOString() }
      : kind === 'reopen' && statusRank(input.to) < statusRank('approved') && op.approvedBy !== ''
        ? { approvedBy: '', approvedAt: null } : {};
    ctx.writer.update('operation', op.id, { status: input.to, ...approval }, op.id, extra);
    // After the write, so that who may take this step is judged first (the rights rule); the
    // refusal rolls the write back.
    if (kind === 'forward') checkLifecycleGate(ctx, op, input.to, input.approvedBy);
    if (kind === 'reopen' || kind === 'abort' || (input.to === 'completed' && input.reason.trim() !== '')) {
      addOperationNote(ctx, op.id, `${op.status} → ${input.to}: ${input.reason}`.trim());
    }
    if (leftOpen.length > 0) writeOutcome(ctx, op.id, { completionReason: input.reason.trim() });
  });
  return requireOperation(ctx, op.id);
}

export function addOperationNote(ctx: ServiceContext, operationId: string, body: string): void {
  ctx.writer.create(
    'operation_note',
    randomUUID(),
    { operationId, authorSiteId: ctx.siteId, body, createdAt: ctx.now().toISOString() },
    operationId,
  );
}

export function removeOperation(ctx: ServiceContext, id: string): { id: string } {
  requireOperation(ctx, id);
  transact(ctx, () => ctx.writer.remove('operation', id, id));
  return { id };
}

function shiftIso(iso: string, minutes: number): string {
  return new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();
}

/**
 * Copies the operation with its phases and tasks (fresh ids, dependencies remapped) as a draft.
 * The copies book the same people and resources, so the save guard judges them like any task
 * save: a copy overlapping the original needs an override with a reason.
 */
export function duplicateOperation(ctx: ServiceContext, input: z.output<typeof DuplicateRequest>): Operation {
  const plan = getOperationPlan(ctx, input.id);
  const shift = (iso: string) => shiftIso(iso, input.shiftMinutes);
  const src = plan.operation;
  const newId = randomUUID();
  const draft: OperationDraft = normalizeDraft({
    ...src,
    codeName: input.codeName,
    startsAt: shift(src.startsAt),
    endsAt: shift(src.endsAt),
    locations: src.locations.map(({ id: _id, ...l }) => l),
    risks: src.risks.map(({ id: _id, ...r }) => r),
    comms: src.comms.map(({ id: _id, ...c }) => c),
    subjects: src.subjects.map(({ id: _id, ...s }) => s),
    codeWords: src.codeWords.map(({ id: _id, ...w }) => w),
    distribution: src.distribution.map(({ id: _id, ...e }) => e),
    // A copy is a new document: it gets its own registration number when it is registered.
    registrationNumber: '',
  });
  const phaseIds = new Map(plan.phases.map((ph) => [ph.id, randomUUID()]));
  const phases = plan.phases.map((ph) => ({
    id: phaseIds.get(ph.id)!, operationId: newId, name: ph.name, ordinal: ph.ordinal,
    startsAt: shift(ph.startsAt), endsAt: shift(ph.endsAt),
  }));
  const taskIds = new Map(plan.tasks.map((t) => [t.id, randomUUID()]));
  const tasks = plan.tasks.map((t) => ({
    ...t,
    id: taskIds.get(t.id)!,
    operationId: newId,
    phaseId: t.phaseId ? phaseIds.get(t.phaseId) ?? null : null,
    status: 'todo' as const,
    startsAt: shift(t.startsAt),
    endsAt: shift(t.endsAt),
    dependencies: t.dependencies
      .filter((d) => taskIds.has(d.predecessorId))
      .map((d) => ({ ...d, predecessorId: taskIds.get(d.predecessorId)! })),
    checklist: t.checklist.map((c) => ({ ...c, id: randomUUID(), done: false })),
  }));
  const accepted = guardTaskEdits(ctx, {
    upsert: tasks,
    created: { operation: { ...draft, id: newId, status: 'draft' }, phases },
  }, input.override);
  transact(ctx, () => {
    insertOperation(ctx, newId, draft, 'draft');
    for (const { id, ...ph } of phases) ctx.writer.create('phase', id, ph, newId);
    for (const t of tasks) createTaskInTransaction(ctx, t.id, t);
    recordOverrides(ctx, accepted, input.override?.reason ?? '', 'operations.duplicate');
  });
  return requireOperation(ctx, newId);
}

export function addPhase(ctx: ServiceContext, input: z.output<typeof PhaseDraft>): Phase {
  requirePlanOpen(ctx, input.operationId);
  const id = randomUUID();
  transact(ctx, () => {
    const ordinal = input.ordinal ?? maxPhaseOrdinal(ctx.db, input.operationId) + 1;
    ctx.writer.create('phase', id, { ...input, ordinal }, input.operationId);
  });
  return getPhase(ctx.db, id)!;
}

export function updatePhase(ctx: ServiceContext, input: z.output<typeof PhasePatch>): Phase {
  const current = getPhase(ctx.db, input.id);
  if (!current) throw notFound('Phase', input.id);
  requirePlanOpen(ctx, current.operationId);
  const parsed = PhaseSchema.safeParse({ ...current, ...stripUndefined(input.patch) });
  if (!parsed.success) {
    throw new DomainError('invalid_input', 'Invalid phase', undefined, issuesFromZod(parsed.error));
  }
  transact(ctx, () => {
    ctx.writer.update('phase', current.id, changedFields(current, parsed.data, PHASE_FIELDS), current.operationId);
  });
  return getPhase(ctx.db, current.id)!;
}

/** Removing a phase keeps its tasks, detached from it (losing tasks silently would be worse). */
export function removePhase(ctx: ServiceContext, id: string): { id: string } {
  const phase = getPhase(ctx.db, id);
  if (!phase) throw notFound('Phase', id);
  requirePlanOpen(ctx, phase.operationId);
  transact(ctx, () => {
    for (const t of listTasksByOperation(ctx.db, phase.operationId)) {
      if (t.phaseId === id) ctx.writer.update('task', t.id, { phaseId: null }, phase.operationId);
    }
    ctx.writer.remove('phase', id, phase.operationId);
  });
  return { id };
}
