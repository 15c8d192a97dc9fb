/**
 * Conflicts service: scans on demand (everything, or one operation with the bookings its tasks
 * share with every other operation), critical path and slip what-if without saving, offline
 * deconfliction with persistent alerts, and the scheduling settings. Importing this module
 * installs the open-conflict counter of the operations list (operations.ts cannot import it:
 * the tasks service it depends on imports the save guard).
 */
import { randomUUID } from 'node:crypto';
import { betweenCalls, type WarmResult } from './between-calls.js';
import { listConsignmentIdentifiers } from '../db/repos/results.repo.js';
import { consignmentMatchKeys } from '../../shared/results/links.js';
import type { z } from 'zod';
import { DomainError } from '../../shared/api/errors.js';
import type {
  ConflictPage, ConflictPageQuery, ConflictReport, ConflictView, CriticalPathView, DeconflictionAlert,
  SchedulingSettingsSchema, SlipRequest, SlipView, TaskConflictCounts,
} from '../../shared/api/conflicts.js';
import { agencyShort } from '../../shared/domain/directory.js';
import type { Operation } from '../../shared/domain/operation.js';
import type { Task } from '../../shared/domain/task.js';
import { criticalPath, slipImpact } from '../../shared/scheduling/critical-path.js';
import {
  deconflict, toDeconflictionOperation, type DeconflictionHit, type DeconflictionOperation,
} from '../../shared/scheduling/deconfliction.js';
import { ScheduleIndex, findConflicts, operationConflicts } from '../../shared/scheduling/engine.js';
import {
  findingKey, forEachOperationOf, forEachTaskOf, severityOf, toConflict, type Finding,
} from '../../shared/scheduling/findings.js';
import { sortConflicts, type Conflict, type ScheduleTask, type SchedulingSettings } from '../../shared/scheduling/model.js';
import {
  acknowledgeAlertRow, getAlert, listAlerts, listLatestOverrides, listLiveOperationIds, listTaskPointsOf, markAlertsCleared,
  upsertAlertSeen, type AlertRow,
} from '../db/repos/conflicts.repo.js';
import { listAgencies } from '../db/repos/agencies.repo.js';
import { setMeta } from '../db/repos/meta.repo.js';
import { getOperation } from '../db/repos/operations.repo.js';
import { getTask, listScheduleTasksPage, listTasksByOperation, readScheduleTaskLinks } from '../db/repos/tasks.repo.js';
import {
  SETTINGS_META_KEYS, conflictsIntroducedBy, loadFullInput, loadPlanFrame, loadSchedulingSettings,
} from './conflict-guard.js';
import { maxChangeSeq, rowsChangedSince } from '../db/repos/change-log.repo.js';
import { currentActor } from './audit.js';
import { transact, type ServiceContext } from './context.js';
import { requireOperation } from './guards.js';
import { requireTask, rescheduleTasks } from './tasks.js';

function withOverrides(ctx: ServiceContext, conflicts: Conflict[]): ConflictView[] {
  const overrides = new Map(listLatestOverrides(ctx.db).map((o) => [o.conflict_key, o]));
  const agencyShortOf = shortAgencyNames(ctx);
  return sortConflicts(conflicts).map((c) => {
    const o = overrides.get(c.key);
    return { ...c, override: o ? { reason: o.reason, at: o.created_at, by: whoOf(agencyShortOf(o.agency_id), o.unit_name, o.operator, o.site_id) } : null };
  });
}

/** Agencies by their Ukrainian short name (ДМС, прокуратура): the texts stored and shown are Ukrainian. */
function shortAgencyNames(ctx: ServiceContext): (id: string) => string {
  const names = new Map(listAgencies(ctx.db).map((a) => [a.id, agencyShort(a, 'uk')]));
  return (id) => names.get(id) ?? id;
}

/** Who accepted an override, as a coordinator would ask for them: the operator, their agency and
 *  unit; the site only for overrides recorded before the operator was. */
function whoOf(agency: string, unitName: string, operator: string, siteId: string): string {
  return [operator, agency, unitName, operator ? '' : `site ${siteId}`].filter(Boolean).join(' · ');
}

