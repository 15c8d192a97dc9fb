/**
 * Every mutation of planning data goes through here: it writes the row and, in the same
 * transaction (the caller's), appends one change record per field with one HLC per event.
 * Callers must already be inside `db.transaction(...)`; the writer asserts it, because a
 * change written outside a transaction could survive a crash without its row, or vice versa.
 * Each event passes the context's guard before its changes are recorded (the sync rights rule,
 * once this unit has a sync identity); a refusal throws, and the caller's transaction rolls
 * the row back with it.
 */
import {
  MEMBER_FIELD, TOMBSTONE_FIELD, memberRowId, type ChangeRecord, type SyncedEntity,
} from '../../shared/sync/change.js';
import type { Db } from '../db/connection.js';
import { ENTITIES } from '../db/entities.js';
import { BASE_FIELD, isCriticalField } from '../../shared/sync/merge.js';
import { appendChanges, latestFieldChange } from '../db/repos/change-log.repo.js';
import {
  insertEntityRow, setEntityDeleted, touchEntity, updateEntityField, upsertMember,
} from '../db/repos/entity.repo.js';
import type { SiteClock } from './clock.js';

/** Judges one event (changes sharing an HLC) before it is recorded; throws to refuse it. */
export type EventGuard = (event: readonly ChangeRecord[]) => void;

export class ChangeWriter {
  /** The event being gathered by `asOneEvent`, if any. */
  private gathering: { hlc: string; changes: ChangeRecord[] } | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: SiteClock,
    private readonly now: () => Date,
    private readonly guard: EventGuard = () => {},
  ) {}

  private nextHlc(): string {
    return this.gathering?.hlc ?? this.clock.tick();
  }

  /**
   * Records everything `fn` writes as ONE event (one HLC), judged as a whole: an operation
   * created together with its participants, so a participant may create it, not only the
   * lead. `fn` must write each row at most once.
   */
  asOneEvent<T>(fn: () => T): T {
    if (this.gathering) return fn();
    this.gathering = { hlc: this.clock.tick(), changes: [] };
    try {
      const result = fn();
      const { changes } = this.gathering;
      this.gathering = null;
      this.guard(changes);
      appendChanges(this.db, changes);
      return result;
    } finally {
      this.gathering = null;
    }
  }

  private assertInTransaction(): void {
    if (!this.db.inTransaction) throw new Error('ChangeWriter used outside a transaction');
  }

  private record(
    hlc: string,
    entity: SyncedEntity,
    rowId: string,
    operationId: string | null,
    fields: Readonly<Record<string, unknown>>,
  ): void {
    const changes: ChangeRecord[] = Object.entries(fields).map(([field, value]) => ({
      hlc, siteId: this.clock.siteId, entity, rowId, field,
      value: JSON.stringify(value ?? null), operationId,
    }));
    if (this.gathering) {
      this.gathering.changes.push(...changes);
      return;
    }
    this.guard(changes);
    appendChanges(this.db, changes);
  }

  /** Creates a row and records every declared field, plus `meta` (event metadata such as a
   *  directory record's owner) in the same event. */
  create(
    entity: SyncedEntity,
    id: string,
    fields: Readonly<Record<string, unknown>>,
    operationId: string | null,
    meta: Readonly<Record<string, unknown>> = {},
  ): void {
    this.assertInTransaction();
    const def = ENTITIES[entity];
    const declared = Object.fromEntries(
      Object.keys(def.fields).map((k) => [k, fields[k]]),
    );
    insertEntityRow(this.db, entity, [id], declared, this.now().toISOString());
    this.record(this.nextHlc(), entity, id, operationId, { ...declared, ...meta });
  }

  /** Writes and records only the given fields (callers pass what actually changed). */
  update(
    entity: SyncedEntity,
    id: string,
    changed: Readonly<Record<string, unknown>>,
    operationId: string | null,
    extra: Readonly<Record<string, unknown>> = {},
  ): void {
    this.assertInTransaction();
    const names = Object.keys(changed);
    if (names.length === 0 && Object.keys(extra).length === 0) return;
    // A critical field records what it overwrites, so merge can tell a concurrent edit (inbox)
    // from a later one (shared/sync/merge.ts).
    const base: Record<string, string | null> = {};
    for (const n of names) if (isCriticalField(entity, n)) base[n] = latestFieldChange(this.db, entity, id, n)?.hlc ?? null;
    for (const n of names) updateEntityField(this.db, entity, [id], n, changed[n]);
    touchEntity(this.db, entity, [id], this.now().toISOString());
    const meta = Object.keys(base).length > 0 ? { [BASE_FIELD]: base } : {};
    this.record(this.nextHlc(), entity, id, operationId, { ...changed, ...extra, ...meta });
  }

  remove(entity: SyncedEntity, id: string, operationId: string | null): void {
    this.assertInTransaction();
    setEntityDeleted(this.db, entity, [id], true);
    this.record(this.nextHlc(), entity, id, operationId, { [TOMBSTONE_FIELD]: true });
  }

  addMember(entity: SyncedEntity, ownerId: string, memberId: string, operationId: string | null): void {
    this.assertInTransaction();
    upsertMember(this.db, entity, [ownerId, memberId]);
    this.record(this.nextHlc(), entity, memberRowId(ownerId, memberId), operationId, {
      [MEMBER_FIELD]: true,
    });
  }

  removeMember(entity: SyncedEntity, ownerId: string, memberId: string, operationId: string | null): void {
    this.assertInTransaction();
    const rowId = memberRowId(ownerId, memberId);
    // Add-wins: the remove observes only the adds it had seen; a concurrent add survives it.
    const seen = latestFieldChange(this.db, entity, rowId, MEMBER_FIELD)?.hlc ?? null;
    setEntityDeleted(this.db, entity, [ownerId, memberId], true);
    this.record(this.nextHlc(), entity, rowId, operationId, {
      [MEMBER_FIELD]: false,
      [BASE_FIELD]: { [MEMBER_FIELD]: seen },
    });
  }

  /** Replaces a set with `next`, recording only the members added and removed. */
  syncMembers(
    entity: SyncedEntity,
    ownerId: string,
    current: readonly string[],
    next: readonly string[],
    operationId: string | null,
  ): void {
    const before = new Set(current);
    const after = new Set(next);
    for (const m of after) if (!before.has(m)) this.addMember(entity, ownerId, m, operationId);
    for (const m of before) if (!after.has(m)) this.removeMember(entity, ownerId, m, operationId);
  }
}

/** The fields of `next` whose values differ from `current` (deep, by JSON). */
export function changedFields(
  current: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
  fieldNames: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of fieldNames) {
    if (!(n in next)) continue;
    if (JSON.stringify(current[n] ?? null) !== JSON.stringify(next[n] ?? null)) out[n] = next[n];
  }
  return out;
}
