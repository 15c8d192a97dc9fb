/**
 * The apply layer: validated changes join the change record, and every row they touch is
 * re-projected from ALL of that row's changes (shared/sync/merge.ts) and written to its table.
 * Because a row is always recomputed from the full set, the result does not depend on the
 * order bundles arrived in. Runs inside the caller's transaction: a bundle applies whole or not
 * at all.
 *
 * A row is written only when every declared field is known (or has a fallback: entities.ts) and
 * every row it references exists
 * (the schema's foreign keys); otherwise it waits in `sync_pending` and is retried on every
 * import, so partial delivery never leaves a half-filled row.
 *
 * Memory stays bounded whatever the bundle size: the rows a pass touches are kept in a table of
 * the store (apply-pass.ts) and read back in chunks, lookups are bounded caches, and the report carries
 * counts plus only the first PREVIEW_LIST_LIMIT quarantined changes and new conflicts — all of
 * them are stored (sync_quarantine, sync_conflicts) and listed from there.
 */
import {
  MEMBER_FIELD, TOMBSTONE_FIELD, type ChangeRecord, type SyncedEntity,
} from '../../shared/sync/change.js';
import { decodeHlc } from '../../shared/sync/hlc.js';
import {
  BASE_FIELD, isMemberEntity, mergeRow, type Conflict, type FieldValue, type MergedRow,
} from '../../shared/sync/merge.js';
import type { Db } from '../db/connection.js';
import { ENTITIES } from '../db/entities.js';
import { appendChanges, latestFieldChange, listChangesForRow, maxChangeSeq } from '../db/repos/change-log.repo.js';
import { setEntityDeleted, touchEntity, updateEntityField, upsertEntityRow } from '../db/repos/entity.repo.js';
import { foreignKeys, referencedRowExists, rowExists } from '../db/repos/sync-apply.repo.js';
import { refusalMessage, type RightsRefusal } from '../../shared/sync/rights.js';
import {
  clearRowConflicts, countPendingRows, hasOpenConflicts, holdInQuarantine, type QuarantineVerdict, insertConflict, listHeldAndReady, rejudgeQuarantined,
  releaseFromQuarantine, rowConflictFields, setPending,
} from '../db/repos/sync.repo.js';
import type { ServiceContext } from '../services/context.js';
import { BoundedCache } from '../../shared/sync/bounded-cache.js';
import { RightsChecker, ValueVerdicts, checkShape, unknownHere, type Authority } from '../rights/validate.js';
import { ApplyPassRows } from './apply-pass.js';

/** How many quarantined changes and new conflicts a report lists (it counts them all). */
export const PREVIEW_LIST_LIMIT = 100;
/** Rows read back from the pass table at a time. */
const ROW_CHUNK = 1000;
/** Rows known to exist, remembered between reference checks (a miss costs one lookup). */
const REFERENCE_CACHE_LIMIT = 10_000;
/** What the changes a pass keeps in memory may weigh, in estimated bytes of heap. */
const PASS_HISTORY_BUDGET = 24_000_000;

/**
 * The changes a pass records, row by row, kept so a row new to this unit is merged from memory
 * instead of read back (the read-back was a sixth of an import's time). Each change is kept as a
 * compact copy whose repeated strings (site, entity, row, field, operation) are shared, so only
 * its HLC and value are its own. Bounded: past the budget no new row is kept, and a row still
 * growing past twice the budget is dropped; a row not kept is read back from the record.
 */
class PassHistories {
  /** By entity, then row id: no key string is built per change. */
  private readonly rows = new Map<string, Map<string, ChangeRecord[]>>();
  private readonly dropped = new Map<string, Set<string>>();
  private readonly shared = new Map<string, string>();
  private weight = 0;

  constructor(private readonly budget: number) {}