function report(ctx: ServiceContext, conflicts: Conflict[]): ConflictReport {
  const views = withOverrides(ctx, conflicts);
  return {
    conflicts: views,
    blocking: views.filter((c) => c.severity === 'blocking').length,
    warning: views.filter((c) => c.severity === 'warning').length,
    scannedAt: ctx.now().toISOString(),
  };
}

/**
 * The last full scan and the index it ran over, kept while nothing it depends on changed. Every
 * planning write (tasks, operations, directory, exchange log, sync imports) appends a change
 * record, settings live in meta, and Article 558 deadlines move with the clock (checked per
 * minute). When only tasks changed since — the common case, a planner saving one task — the
 * kept index follows those changes in place and the rules run over it again; any other change
 * (or a flood of task changes) rebuilds it from the database. The operations list asks for
 * counts on every refresh; without this it would reload every task of every operation each time.
 */
export interface KeptScan {
  seq: number;
  settingsKey: string;
  minute: number;
  index: ScheduleIndex;
  findings: Finding[];
  /** The findings as records, built when the CLI asks for all of them (pages build their own). */
  conflicts: Conflict[] | null;
  /** The findings in list order (blocking first, then by key) with their keys, built on first ask. */
  listed: { finding: Finding; key: string }[] | null;
}

/** Change records the index can follow task by task: a task's fields and its people and resources. */
const FOLLOWED_ENTITIES: ReadonlySet<string> = new Set(['task', 'task_person', 'task_resource']);
/** Beyond this many changed rows a rebuild is cheaper than following them one by one. */
const MAX_FOLLOWED_ROWS = 2000;

function currentScan(ctx: ServiceContext): KeptScan {
  const seq = maxChangeSeq(ctx.db);
  const settingsKey = JSON.stringify(loadSchedulingSettings(ctx));
  const minute = Math.floor(ctx.now().getTime() / 60_000);
  const kept = ctx.caches.conflictScan;
  if (kept && kept.settingsKey === settingsKey) {
    if (kept.seq === seq && kept.minute === minute) return kept;
    // A new minute moves only the clock the time rules read; task edits are followed in place —
    // unless a transaction still open wrote them: they may yet roll back, and the next save takes
    // their sequence numbers again, so the kept index would keep rows that never were.
    const taskIds = kept.seq === seq ? new Set<string>() : ctx.db.inTransaction ? null : tasksChangedSince(ctx, kept.seq);
    if (taskIds) {
      for (const id of taskIds) {
        const task = getTask(ctx.db, id);
        if (task) kept.index.upsertTask(task);
        else kept.index.removeTask(id);
      }
      kept.index.setNow(ctx.now());
      kept.seq = seq;
      kept.minute = minute;
      kept.findings = findConflicts(kept.index);
      kept.conflicts = null;
      kept.listed = null;
      return kept;
    }
  }
  const index = new ScheduleIndex(loadFullInput(ctx));
  const fresh: KeptScan = { seq, settingsKey, minute, index, findings: findConflicts(index), conflicts: null, listed: null };
  if (!ctx.db.inTransaction) ctx.caches.conflictScan = fresh;
  return fresh;
}

/** Tasks read per slice by the background build: about 10–20 ms each on two cores. */
const WARM_PAGE = 2000;

/**
 * Builds the whole plan's scan before anyone asks for it (the core's background work,
 * core/background.ts), so the operations list's conflict counts need no cold scan — 200–350 ms
 * over 1,000 operations, during which the core answered no other call (a page opened then waited
 * for it). The build runs in slices — the plan around the tasks, the tasks a page at a time, the
 * index, the rules — and yields between them, so calls that come meanwhile are answered between
 * two slices. Nothing is kept if anything was written between the first slice and the last, or a
 * transaction was open at a slice (its rows may yet roll back): the answer is then `stale` and
 * the caller tries again later. `current`: the kept scan was current or only a few task edits
 * behind (followed in place at once, as a call would).
 */
