/**
 * Deterministic merge of the change record (state-based): a replica's state is the SET of change
 * records it holds, replicas combine by set union, and every row is a pure function of the
 * changes for that row. Union is commutative, associative and idempotent, and the projection
 * depends on the set alone (never on arrival order), so units that hold the same changes show
 * the same plan whatever order bundles arrived in.
 *
 * Per-field policies:
 * - ordinary fields: last writer wins by HLC (ties are impossible: the site id is part of the
 *   HLC string, so the string order breaks them);
 * - critical fields (times, place/locations, accountable/lead agency): the writer records, in
 *   the same event, `_base` = the newest HLC of that field it had seen. A change the winner had
 *   not seen (`hlc > base`) with a different value is concurrent: a conflict-inbox entry with
 *   both values and who set them; the winner stays shown until a planner picks, and the pick is
 *   an ordinary newer change that has seen every candidate;
 * - operation status only moves forward (draft → … → completed, aborted) unless the change
 *   carries `_reopen` in the same event;
 * - sets (membership rows) are add-wins: a member is present if some add was not observed by any
 *   remove (a remove observes adds up to its `_base._member`, or older than itself if absent);
 * - operation notes are append-only: the first value of each field stands;
 * - exchange entries: once sent/acknowledged stays so (a later null never clears it);
 * - deletes are tombstones (`_deleted`, last writer wins); an edit by another site newer than the
 *   tombstone could not have seen it, so it is a conflict for the inbox (the tombstone stands).
 *
 * Concurrency via `_base` is exact for changes of one field when bundles deliver each site's
 * history in order; with partial relays it can miss a conflict but never invents one for a
 * change the writer had actually seen.
 */
import { statusRank } from '../domain/lifecycle.js';
import type { OperationStatus } from '../domain/enums.js';
import { MEMBER_FIELD, TOMBSTONE_FIELD, type ChangeRecord, type SyncedEntity } from './change.js';

export const BASE_FIELD = '_base';
export const REOPEN_FIELD = '_reopen';

export const CRITICAL_FIELDS: Readonly<Partial<Record<SyncedEntity, readonly string[]>>> = {
  task: ['startsAt', 'endsAt', 'place', 'accountableAgencyId'],
  operation: ['startsAt', 'endsAt', 'locations', 'leadAgencyId'],
};

export const MEMBER_ENTITIES: readonly SyncedEntity[] = ['operation_agency', 'task_person', 'task_resource'];

export function isCriticalField(entity: SyncedEntity, field: string): boolean {
  return CRITICAL_FIELDS[entity]?.includes(field) ?? false;
}

export function isMemberEntity(entity: SyncedEntity): boolean {
  return MEMBER_ENTITIES.includes(entity);
}

/** Fields starting with `_` are event metadata or tombstone/membership flags, not columns. */
export function isDataField(field: string): boolean {
  return !field.startsWith('_');
}

// ---------------------------------------------------------------------------------------------
// Version vectors

/** Per site, the newest HLC held from it. */
export type VersionVector = Readonly<Record<string, string>>;

export function versionVector(changes: Iterable<Pick<ChangeRecord, 'siteId' | 'hlc'>>): VersionVector {
  const v: Record<string, string> = {};
  for (const c of changes) if (!v[c.siteId] || c.hlc > v[c.siteId]!) v[c.siteId] = c.hlc;
  return v;
}

export function mergeVectors(a: VersionVector, b: VersionVector): VersionVector {
  const out: Record<string, string> = { ...a };
  for (const [s, h] of Object.entries(b)) if (!out[s] || h > out[s]) out[s] = h;
  return out;
}

/** a ≥ b on every site. */
export function dominates(a: VersionVector, b: VersionVector): boolean {
  return Object.entries(b).every(([s, h]) => (a[s] ?? '') >= h);
}

// ---------------------------------------------------------------------------------------------
// The change set

export function changeKey(c: Pick<ChangeRecord, 'hlc' | 'entity' | 'rowId' | 'field'>): string {
  return `${c.hlc}\u0000${c.entity}\u0000${c.rowId}\u0000${c.field}`;
}

export function rowKey(entity: string, rowId: string): string {
  return `${entity}\u0000${rowId}`;
}

/**
 * The order of identities (HLC, entity, row, field), compared part by part: the order of their
 * `changeKey`s, whose separator sorts below every character a valid part holds, without
 * building a key per change (an import merges every row it touches).
 */