  add(c: ChangeRecord): void {
    let ofEntity = this.rows.get(c.entity);
    if (!ofEntity) this.rows.set(c.entity, (ofEntity = new Map()));
    let list = ofEntity.get(c.rowId);
    if (!list) {
      if (this.weight > this.budget || this.dropped.get(c.entity)?.has(c.rowId)) return;
      ofEntity.set(c.rowId, (list = []));
    }
    list.push({
      hlc: c.hlc, siteId: this.share(c.siteId), entity: list[0]?.entity ?? c.entity, rowId: list[0]?.rowId ?? c.rowId,
      field: this.share(c.field), value: c.value, operationId: c.operationId === null ? null : this.share(c.operationId),
    });
    // The copy and its slot, its HLC, and its value (two bytes a character at worst).
    this.weight += 160 + 2 * c.value.length;
    if (this.weight > 2 * this.budget) {
      ofEntity.delete(c.rowId);
      let gone = this.dropped.get(c.entity);
      if (!gone) this.dropped.set(c.entity, (gone = new Set()));
      gone.add(c.rowId);
    }
  }

  get(entity: string, rowId: string): ChangeRecord[] | undefined {
    return this.rows.get(entity)?.get(rowId);
  }

  private share(s: string): string {
    const known = this.shared.get(s);
    if (known !== undefined) return known;
    if (this.shared.size > 10_000) this.shared.clear();
    this.shared.set(s, s);
    return s;
  }
}

export interface QuarantinedChange {
  readonly change: unknown;
  readonly reason: string;
  /** Held for a row not known here yet (applies by itself once it arrives), not refused. */
  readonly waiting: boolean;
}

export interface ConflictView {
  readonly kind: Conflict['kind'];
  readonly entity: SyncedEntity;
  readonly rowId: string;
  readonly field: string;
  readonly operationId: string | null;
  readonly candidates: readonly FieldValue[];
}

export interface ApplyReport {
  received: number;
  /** Changes new to this unit (the rest were already held). */
  added: number;
  /** New changes per operation id ('' for directory rows). */
  perOperation: Record<string, number>;
  /** The first PREVIEW_LIST_LIMIT changes newly quarantined; all are in sync_quarantine, once
   *  per change identity (one brought again is not counted again). */
  quarantined: QuarantinedChange[];
  quarantinedCount: number;
  /** Changes held earlier that applied in this pass, now that what they refer to is here. */
  released: number;
  /** The first PREVIEW_LIST_LIMIT of them; all are in sync_conflicts. */
  newConflicts: ConflictView[];
  newConflictCount: number;
  /** Rows still waiting for fields or referenced rows after this import. */
  pendingRows: number;
  /** Operations of rows written again from changes held already (rows that had left this
   *  unit's view and may be coming back into it). */
  rewrittenOperations: string[];
  /** Whether a change of this pass may leave a directory record unneeded here: an assignment,
   *  or the unit a task, person or resource names. */
  directoryLinksChanged: boolean;
}

export interface ApplyOptions {
  readonly bundleId: string;
  readonly senderSiteId: string;
  readonly authority: Authority;
  /** Preview: nothing observed on the clock (the caller rolls the transaction back). */
  readonly dryRun?: boolean;
  /**
   * The changes come from a newer Spilno (its schema is ahead of ours): an entity or field this
   * version does not know is held until this unit is updated, not refused.
   */
  readonly fromNewerVersion?: boolean;
  /** What the changes this pass keeps in memory may weigh (default PASS_HISTORY_BUDGET; tests
   *  shrink it so rows are read back from the record as past the budget). */
  readonly historyBudget?: number;
}

/**
 * Validates, records and materialises incoming changes, read once from `source` in the
 * sender's order (so a bundle streams through without being held in memory). Call inside a
 * transaction.
 */
/**
 * Changes one event (one HLC) may carry. A real event is one row's fields or an operation with
 * its participants — tens of changes; an event is held in memory until it is judged as a whole,
 * so a bundle claiming millions under one HLC is broken or hostile, and all of that event is
 * quarantined (with its reason, nothing dropped) instead of held.
 */
export const MAX_EVENT_CHANGES = 10_000;