export async function warmConflictScan(ctx: ServiceContext, stopped: () => boolean, pageSize = WARM_PAGE): Promise<WarmResult> {
  const db = ctx.db;
  const { usable, yieldToCalls: slice } = betweenCalls(ctx, stopped);
  if (!usable()) return 'unavailable';
  const seq = maxChangeSeq(db);
  const settingsKey = JSON.stringify(loadSchedulingSettings(ctx));
  const kept = ctx.caches.conflictScan;
  if (kept && kept.settingsKey === settingsKey && (kept.seq === seq || tasksChangedSince(ctx, kept.seq) !== null)) {
    currentScan(ctx);
    return 'current';
  }
  const now = ctx.now();
  const frame = loadPlanFrame(ctx, now);
  const links = readScheduleTaskLinks(db);
  const tasks: ScheduleTask[] = [];
  for (;;) {
    await slice();
    if (!usable()) return 'stale';
    const last = tasks[tasks.length - 1];
    const page = listScheduleTasksPage(db, links, last ? { startsAt: last.startsAt, id: last.id } : null, pageSize);
    for (const t of page) tasks.push(t);
    if (page.length < pageSize) break;
  }
  await slice();
  if (!usable() || maxChangeSeq(db) !== seq) return 'stale';
  const index = new ScheduleIndex({ ...frame, tasks });
  await slice();
  if (!usable() || maxChangeSeq(db) !== seq) return 'stale';
  const findings = findConflicts(index);
  if (JSON.stringify(loadSchedulingSettings(ctx)) !== settingsKey) return 'stale';
  // A call may have scanned meanwhile (the same data: nothing was written).
  if (ctx.caches.conflictScan?.seq !== seq || ctx.caches.conflictScan.settingsKey !== settingsKey) {
    ctx.caches.conflictScan = { seq, settingsKey, minute: Math.floor(now.getTime() / 60_000), index, findings, conflicts: null, listed: null };
  }
  return 'built';
}

/** Ids of the tasks changed after `seq`, or null when something else changed too (or too much). */
function tasksChangedSince(ctx: ServiceContext, seq: number): Set<string> | null {
  const rows = rowsChangedSince(ctx.db, seq, MAX_FOLLOWED_ROWS + 1);
  if (rows.length > MAX_FOLLOWED_ROWS) return null;
  const ids = new Set<string>();
  for (const r of rows) {
    if (!FOLLOWED_ENTITIES.has(r.entity)) return null;
    // Membership rows are `taskId:memberId` (memberRowId).
    ids.add(r.entity === 'task' ? r.rowId : r.rowId.slice(0, r.rowId.indexOf(':')));
  }
  return ids;
}

function conflictsOf(scan: KeptScan): Conflict[] {
  scan.conflicts ??= scan.findings.map((f) => toConflict(scan.index, f));
  return scan.conflicts;
}

/** Every conflict of the plan as a record: the CLI's list. */
export function scanAll(ctx: ServiceContext): ConflictReport {
  return report(ctx, [...conflictsOf(currentScan(ctx))]);
}

