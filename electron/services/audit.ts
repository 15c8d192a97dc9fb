/**
 * The audit trail: who (person, unit, site) did what, when, to which records.
 *
 * Policy:
 * - Every entry's hash is SHA-256 over its content and the previous entry's hash; seq numbers
 *   are contiguous from 1; the newest seq and hash are mirrored in `meta`. So an edited entry
 *   breaks its own hash, a deleted or reordered one breaks the next entry's link or the
 *   numbering, and a truncated tail disagrees with the mirrored head.
 * - A mutation and its audit entry commit together: `transact` (context.ts) appends the entry
 *   for the changes the ChangeWriter collected, inside the same transaction. Dispatch adds an
 *   entry for calls that wrote without the writer (exports, imports, key changes) afterwards.
 * - Inputs are not stored (they may hold names of subjects); a digest proves what was asked.
 * - The trail is local evidence of this site's actions; it is never synced.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import os from 'node:os';
import type { AuditEntry, AuditQuery, AuditVerification } from '../../shared/api/audit.js';
import type { Db } from '../db/connection.js';
import {
  auditFacets, insertAuditEntry, iterateAudit, lastAuditEntry, queryAudit, type AuditRow,
} from '../db/repos/audit.repo.js';
import { getMeta, setMeta } from '../db/repos/meta.repo.js';

export const GENESIS_HASH = '0'.repeat(64);
const HEAD_META_KEY = 'audit_head';
const MAX_AFFECTED = 500;

/** Who acts: the operator name set for this installation, else the OS account. */
export function currentActor(db: Db): string {
  try {
    return getMeta(db, 'site_operator') ?? os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function setOperator(ctx: AuditSubject, name: string): { name: string } {
  const previous = currentActor(ctx.db);
  ctx.db.transaction(() => {
    setMeta(ctx.db, 'site_operator', name);
    recordAudit(ctx, { action: 'audit.setOperator', detail: `${previous} → ${name}` });
  })();
  return { name };
}

/** What the current API call (or CLI command) is, so entries written deep in a service
 *  transaction can name it. */
export interface AuditScope {
  action: string;
  inputDigest: string;
  entriesWritten: number;
}

const scopes = new AsyncLocalStorage<AuditScope>();

export function withAuditScope<T>(action: string, input: unknown, fn: () => T): T {
  return scopes.run({ action, inputDigest: digestOf(input), entriesWritten: 0 }, fn);
}

export function currentAuditScope(): AuditScope | undefined {
  return scopes.getStore();
}

/** JSON with object keys sorted, so the same input always digests the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  ) ?? 'null';
}

/** Secrets (key and courier passphrases) never enter the trail, not even hashed: a bare SHA-256
 *  of a passphrase is far cheaper to guess than the scrypt that protects the keys. */
const SECRET_FIELD = /passphrase|password|secret/i;

export function digestOf(input: unknown): string {
  const redacted: unknown = JSON.parse(
    JSON.stringify(input ?? null, (k, v: unknown) => (k !== '' && SECRET_FIELD.test(k) ? '[redacted]' : v)) ?? 'null',
  );
  return createHash('sha256').update(canonicalJson(redacted)).digest('hex');
}

export function entryHash(row: Omit<AuditRow, 'hash'>): string {
  return createHash('sha256')
    .update(JSON.stringify([
      row.seq, row.at, row.site_id, row.agency_id, row.unit_name, row.actor, row.action,
      row.operation_id, row.affected, row.input_digest, row.detail, row.prev_hash,
    ]))
    .digest('hex');
}

export interface AuditSubject {
  db: Db;
  siteId: string;
  agencyId: string;
  unitName: string;
  now: () => Date;
}

export interface AuditEvent {
  action: string;
  affected?: readonly string[];
  operationId?: string | null;
  /** Digest of the input; defaults to the current scope's. */
  inputDigest?: string;
  detail?: string;
}

/**
 * Appends one entry. Runs in the caller's transaction when there is one (so it commits or
 * rolls back with the work it describes), otherwise in its own.
 */
export function recordAudit(ctx: AuditSubject, event: AuditEvent): number {
  const { db } = ctx;
  const write = () => {
    const last = lastAuditEntry(db);
    const affected = [...new Set(event.affected ?? [])].sort().slice(0, MAX_AFFECTED);
    const base: Omit<AuditRow, 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      at: ctx.now().toISOString(),
      site_id: ctx.siteId,
      agency_id: ctx.agencyId,
      unit_name: ctx.unitName,
      actor: currentActor(db),
      action: event.action,
      operation_id: event.operationId ?? null,
      affected: JSON.stringify(affected),
      input_digest: event.inputDigest ?? scopes.getStore()?.inputDigest ?? digestOf(null),
      detail: event.detail ?? '',
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    const row = { ...base, hash: entryHash(base) };
    insertAuditEntry(db, row);
    setMeta(db, HEAD_META_KEY, `${row.seq}:${row.hash}`);
    const scope = scopes.getStore();
    if (scope) scope.entriesWritten++;
    return row.seq;
  };
  return db.inTransaction ? write() : db.transaction(write)();
}

/** The changes a ChangeWriter collected in one transaction, as an audit entry. */
export function recordPendingChanges(
  ctx: AuditSubject,
  pending: { affected: string[]; operationId: string | null },
): void {
  if (pending.affected.length === 0) return;
  recordAudit(ctx, {
    action: scopes.getStore()?.action ?? 'local',
    affected: pending.affected,
    operationId: pending.operationId,
  });
}

/** "entity:id" references found in a call's output (its `id`, `…Id` fields, lists of them). */
export function affectedFromOutput(value: unknown, domain: string): string[] {
  const out: string[] = [];
  const visit = (v: unknown, depth: number) => {
    if (out.length >= MAX_AFFECTED || depth > 2 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const item of v) visit(item, depth + 1);
      return;
    }
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x === 'string' && x.length <= 200 && (k === 'id' || /Id$/.test(k))) {
        out.push(`${k === 'id' ? domain : k.slice(0, -2)}:${x}`);
      } else if (typeof x === 'object') {
        visit(x, depth + 1);
      }
    }
  };
  visit(value, 0);
  return out;
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    seq: r.seq, at: r.at, siteId: r.site_id, agencyId: r.agency_id, unitName: r.unit_name,
    actor: r.actor, action: r.action, operationId: r.operation_id,
    affected: JSON.parse(r.affected) as string[], inputDigest: r.input_digest, detail: r.detail,
    hash: r.hash,
  };
}