type Verdict = {
  reason: string; refusal?: RightsRefusal; waiting?: { entity: string; rowId: string };
  /** From a newer Spilno: an entity or field this version does not know yet. */
  newer?: { entity: string; field: string };
};

/**
 * What a change held for an update of this unit waits for: no row here will ever bring it;
 * applyHeldForUpdate takes it up once the entity and field are known.
 */
export const AWAITS_UPDATE = '#update';

/** How a verdict is stored: the English reason, its catalog key, and what a held change awaits. */
function verdictRow(r: Verdict): QuarantineVerdict {
  const message = r.refusal ? refusalMessage(r.refusal)
    : r.waiting ? { key: 'quarantine.waiting', params: { entity: r.waiting.entity } }
      : r.newer ? { key: 'quarantine.newerVersion', params: { field: `${r.newer.entity}.${r.newer.field}` } } : null;
  if (r.newer) {
    return {
      reason: r.reason, reason_key: message!.key, reason_params: JSON.stringify(message!.params),
      waiting: 1, waits_entity: AWAITS_UPDATE, waits_row: `${r.newer.entity}.${r.newer.field}`,
    };
  }
  return {
    reason: r.reason, reason_key: message?.key ?? '', reason_params: JSON.stringify(message?.params ?? {}),
    waiting: r.waiting ? 1 : 0, waits_entity: r.waiting?.entity ?? '', waits_row: r.waiting?.rowId ?? '',
  };
}

/** Where a change is kept in quarantine: its identity, or its raw text when it has none. */
function quarantineKey(raw: unknown): { key: string; c: Partial<ChangeRecord> } {
  const c = (raw && typeof raw === 'object' ? raw : {}) as Partial<ChangeRecord>;
  const parts = [c.hlc, c.entity, c.rowId, c.field];
  return parts.every((p) => typeof p === 'string')
    ? { key: parts.join('\u001f'), c }
    : { key: `raw:${JSON.stringify(raw)}`, c: {} };
}

