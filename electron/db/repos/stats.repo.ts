/**
 * Reads for the statistics (shared/stats/statistics.ts): the period's operations, their tasks
 * counted per (status, agency) by SQLite itself — 50,000 task rows never cross into JavaScript
 * one by one —, the task types of customs-led operations, the exchange entries dated in the period and which operations
 * have a notification or a proceeding. Bounds are ISO instants in UTC, compared as text like
 * every stored instant.
 */
import type { TaskType } from '../../../shared/domain/enums.js';
import type {
  StatsExchangeRow, StatsOperationRow, StatsTaskGroup,
} from '../../../shared/stats/statistics.js';
import type { Db } from '../connection.js';
import { stmt } from '../statements.js';

interface Bounds {
  from: string;
  to: string;
}

export function statsOperations(db: Db, b: Bounds): StatsOperationRow[] {
  const rows = stmt(
    db,
    `SELECT o.id, o.type, o.status, o.form, o.formality, o.lead_agency_id, o.starts_at
       FROM operations o
      WHERE o.deleted = 0 AND o.starts_at >= @from AND o.starts_at < @to
      ORDER BY o.starts_at, o.id`,
  ).raw().all(b) as [string, string, string, string, string, string, string][];
  const members = new Map<string, string[]>();
  const pairs = stmt(
    db,
    `SELECT oa.operation_id, oa.agency_id
       FROM operations o JOIN operation_agencies oa ON oa.operation_id = o.id AND oa.deleted = 0
      WHERE o.deleted = 0 AND o.starts_at >= @from AND o.starts_at < @to`,
  ).raw().all(b) as [string, string][];
  for (const [op, agency] of pairs) {
    const list = members.get(op);
    if (list) list.push(agency);
    else members.set(op, [agency]);
  }
  return rows.map(([id, type, status, form, formality, lead, startsAt]) => ({
    id, startsAt, leadAgencyId: lead,
    type: type as StatsOperationRow['type'],
    status: status as StatsOperationRow['status'],
    form: form as StatsOperationRow['form'],
    formality: formality as StatsOperationRow['formality'],
    participatingAgencyIds: members.get(id) ?? [],
  }));
}

/** Tasks of the period's operations per (status, accountable agency). */
export function statsTaskGroups(db: Db, b: Bounds): StatsTaskGroup[] {
  const rows = stmt(
    db,
    `SELECT t.status, t.accountable_agency_id, count(*)
       FROM operations o JOIN tasks t ON t.operation_id = o.id AND t.deleted = 0
      WHERE o.deleted = 0 AND o.starts_at >= @from AND o.starts_at < @to
      GROUP BY t.status, t.accountable_agency_id`,
  ).raw().all(b) as [string, string | null, number][];
  return rows.map(([status, agency, count]) => ({
    count, accountableAgencyId: agency, status: status as StatsTaskGroup['status'],
  }));
}

/**
 * The task types of the period's operations that `leadIdsJson` (a JSON array of agency ids)
 * lead: only a customs-led operation's tasks decide whether Article 558 asked for a notification,
 * so only those are read.
 */
export function statsTaskTypesOfLed(db: Db, b: Bounds & { leadIdsJson: string }): Map<string, TaskType[]> {
  const rows = stmt(
    db,
    `SELECT DISTINCT t.operation_id, t.type
       FROM operations o JOIN tasks t ON t.operation_id = o.id AND t.deleted = 0
      WHERE o.deleted = 0 AND o.starts_at >= @from AND o.starts_at < @to
        AND o.lead_agency_id IN (SELECT value FROM json_each(@leadIdsJson))`,
  ).raw().all(b) as [string, TaskType][];
  const out = new Map<string, TaskType[]>();
  for (const [op, type] of rows) {
    const list = out.get(op);
    if (list) list.push(type);
    else out.set(op, [type]);
  }
  return out;
}

/** Entries dated in the period: sent, else due, else recorded (statistics.ts, exchangeDate). */
export function statsExchange(db: Db, b: Bounds): StatsExchangeRow[] {
  const rows = stmt(
    db,
    `SELECT id, kind, form, formality, operation_id, sent_at, due_at, acknowledged_at
       FROM exchange_entries
      WHERE deleted = 0 AND coalesce(sent_at, due_at, created_at) >= @from
        AND coalesce(sent_at, due_at, created_at) < @to`,
  ).raw().all(b) as [string, string, string, string, string | null, string | null, string | null, string | null][];
  return rows.map(([id, kind, form, formality, operationId, sentAt, dueAt, acknowledgedAt]) => ({
    id, operationId, sentAt, dueAt, acknowledgedAt,
    kind: kind as StatsExchangeRow['kind'],
    form: form as StatsExchangeRow['form'],
    formality: formality as StatsExchangeRow['formality'],
  }));
}

/** Operations of the period with an Article 558 notification on record, whenever it is dated. */
export function statsNotifiedOperations(db: Db, b: Bounds): Set<string> {
  const rows = stmt(
    db,
    `SELECT DISTINCT e.operation_id
       FROM operations o JOIN exchange_entries e ON e.operation_id = o.id
      WHERE o.deleted = 0 AND o.starts_at >= @from AND o.starts_at < @to
        AND e.deleted = 0 AND e.kind = 'art558_notification'`,
  ).pluck().all(b) as string[];
  return new Set(rows);
}

export function statsProceedingOperations(db: Db, b: Bounds): Set<string> {
  const rows = stmt(
    db,
    `SELECT DISTINCT p.operation_id
       FROM operations o JOIN proceedings p ON p.operation_id = o.id
      WHERE o.deleted = 0 AND o.starts_at >= @from AND o.starts_at < @to AND p.deleted = 0`,
  ).pluck().all(b) as string[];
  return new Set(rows);
}