function listed(scan: KeptScan): { finding: Finding; key: string }[] {
  if (!scan.listed) {
    const rows = scan.findings.map((finding) => ({ finding, key: findingKey(scan.index, finding), blocking: severityOf(finding) === 'blocking' }));
    rows.sort((a, b) => (a.blocking !== b.blocking ? (a.blocking ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    scan.listed = rows;
  }
  return scan.listed;
}

/**
 * One page of the plan-wide list, in the order `sortConflicts` gives: records are built for the
 * page only (all 8,103 of a 50,000-task plan took 45–75 ms to build and megabytes to send, for a
 * screen that shows a few dozen). Counts cover the whole plan.
 */
export function scanPage(ctx: ServiceContext, query: z.output<typeof ConflictPageQuery>): ConflictPage {
  const scan = currentScan(ctx);
  const rows = listed(scan);
  const matching = rows.filter(({ finding }) =>
    (query.severity === null || severityOf(finding) === query.severity) && (query.rule === null || finding.rule === query.rule));
  const page = matching.slice(query.offset, query.offset + query.limit).map(({ finding }) => toConflict(scan.index, finding));
  const blocking = rows.reduce((n, { finding }) => n + (severityOf(finding) === 'blocking' ? 1 : 0), 0);
  return {
    conflicts: withOverrides(ctx, page),
    total: matching.length,
    offset: query.offset,
    blocking,
    warning: rows.length - blocking,
    scannedAt: ctx.now().toISOString(),
  };
}

/** Open conflicts per task, for badges: from findings, without building a record. */
export function openConflictsByTask(ctx: ServiceContext): TaskConflictCounts {
  const overridden = new Set(listLatestOverrides(ctx.db).map((o) => o.conflict_key));
  const { index, findings } = currentScan(ctx);
  const counts = new Map<string, { blocking: number; warning: number }>();
  for (const f of findings) {
    if (overridden.size > 0 && overridden.has(findingKey(index, f))) continue;
    const severity = severityOf(f);
    forEachTaskOf(index, f, (id) => {
      let n = counts.get(id);
      if (!n) counts.set(id, (n = { blocking: 0, warning: 0 }));
      n[severity] += 1;
    });
  }
  return { counts: Object.fromEntries(counts), scannedAt: ctx.now().toISOString() };
}

export function scanOperation(ctx: ServiceContext, operationId: string): ConflictReport {
  requireOperation(ctx, operationId);
  return report(ctx, operationConflicts(currentScan(ctx).index, operationId));
}

/** Open conflicts per operation for the operations list: accepted (overridden) ones are not open. */
export function countOpenConflicts(ctx: ServiceContext, operationIds: string[]): Map<string, number> {
  const wanted = new Set(operationIds);
  const counts = new Map<string, number>();
  const overridden = new Set(listLatestOverrides(ctx.db).map((o) => o.conflict_key));
  const { index, findings } = currentScan(ctx);
  const count = (op: string) => { if (wanted.has(op)) counts.set(op, (counts.get(op) ?? 0) + 1); };
  for (const f of findings) {
    // Keys are built only when there are overrides to match: most plans have none or few.
    if (overridden.size > 0 && overridden.has(findingKey(index, f))) continue;
    forEachOperationOf(index, f, count);
  }
  return counts;
}

export function criticalPathOf(ctx: ServiceContext, operationId: string): CriticalPathView {
  const op = requireOperation(ctx, operationId);
  return criticalPath(listTasksByOperation(ctx.db, operationId), op.endsAt);
}

/** What moves if a task slips, and which conflicts that would create — nothing is saved. */
export function whatIfSlip(ctx: ServiceContext, input: z.output<typeof SlipRequest>): SlipView {
  const task = requireTask(ctx, input.taskId);
  const op = requireOperation(ctx, task.operationId);
  const tasks = listTasksByOperation(ctx.db, op.id);
  const impact = slipImpact(tasks, task.id, input.minutes, op.endsAt);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const moved: Task[] = impact.moved.map((m) => ({ ...byId.get(m.taskId)!, startsAt: m.startsAt, endsAt: m.endsAt }));
  const introduced = moved.length ? conflictsIntroducedBy(ctx, { upsert: moved }) : [];
  return { ...impact, introduced: withOverrides(ctx, introduced) };
}

export function applySlip(
  ctx: ServiceContext, input: z.output<typeof SlipRequest> & { override?: { reason: string } | undefined },
): Task[] {
  const task = requireTask(ctx, input.taskId);
  const op = requireOperation(ctx, task.operationId);
  const impact = slipImpact(listTasksByOperation(ctx.db, op.id), task.id, input.minutes, op.endsAt);
  return rescheduleTasks(ctx, impact.moved, input.override, 'conflicts.applySlip');
}

// ---------------------------------------------------------------------------------------------
// Deconfliction

function deconflictionView(ctx: ServiceContext): Map<string, DeconflictionOperation> {
  // One operation's task points at a time (each operation keeps one point per position): a sync
  // import deconflicts inside its transaction, and every task of a 500 MB plan read at once
  // was the largest allocation of the import.
  const out = new Map<string, DeconflictionOperation>();
  // A consignment's container, plates, wagon, vessel, declaration and consignee match like the
  // subjects do (issue 17): the same container followed by two operations is a deconfliction hit.
  const consignmentKeys = new Map<string, { key: string; label: string }[]>();
  for (const c of listConsignmentIdentifiers(ctx.db)) {
    let list = consignmentKeys.get(c.operationId);
    if (!list) consignmentKeys.set(c.operationId, (list = []));
    for (const key of consignmentMatchKeys(c)) list.push({ key, label: `${c.commodity} · ${key.slice(key.indexOf(':') + 1)}` });
  }
  for (const id of listLiveOperationIds(ctx.db)) {
    const op = getOperation(ctx.db, id)!;
    if (op.status === 'aborted' || op.status === 'completed') continue;
    const d = toDeconflictionOperation(op, listTaskPointsOf(ctx.db, id));
    const extra = consignmentKeys.get(id);
    out.set(id, extra ? { ...d, subjects: [...d.subjects, ...extra] } : d);
  }
  return out;
}

function operationRef(ops: Map<string, DeconflictionOperation>, ctx: ServiceContext, id: string) {
  const d = ops.get(id);
  if (d) return { id, codeName: d.codeName, leadAgencyId: d.leadAgencyId, startsAt: d.startsAt, endsAt: d.endsAt, contacts: d.contacts, present: true };
  const op: Operation | null = getOperation(ctx.db, id);
  return {
    id, codeName: op?.codeName ?? id, leadAgencyId: op?.leadAgencyId ?? '', startsAt: op?.startsAt ?? '',
    endsAt: op?.endsAt ?? '', contacts: [], present: op !== null,
  };
}

function alertView(ctx: ServiceContext, ops: Map<string, DeconflictionOperation>, r: AlertRow): DeconflictionAlert {
  return {
    key: r.key, kind: r.kind as DeconflictionAlert['kind'], matchKey: r.match_key, label: r.label,
    distanceMeters: r.distance_m, windowsOverlap: r.windows_overlap === 1,
    a: operationRef(ops, ctx, r.operation_a), b: operationRef(ops, ctx, r.operation_b),
    firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at, clearedAt: r.cleared_at,
    acknowledgedAt: r.acknowledged_at, acknowledgedBy: r.acknowledged_by, ackNote: r.ack_note,
  };
}

/**
 * Compares every stored operation (ours and those received from other units) with every other,
 * records new hits, marks vanished ones cleared (never deletes them) and lists the alerts.
 */
export function deconflictStored(ctx: ServiceContext, operationId: string | null): DeconflictionAlert[] {
  if (operationId) requireOperation(ctx, operationId);
  const ops = deconflictionView(ctx);
  const hits = deconflict([...ops.values()], null, loadSchedulingSettings(ctx).radiusMeters);
  if (!ctx.durability.writable) {
    // A damaged or read-only store is still read and exported (issue 14): its alerts as
    // recording this scan would leave them, with nothing written.
    return alertsAsRecorded(listAlerts(ctx.db, operationId), hits, [...ops.keys()], operationId, ctx.now().toISOString())
      .map((r) => alertView(ctx, ops, r));
  }
  transact(ctx, () => recordHits(ctx, hits, [...ops.keys()]));
  return listAlerts(ctx.db, operationId).map((r) => alertView(ctx, ops, r));
}

/** What recordHits would make of the stored alerts, in memory, in listAlerts' order. */
function alertsAsRecorded(
  stored: readonly AlertRow[], hits: readonly DeconflictionHit[], scanned: readonly string[], operationId: string | null, now: string,
): AlertRow[] {
  const seen = new Map(hits.map((h) => [h.key, h]));
  const ofScanned = new Set(scanned);
  const rows = stored.map((r): AlertRow => {
    const h = seen.get(r.key);
    if (h) return { ...r, label: h.label, distance_m: h.distanceMeters, windows_overlap: h.windowsOverlap ? 1 : 0, cleared_at: null };
    if (r.cleared_at === null && (ofScanned.has(r.operation_a) || ofScanned.has(r.operation_b))) return { ...r, cleared_at: now };
    return r;
  });
  const known = new Set(stored.map((r) => r.key));
  for (const h of hits) {
    if (known.has(h.key) || (operationId !== null && h.a !== operationId && h.b !== operationId)) continue;
    rows.push({
      key: h.key, kind: h.kind, operation_a: h.a, operation_b: h.b, match_key: h.matchKey, label: h.label,
      distance_m: h.distanceMeters, windows_overlap: h.windowsOverlap ? 1 : 0, first_seen_at: now, last_seen_at: now,
      cleared_at: null, acknowledged_at: null, acknowledged_by: null, ack_note: '',
    });
  }
  const acked = (r: AlertRow) => (r.acknowledged_at === null ? 0 : 1);
  return rows.sort((a, b) => acked(a) - acked(b) || (a.first_seen_at < b.first_seen_at ? 1 : a.first_seen_at > b.first_seen_at ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Opens (or reopens) an alert per hit; an open alert of `scanned` operations that no longer
 *  matches is marked cleared — kept, with its acknowledgement, never deleted. */
function recordHits(ctx: ServiceContext, hits: readonly DeconflictionHit[], scanned: readonly string[]): void {
  const now = ctx.now().toISOString();
  for (const h of hits) {
    upsertAlertSeen(ctx.db, {
      key: h.key, kind: h.kind, operation_a: h.a, operation_b: h.b, match_key: h.matchKey, label: h.label,
      distance_m: h.distanceMeters, windows_overlap: h.windowsOverlap ? 1 : 0, now,
    });
  }
  markAlertsCleared(ctx.db, { seenJson: JSON.stringify(hits.map((h) => h.key)), operationsJson: JSON.stringify(scanned), now });
}

/**
 * Deconfliction of the operations a sync import brought or changed, against every operation
 * stored here (ours and other units'). Call inside the import's transaction: the alerts commit
 * with the changes that raised them, or neither does. Returns the hits.
 */
export function deconflictOperations(ctx: ServiceContext, operationIds: Iterable<string>): DeconflictionHit[] {
  const ids = new Set(operationIds);
  if (ids.size === 0) return [];
  const ops = deconflictionView(ctx);
  const incoming = [...ids].flatMap((id) => ops.get(id) ?? []);
  if (incoming.length === 0) return [];
  const hits = deconflict(incoming, [...ops.values()], loadSchedulingSettings(ctx).radiusMeters);
  transact(ctx, () => recordHits(ctx, hits, incoming.map((o) => o.id)));
  return hits;
}

/** Acknowledgement is recorded on the alert and as a note on both operations (change record). */
export function acknowledgeAlert(ctx: ServiceContext, input: { key: string; by: string; note: string }): DeconflictionAlert {
  const row = getAlert(ctx.db, input.key);
  if (!row) throw new DomainError('not_found', `Deconfliction alert not found: ${input.key}`);
  const at = ctx.now().toISOString();
  const by = [input.by.trim(), whoOf(shortAgencyNames(ctx)(ctx.agencyId), ctx.unitName, currentActor(ctx.db), ctx.siteId)].filter(Boolean).join(' — ');
  transact(ctx, () => {
    acknowledgeAlertRow(ctx.db, { key: input.key, at, by, note: input.note });
    for (const opId of [row.operation_a, row.operation_b]) {
      if (!getOperation(ctx.db, opId)) continue;
      ctx.writer.create('operation_note', randomUUID(), {
        operationId: opId, authorSiteId: ctx.siteId, createdAt: at,
        body: `Деконфліктинг: ознайомлено зі збігом «${row.label}» (${by})${input.note ? `: ${input.note}` : ''}`,
      }, opId);
    }
  });
  return alertView(ctx, deconflictionView(ctx), getAlert(ctx.db, input.key)!);
}

// ---------------------------------------------------------------------------------------------
// Settings

export function getSchedulingSettings(ctx: ServiceContext): SchedulingSettings {
  return loadSchedulingSettings(ctx);
}

export function setSchedulingSettings(
  ctx: ServiceContext, patch: Partial<z.output<typeof SchedulingSettingsSchema>>,
): SchedulingSettings {
  transact(ctx, () => {
    for (const [k, v] of Object.entries(patch) as [keyof SchedulingSettings, number | undefined][]) {
      if (v !== undefined) setMeta(ctx.db, SETTINGS_META_KEYS[k], String(v));
    }
  });
  return loadSchedulingSettings(ctx);
}