export function applyIncoming(ctx: ServiceContext, source: Iterable<unknown>, opts: ApplyOptions): ApplyReport {
  const db = ctx.db;
  if (!db.inTransaction) throw new Error('applyIncoming used outside a transaction');
  const nowMs = ctx.now().getTime();
  const at = ctx.now().toISOString();
  const quarantined: QuarantinedChange[] = [];
  let quarantinedCount = 0;
  /** Keeps a refused or held change once per identity; only a new one is reported. */
  const quarantine = (change: unknown, r: Verdict) => {
    const { key, c } = quarantineKey(change);
    const fresh = holdInQuarantine(db, {
      change_key: key, change: JSON.stringify(change), entity: c.entity ?? '', row_id: c.rowId ?? '',
      operation_id: typeof c.operationId === 'string' ? c.operationId : null, hlc: c.hlc ?? '',
      ...verdictRow(r), bundle_id: opts.bundleId, sender_site_id: opts.senderSiteId, at,
    });
    if (fresh && ++quarantinedCount <= PREVIEW_LIST_LIMIT) quarantined.push({ change, reason: r.reason, waiting: r.waiting !== undefined });
  };
  const rights = new RightsChecker(db, opts.authority);
  const verdicts = new ValueVerdicts();
  const pass = new ApplyPassRows(db);
  const perOperation: Record<string, number> = {};
  let received = 0;
  let added = 0;
  let maxHlc = '';

  let markedEntity = '';
  let markedRow = '';
  const seqBefore = maxChangeSeq(db);
  const histories = new PassHistories(opts.historyBudget ?? PASS_HISTORY_BUDGET);
  let directoryLinksChanged = false;
  const record = (c: ChangeRecord) => {
    rights.accepted(c);
    if (isMemberEntity(c.entity) || c.field === 'unitId') directoryLinksChanged = true;
    histories.add(c);
    added++;
    perOperation[c.operationId ?? ''] = (perOperation[c.operationId ?? ''] ?? 0) + 1;
    // An event's changes come row by row: each row joins the pass once.
    if (c.rowId !== markedRow || c.entity !== markedEntity) pass.mark(c.entity, c.rowId);
    markedEntity = c.entity;
    markedRow = c.rowId;
    if (c.hlc > maxHlc) maxHlc = c.hlc;
  };

  let event: ChangeRecord[] = [];
  const flush = () => {
    markedEntity = '';
    markedRow = '';
    for (const c of event) {
      const r = rights.check(c, event);
      if (!r.ok) {
        quarantine(c, r);
        continue;
      }
      if (appendChanges(db, [c]) === 0) {
        const same = rights.sameAsHeld(c);
        if (!same.ok) quarantine(c, same);
        else rewriteIfDropped(c);
        continue;
      }
      record(c);
    }
    event = [];
  };
  // A change held already whose row is not in its table: the row left this unit's view once
  // (services/own-view.ts) and comes back with its whole history — written again from it.
  let lookedAt = '';
  const rewritten = new Set<string>();
  const rewriteIfDropped = (c: ChangeRecord) => {
    const row = `${c.entity}\u0000${c.rowId}`;
    if (lookedAt === row) return;
    lookedAt = row;
    if (rowExists(db, c.entity, isMemberEntity(c.entity) ? c.rowId.split(':') : [c.rowId])) return;
    pass.mark(c.entity, c.rowId);
    if (c.operationId !== null) rewritten.add(c.operationId);
  };
  let oversized = '';
  const tooLarge = (hlc: string) => `One event (HLC ${hlc}) carries more than ${MAX_EVENT_CHANGES} changes; the whole event is refused`;
  for (const raw of source) {
    received++;
    const newer = opts.fromNewerVersion ? unknownHere(raw) : null;
    if (newer) {
      quarantine(raw, { reason: `${newer.entity}.${newer.field} is from a newer Spilno; it applies once this unit is updated`, newer });
      continue;
    }
    const r = checkShape(raw, nowMs, verdicts);
    if (!r.ok) {
      quarantine(raw, r);
      continue;
    }
    const c = raw as ChangeRecord;
    if (c.hlc === oversized) {
      quarantine(c, { reason: tooLarge(c.hlc) });
      continue;
    }
    const head = event[0];
    // One event = one HLC: a row's fields, or an operation created with its participants.
    if (head && head.hlc !== c.hlc) flush();
    event.push(c);
    if (event.length > MAX_EVENT_CHANGES) {
      for (const x of event) quarantine(x, { reason: tooLarge(c.hlc) });
      oversized = c.hlc;
      event = [];
    }
  }
  flush();
  const released = releaseHeld(db, rights, record);
  if (maxHlc && !opts.dryRun) ctx.clock.observe(maxHlc);

  const fresh = materialiseMarked(db, pass, { histories, seqBefore });
  return {
    received, added, perOperation, quarantined, quarantinedCount, released,
    newConflicts: fresh.list, newConflictCount: fresh.count, pendingRows: countPendingRows(db),
    rewrittenOperations: [...rewritten], directoryLinksChanged,
  };
}

/**
 * Held changes whose awaited row has arrived are judged again, event by event in HLC order,
 * by the same checker: accepted ones join the record and leave the quarantine (so a change
 * that came before what it refers to applies by itself once that arrives); the rest stay, with
 * the new verdict. Rounds repeat while they release something (a released task lets its held
 * assignments through). Returns how many were released.
 */
