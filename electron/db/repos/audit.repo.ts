/** Storage of the hash-chained audit trail (see services/audit.ts for the policy). */
import type { Db } from '../connection.js';
import { stmt } from '../statements.js';

export interface AuditRow {
  seq: number;
  at: string;
  site_id: string;
  agency_id: string;
  unit_name: string;
  actor: string;
  action: string;
  operation_id: string | null;
  affected: string;
  input_digest: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

export type NewAuditRow = AuditRow;

/** Found by the primary key's maximum (one b-tree descent), whatever the trail's length. */
export function lastAuditEntry(db: Db): Pick<AuditRow, 'seq' | 'hash'> | null {
  return (stmt(db, 'SELECT seq, hash FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)').get() as
    | Pick<AuditRow, 'seq' | 'hash'>
    | undefined) ?? null;
}

export function insertAuditEntry(db: Db, row: NewAuditRow): number {
  return Number(
    stmt(
      db,
      `INSERT INTO audit_log (seq, at, site_id, agency_id, unit_name, actor, action, operation_id, affected,
         input_digest, detail, prev_hash, hash)
       VALUES (@seq, @at, @site_id, @agency_id, @unit_name, @actor, @action, @operation_id, @affected,
         @input_digest, @detail, @prev_hash, @hash)`,
    ).run(row).lastInsertRowid,
  );
}

export interface AuditQuery {
  operationId?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  beforeSeq?: number | undefined;
  limit: number;
}

/** Newest first; filters are exact matches except `action`, which also matches a prefix
 *  ('operations.' finds every operations method). */
export function queryAudit(db: Db, q: AuditQuery): AuditRow[] {
  return stmt(
    db,
    `SELECT * FROM audit_log
     WHERE (@operationId IS NULL OR operation_id = @operationId)
       AND (@actor IS NULL OR actor = @actor)
       AND (@action IS NULL OR action = @action OR substr(action, 1, length(@action)) = @action)
       AND (@beforeSeq IS NULL OR seq < @beforeSeq)
     ORDER BY seq DESC LIMIT @limit`,
  ).all({
    operationId: q.operationId ?? null, actor: q.actor ?? null, action: q.action ?? null,
    beforeSeq: q.beforeSeq ?? null, limit: q.limit,
  }) as AuditRow[];
}

/** Every entry in chain order, streamed (the trail can be long). */
export function iterateAudit(db: Db): IterableIterator<AuditRow> {
  return stmt(db, 'SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>;
}

export function auditFacets(db: Db): { actors: string[]; actions: string[] } {
  const actors = (stmt(db, 'SELECT DISTINCT actor FROM audit_log ORDER BY actor').all() as { actor: string }[]).map((r) => r.actor);
  const actions = (stmt(db, 'SELECT DISTINCT action FROM audit_log ORDER BY action').all() as { action: string }[]).map((r) => r.action);
  return { actors, actions };
}

/** Rows changed by this connection since it opened: tells dispatch whether a call wrote. */
export function totalChanges(db: Db): number {
  return (stmt(db, 'SELECT total_changes() AS n').get() as { n: number }).n;
}


