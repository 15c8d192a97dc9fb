/**
 * Reads of the legal spine (proceedings, procedural roles, decisions, agreement marks,
 * international cooperation). Writes go through entity.repo via the change writer. The table of
 * each entity comes from ../entities.ts, a compile-time constant; values are bound parameters.
 */
import type {
  Agreement, Decision, InternationalItem, LegalSpine, OperationRole, Proceeding,
} from '../../../shared/domain/legal.js';
import type { ScheduleDecision, ScheduleProceeding } from '../../../shared/scheduling/model.js';
import type { Db } from '../connection.js';
import { ENTITIES } from '../entities.js';
import { stmt } from '../statements.js';
import { decodeEntityRow } from './entity.repo.js';

type Row = Record<string, unknown>;

export type LegalEntity = 'proceeding' | 'operation_role' | 'decision' | 'agreement' | 'international';
interface Rows {
  proceeding: Proceeding; operation_role: OperationRole; decision: Decision; agreement: Agreement; international: InternationalItem;
}

/** The order each list is shown in: the stable one a planner reads (and the CLI prints). */
const ORDER: Record<LegalEntity, string> = {
  proceeding: 'registered_on, erdr_number, id',
  operation_role: 'role, name, id',
  decision: 'valid_from, kind, id',
  agreement: 'agency_id, id',
  international: 'kind, coalesce(sent_at, at, \'\'), id',
};

function toRow<E extends LegalEntity>(entity: E, r: Row): Rows[E] {
  return { id: String(r.id), ...decodeEntityRow(entity, r) } as Rows[E];
}

export function listLegalRows<E extends LegalEntity>(db: Db, entity: E, operationId: string): Rows[E][] {
  const table = ENTITIES[entity].table;
  return (stmt(db, `SELECT * FROM ${table} WHERE operation_id = @operationId AND deleted = 0 ORDER BY ${ORDER[entity]}`)
    .all({ operationId }) as Row[]).map((r) => toRow(entity, r));
}

export function getLegalRow<E extends LegalEntity>(db: Db, entity: E, id: string): Rows[E] | null {
  const table = ENTITIES[entity].table;
  const r = stmt(db, `SELECT * FROM ${table} WHERE id = @id AND deleted = 0`).get({ id }) as Row | undefined;
  return r ? toRow(entity, r) : null;
}

export function legalSpineOf(db: Db, operationId: string): LegalSpine {
  return {
    proceedings: listLegalRows(db, 'proceeding', operationId),
    roles: listLegalRows(db, 'operation_role', operationId),
    decisions: listLegalRows(db, 'decision', operationId),
    agreements: listLegalRows(db, 'agreement', operationId),
    international: listLegalRows(db, 'international', operationId),
  };
}

/** What the scheduling rules read of the decisions register: every live one, or one operation's. */
export function listScheduleDecisions(db: Db, operationId: string | null): ScheduleDecision[] {
  const rows = (operationId === null
    ? stmt(db, 'SELECT id, operation_id, kind, number, task_ids, valid_from, valid_until FROM decisions WHERE deleted = 0').raw().all()
    : stmt(db, 'SELECT id, operation_id, kind, number, task_ids, valid_from, valid_until FROM decisions WHERE operation_id = @operationId AND deleted = 0').raw().all({ operationId })
  ) as [string, string, string, string, string, string, string][];
  return rows.map(([id, op, kind, number, taskIds, validFrom, validUntil]) => ({
    id, operationId: op, kind: kind as ScheduleDecision['kind'], number, taskIds: JSON.parse(taskIds) as string[], validFrom, validUntil,
  }));
}

export function listScheduleProceedings(db: Db, operationId: string | null): ScheduleProceeding[] {
  const rows = (operationId === null
    ? stmt(db, 'SELECT id, operation_id FROM proceedings WHERE deleted = 0').raw().all()
    : stmt(db, 'SELECT id, operation_id FROM proceedings WHERE operation_id = @operationId AND deleted = 0').raw().all({ operationId })
  ) as [string, string][];
  return rows.map(([id, op]) => ({ id, operationId: op }));
}