export function listAudit(db: Db, q: AuditQuery & { limit: number }): AuditEntry[] {
  return queryAudit(db, q).map(toEntry);
}

export function auditFacetsOf(db: Db): { actors: string[]; actions: string[] } {
  return auditFacets(db);
}

/** Walks the chain from the first entry and reports the first place it breaks. */
export function verifyAudit(db: Db): AuditVerification {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let count = 0;
  const fail = (brokenAt: number, problem: NonNullable<AuditVerification['problem']>, message: string): AuditVerification => ({
    ok: false, entries: count, brokenAt, problem, message, headHash: null,
  });
  for (const row of iterateAudit(db)) {
    count++;
    if (row.seq !== expectedSeq) {
      return row.seq > expectedSeq
        ? fail(expectedSeq, 'missing', `Entry ${expectedSeq} is missing (the next entry present is ${row.seq}).`)
        : fail(row.seq, 'reordered', `Entry ${row.seq} is out of order.`);
    }
    if (entryHash(row) !== row.hash) return fail(row.seq, 'edited', `Entry ${row.seq} was changed after it was written.`);
    if (row.prev_hash !== prev) {
      return fail(row.seq, 'reordered', `Entry ${row.seq} does not follow entry ${row.seq - 1}: an entry was removed, inserted or moved.`);
    }
    prev = row.hash;
    expectedSeq++;
  }
  const head = getMeta(db, HEAD_META_KEY);
  const lastSeq = expectedSeq - 1;
  if (head !== null && head !== `${lastSeq}:${prev}`) {
    const headSeq = Number(head.split(':')[0]);
    return fail(Math.min(lastSeq + 1, headSeq), 'truncated',
      `The trail ends at entry ${lastSeq} but entry ${headSeq} was written: entries were removed from the end.`);
  }
  if (head === null && lastSeq > 0) return fail(lastSeq, 'truncated', 'The record of the newest entry is missing.');
  return {
    ok: true, entries: count, brokenAt: null, problem: null,
    message: `All ${count} entries are intact.`, headHash: lastSeq > 0 ? prev : null,
  };
}