function releaseHeld(db: Db, rights: RightsChecker, record: (c: ChangeRecord) => void): number {
  let released = 0;
  for (;;) {
    let progress = false;
    let after = { hlc: '', id: 0 };
    for (;;) {
      const rows = listHeldAndReady(db, after, ROW_CHUNK);
      if (rows.length === 0) break;
      after = { hlc: rows[rows.length - 1]!.hlc, id: rows[rows.length - 1]!.id };
      for (let i = 0; i < rows.length;) {
        let j = i;
        while (j < rows.length && rows[j]!.hlc === rows[i]!.hlc) j++;
        const held = rows.slice(i, j);
        const event = held.map((q) => JSON.parse(q.change) as ChangeRecord);
        event.forEach((c, k) => {
          const id = held[k]!.id;
          const r = rights.check(c, event);
          if (!r.ok) {
            rejudgeQuarantined(db, id, verdictRow(r));
            return;
          }
          if (appendChanges(db, [c]) === 0) {
            const same = rights.sameAsHeld(c);
            if (same.ok) releaseFromQuarantine(db, id);
            else rejudgeQuarantined(db, id, verdictRow(same));
            return;
          }
          releaseFromQuarantine(db, id);
          record(c);
          released++;
          progress = true;
        });
        i = j;
      }
    }
    if (!progress) return released;
  }
}

/** Conflicts a pass opened that were not open before it: the first few, and how many. */
export interface FreshConflicts {
  list: ConflictView[];
  count: number;
}

/** Re-projects the given rows plus every waiting row (call inside a transaction). */
export function materialiseRows(db: Db, rows: Iterable<{ entity: SyncedEntity; rowId: string }>): FreshConflicts {
  const pass = new ApplyPassRows(db);
  for (const r of rows) pass.mark(r.entity, r.rowId);
  return materialiseMarked(db, pass);
}

/**
 * Re-projects the rows marked in the pass table plus every waiting row, in entity order (a
 * referenced row is written before the rows referring to it). A conflict is new when its row
 * did not have it open just before this re-projection; each row is re-projected once a pass.
 */
function materialiseMarked(db: Db, rows: ApplyPassRows, pass?: { histories: PassHistories; seqBefore: number }): FreshConflicts {
  rows.markPending();
  const refs = new ReferenceCache(db);
  const fresh: FreshConflicts = { list: [], count: 0 };
  // With no conflict open before the pass, no row has one to clear (each row comes once).
  const anyOpen = hasOpenConflicts(db);
  for (const chunk of rows.chunks(ROW_CHUNK)) {
    // A row this pass recorded whole (kept in memory, nothing of it here before) merges from
    // memory; any other reads its history back. (One query for a chunk's histories was tried: it
    // saved as much CPU but took 85 MB more of SQLite's memory on a 63 MB bundle.)
    const older = pass ? rows.withHistoryUpTo(chunk, pass.seqBefore) : null;
    for (const row of chunk) {
      const entity = row.entity as SyncedEntity;
      const kept = pass && !older!.has(`${entity}\u0000${row.row_id}`) ? pass.histories.get(entity, row.row_id) : undefined;
      const merged = mergeRow(entity, row.row_id, kept ?? listChangesForRow(db, entity, row.row_id));
      const open = anyOpen ? rowConflictFields(db, entity, row.row_id) : [];
      if (open.length > 0) clearRowConflicts(db, entity, row.row_id);
      for (const c of merged.conflicts) {
        insertConflict(db, {
          entity: c.entity, row_id: c.rowId, field: c.field, kind: c.kind, operation_id: c.operationId,
          candidates: JSON.stringify(c.candidates),
        });
        if (!open.includes(c.field) && ++fresh.count <= PREVIEW_LIST_LIMIT) fresh.list.push({ ...c });
      }
      const written = writeRow(db, merged, refs);
      if (written) refs.created(ENTITIES[entity].table, row.row_id);
      if (written === (row.pending === 1)) setPending(db, entity, row.row_id, !written);
    }
  }
  rows.clear();
  return fresh;
}

/** Reference checks for one pass: a row seen to exist keeps existing (rows are never removed). */
class ReferenceCache {
  private readonly seen = new BoundedCache<string, true>(REFERENCE_CACHE_LIMIT);
  constructor(private readonly db: Db) {}

  created(table: string, id: string): void {
    this.seen.set(`${table}\u0000id\u0000${id}`, true);
  }