function compareIdentity(a: ChangeRecord, b: ChangeRecord): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.entity !== b.entity) return a.entity < b.entity ? -1 : 1;
  if (a.rowId !== b.rowId) return a.rowId < b.rowId ? -1 : 1;
  if (a.field !== b.field) return a.field < b.field ? -1 : 1;
  return 0;
}

/** Same identity, different content: only a forged or corrupt record; picked deterministically. */
function compareContent(a: ChangeRecord, b: ChangeRecord): number {
  const va = `${a.value}\u0000${a.siteId}\u0000${a.operationId ?? ''}`;
  const vb = `${b.value}\u0000${b.siteId}\u0000${b.operationId ?? ''}`;
  return va < vb ? -1 : va > vb ? 1 : 0;
}

/** Set union of change records, canonical order (by identity); of records sharing an identity
 *  the greatest content is kept, the first given when they are equal. */
export function unionChanges(...sets: readonly (readonly ChangeRecord[])[]): ChangeRecord[] {
  // A stable sort: records of one identity keep the order they were given in.
  const all = (sets.length === 1 ? sets[0]!.slice() : sets.flat()).sort(compareIdentity);
  const out: ChangeRecord[] = [];
  for (let i = 0; i < all.length;) {
    let kept = all[i]!;
    let j = i + 1;
    for (; j < all.length && compareIdentity(all[j]!, kept) === 0; j++) {
      if (compareContent(all[j]!, kept) > 0) kept = all[j]!;
    }
    out.push(kept);
    i = j;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Per-row projection

export interface FieldValue {
  /** JSON-encoded value, as in the change record. */
  readonly value: string;
  readonly hlc: string;
  readonly siteId: string;
}

export type ConflictKind = 'concurrent_edit' | 'delete_vs_edit';

export interface Conflict {
  readonly kind: ConflictKind;
  readonly entity: SyncedEntity;
  readonly rowId: string;
  readonly operationId: string | null;
  /** The field in conflict; `_deleted` for a delete concurrent with an edit. */
  readonly field: string;
  /** Winner first (what the plan shows), then the concurrent values, newest first. */
  readonly candidates: readonly FieldValue[];
}

export interface MergedRow {
  readonly entity: SyncedEntity;
  readonly rowId: string;
  readonly operationId: string | null;
  /** Winning value of every data field that has any change. */
  readonly fields: Readonly<Record<string, FieldValue>>;
  readonly deleted: boolean;
  /** Membership rows only: whether the member is in the set. */
  readonly member: boolean | null;
  readonly conflicts: readonly Conflict[];
}

function fv(c: ChangeRecord): FieldValue {
  return { value: c.value, hlc: c.hlc, siteId: c.siteId };
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function baseOf(bases: ReadonlyMap<string, Record<string, unknown>>, hlc: string, field: string): string | null {
  const b = bases.get(hlc)?.[field];
  return typeof b === 'string' ? b : null;
}

/** Status fold in HLC order: forward moves and explicit reopens only. */
function foldStatus(changes: readonly ChangeRecord[], reopens: ReadonlySet<string>): ChangeRecord {
  let current = changes[0]!;
  for (const c of changes.slice(1)) {
    const cur = parseJson(current.value) as OperationStatus;
    const next = parseJson(c.value) as OperationStatus;
    const terminal = cur === 'completed' || cur === 'aborted';
    if (reopens.has(c.hlc) || (!terminal && statusRank(next) > statusRank(cur))) current = c;
  }
  return current;
}

function pickWinner(
  entity: SyncedEntity,
  field: string,
  changes: readonly ChangeRecord[],
  reopens: ReadonlySet<string>,
): ChangeRecord {
  if (entity === 'operation_note') return changes[0]!;
  if (entity === 'operation' && field === 'status') return foldStatus(changes, reopens);
  if (entity === 'exchange' && (field === 'sentAt' || field === 'acknowledgedAt')) {
    const set = changes.filter((c) => c.value !== 'null');
    if (set.length > 0) return set[set.length - 1]!;
  }
  return changes[changes.length - 1]!;
}

function criticalConflict(
  entity: SyncedEntity,
  rowId: string,
  operationId: string | null,
  field: string,
  changes: readonly ChangeRecord[],
  winner: ChangeRecord,
  bases: ReadonlyMap<string, Record<string, unknown>>,
): Conflict | null {
  const base = baseOf(bases, winner.hlc, field);
  if (base === null) return null; // the winner recorded no base: it had seen everything older
  const latestPerSite = new Map<string, ChangeRecord>();
  for (const c of changes) {
    if (c.hlc <= base || c.hlc === winner.hlc || c.value === winner.value) continue;
    latestPerSite.set(c.siteId, c); // ascending order: the last one kept is the newest
  }
  if (latestPerSite.size === 0) return null;
  const others = [...latestPerSite.values()].sort((a, b) => (a.hlc < b.hlc ? 1 : -1));
  return {
    kind: 'concurrent_edit', entity, rowId, operationId, field,
    candidates: [fv(winner), ...others.map(fv)],
  };
}

/** Projects the changes of ONE row (any order, duplicates allowed) to its merged state. */
export function mergeRow(entity: SyncedEntity, rowId: string, input: readonly ChangeRecord[]): MergedRow {
  const changes = unionChanges(input);
  const byField = new Map<string, ChangeRecord[]>();
  for (const c of changes) {
    let list = byField.get(c.field);
    if (!list) byField.set(c.field, (list = []));
    list.push(c);
  }
  for (const list of byField.values()) list.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));

  const bases = new Map<string, Record<string, unknown>>();
  for (const c of byField.get(BASE_FIELD) ?? []) {
    const v = parseJson(c.value);
    if (v && typeof v === 'object') bases.set(c.hlc, v as Record<string, unknown>);
  }
  const reopens = new Set((byField.get(REOPEN_FIELD) ?? []).map((c) => c.hlc));
  const operationId = mergedOperationId(changes);

  const fields: Record<string, FieldValue> = {};
  const conflicts: Conflict[] = [];
  for (const [field, list] of [...byField.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!isDataField(field)) continue;
    const winner = pickWinner(entity, field, list, reopens);
    fields[field] = fv(winner);
    if (isCriticalField(entity, field)) {
      const c = criticalConflict(entity, rowId, operationId, field, list, winner, bases);
      if (c) conflicts.push(c);
    }
  }

  const tombs = byField.get(TOMBSTONE_FIELD) ?? [];
  const tomb = tombs[tombs.length - 1];
  const deleted = tomb !== undefined && tomb.value === 'true';
  if (deleted) {
    let edit: ChangeRecord | undefined;
    for (const c of changes) {
      if (isDataField(c.field) && c.siteId !== tomb.siteId && c.hlc > tomb.hlc && (!edit || c.hlc > edit.hlc)) edit = c;
    }
    if (edit) {
      conflicts.push({
        kind: 'delete_vs_edit', entity, rowId, operationId, field: TOMBSTONE_FIELD,
        candidates: [fv(tomb), { value: 'false', hlc: edit.hlc, siteId: edit.siteId }],
      });
    }
  }

  let member: boolean | null = null;
  const memberChanges = byField.get(MEMBER_FIELD);
  if (memberChanges) {
    const removes = memberChanges.filter((c) => c.value !== 'true');
    const horizons = removes.map((r) => baseOf(bases, r.hlc, MEMBER_FIELD) ?? r.hlc);
    member = memberChanges.some((a) => a.value === 'true' && horizons.every((h) => a.hlc > h));
  }

  return { entity, rowId, operationId, fields, deleted, member, conflicts };
}

/** The operation a row belongs to as its newest change says (null for directory rows). */
function mergedOperationId(changes: readonly ChangeRecord[]): string | null {
  let best: ChangeRecord | undefined;
  for (const c of changes) if (!best || c.hlc > best.hlc) best = c;
  return best?.operationId ?? null;
}

/** Groups changes by row and projects each; output ordered by row key. */
export function mergeAll(changes: readonly ChangeRecord[]): MergedRow[] {
  const rows = new Map<string, ChangeRecord[]>();
  for (const c of changes) {
    const k = rowKey(c.entity, c.rowId);
    let list = rows.get(k);
    if (!list) rows.set(k, (list = []));
    list.push(c);
  }
  return [...rows.keys()].sort().map((k) => {
    const list = rows.get(k)!;
    return mergeRow(list[0]!.entity, list[0]!.rowId, list);
  });
}