  exist(table: string, values: Readonly<Record<string, unknown>>): boolean {
    for (const fk of foreignKeys(this.db, table)) {
      const v = values[fk.column];
      if (v === null || v === undefined) continue;
      const key = `${fk.table}\u0000${fk.to}\u0000${String(v)}`;
      if (this.seen.has(key)) continue;
      if (!referencedRowExists(this.db, fk, v)) return false;
      this.seen.set(key, true);
    }
    return true;
  }
}

function touchedAt(merged: MergedRow): string {
  let max = '';
  for (const f of Object.values(merged.fields)) if (f.hlc > max) max = f.hlc;
  return max ? new Date(decodeHlc(max).wallMs).toISOString() : new Date(0).toISOString();
}

/** Writes one merged row; false when it must wait (true: written, or nothing to write). */
function writeRow(db: Db, merged: MergedRow, refs: ReferenceCache): boolean {
  const def = ENTITIES[merged.entity];
  if (isMemberEntity(merged.entity)) {
    if (merged.member === null) return false;
    const keys = merged.rowId.split(':');
    const byColumn = Object.fromEntries(def.key.map((k, i) => [k, keys[i]]));
    // A removed assignment whose task or record is not held here has nothing to say here: it
    // settles without a row instead of waiting for a record that left this unit's view.
    if (!refs.exist(def.table, byColumn)) return merged.member === false;
    upsertEntityRow(db, merged.entity, keys, {}, !merged.member, touchedAt(merged));
    return true;
  }
  const values: Record<string, unknown> = {};
  const byColumn: Record<string, unknown> = {};
  const fallbacks: Record<string, unknown> = {};
  let missing = 0;
  for (const [name, fd] of Object.entries(def.fields)) {
    const f = merged.fields[name];
    if (!f) {
      missing++;
      if (fd.fallback !== undefined) fallbacks[name] = fd.fallback;
      continue;
    }
    values[name] = JSON.parse(f.value);
    byColumn[fd.column] = values[name];
  }
  if (!refs.exist(def.table, byColumn)) return false;
  const keys = [merged.rowId];
  // A row with every field known is written whole whether it is held or not (the upsert);
  // only a partial one needs to know, to take its fallbacks or wait.
  if (missing > 0 && rowExists(db, merged.entity, keys)) {
    // Rows present without a full record (seeded reference agencies) take the known fields.
    for (const [name, v] of Object.entries(values)) updateEntityField(db, merged.entity, keys, name, v);
    setEntityDeleted(db, merged.entity, keys, merged.deleted);
    touchEntity(db, merged.entity, keys, touchedAt(merged));
    return true;
  }
  if (Object.keys(def.fields).some((n) => !(n in values) && !(n in fallbacks))) return false;
  upsertEntityRow(db, merged.entity, keys, { ...fallbacks, ...values }, merged.deleted, touchedAt(merged));
  return true;
}

export interface ConflictPick {
  readonly entity: SyncedEntity;
  readonly rowId: string;
  readonly field: string;
  /** The JSON value chosen among the candidates (for `_deleted`: "true" keeps the delete). */
  readonly value: string;
}

/**
 * A planner's pick: an ordinary newer change by this site that has seen every candidate, so
 * it resolves the conflict here and, once synced, everywhere. Call inside a transaction.
 */
export function writePick(ctx: ServiceContext, pick: ConflictPick, operationId: string | null): void {
  const hlc = ctx.clock.tick();
  const field = pick.field;
  const records: ChangeRecord[] = [{
    hlc, siteId: ctx.siteId, entity: pick.entity, rowId: pick.rowId, field, value: pick.value, operationId,
  }];
  if (field !== TOMBSTONE_FIELD && field !== MEMBER_FIELD) {
    records.push({
      hlc, siteId: ctx.siteId, entity: pick.entity, rowId: pick.rowId, field: BASE_FIELD,
      value: JSON.stringify({ [field]: latestFieldChange(ctx.db, pick.entity, pick.rowId, field)?.hlc ?? null }), operationId,
    });
  }
  appendChanges(ctx.db, records);
  materialiseRows(ctx.db, [{ entity: pick.entity, rowId: pick.rowId }]);
}
