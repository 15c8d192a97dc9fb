/** Reads of operations, their participating agencies and phases. Writes go through entity.repo. */
import type { CommsEntry, Operation, Phase } from '../../../shared/domain/operation.js';
import type { Db } from '../connection.js';
import { stmt } from '../statements.js';
import { decodeEntityRow } from './entity.repo.js';

type Row = Record<string, unknown>;

export function participatingAgencyIds(db: Db, operationId: string): string[] {
  return (
    stmt(
      db,
      'SELECT agency_id FROM operation_agencies WHERE operation_id = @operationId AND deleted = 0 ORDER BY agency_id',
    ).all({ operationId }) as { agency_id: string }[]
  ).map((r) => r.agency_id);
}

/**
 * Comms entries written before a channel had its function, encryption and assignment (stored
 * here before migration 0011, or arriving from an older unit) read with those empty.
 */
function withCommsDefaults(comms: unknown): CommsEntry[] {
  return (comms as Partial<CommsEntry>[]).map((c) => ({ function: '', encryption: '', assignment: '', ...c }) as CommsEntry);
}

function toOperation(db: Db, row: Row): Operation {
  const fields = decodeEntityRow('operation', row);
  return {
    id: String(row.id),
    ...fields,
    comms: withCommsDefaults(fields.comms),
    updatedAt: String(row.updated_at),
    participatingAgencyIds: participatingAgencyIds(db, String(row.id)),
  } as Operation;
}

export function getOperation(db: Db, id: string): Operation | null {
  const row = stmt(db, 'SELECT * FROM operations WHERE id = @id AND deleted = 0').get({ id }) as
    | Row
    | undefined;
  return row ? toOperation(db, row) : null;
}

export type MapOperationRow = Pick<Operation, 'id' | 'codeName' | 'leadAgencyId' | 'timeZone' | 'locations' | 'subjects'>;

/** Every live operation's fields its map needs (services/geo.ts), in one read: a full read per
 *  operation decodes every JSON column and asks for its agencies, most of the map's time. */
export function listMapOperations(db: Db): MapOperationRow[] {
  return (
    stmt(
      db,
      `SELECT id, code_name AS codeName, lead_agency_id AS leadAgencyId, time_zone AS timeZone, locations, subjects
         FROM operations WHERE deleted = 0 ORDER BY id`,
    ).all() as (Omit<MapOperationRow, 'locations' | 'subjects'> & { locations: string; subjects: string })[]
  ).map((r) => ({ ...r, locations: JSON.parse(r.locations) as Operation['locations'], subjects: JSON.parse(r.subjects) as Operation['subjects'] }));
}

export interface OperationFilterParams {
  /** Lower-cased (unicode_lower) and LIKE-escaped by the caller. */
  search: string;
  typesJson: string;
  statusesJson: string;
  handlingJson: string;
  agencyId: string | null;
  from: string | null;
  to: string | null;
  limit: number;
}

export interface OperationSummaryRow {
  id: string; code_name: string; type: string; status: string; handling_code: string;
  lead_agency_id: string; participating: string; starts_at: string; ends_at: string;
  time_zone: string; task_count: number; updated_at: string;
}

/**
 * One statement serves every filter combination: an empty JSON array or null parameter
 * disables its clause, so no SQL is assembled from user input.
 */
export function listOperationSummaries(db: Db, p: OperationFilterParams): OperationSummaryRow[] {
  return stmt(
    db,
    `SELECT o.id, o.code_name, o.type, o.status, o.handling_code, o.lead_agency_id,
            o.starts_at, o.ends_at, o.time_zone, o.updated_at,
            (SELECT coalesce(json_group_array(oa.agency_id), '[]') FROM operation_agencies oa
               WHERE oa.operation_id = o.id AND oa.deleted = 0) AS participating,
            (SELECT count(*) FROM tasks t WHERE t.operation_id = o.id AND t.deleted = 0) AS task_count
       FROM operations o
      WHERE o.deleted = 0
        AND (@search = '' OR unicode_lower(o.code_name) LIKE '%' || @search || '%' ESCAPE '\\'
             OR unicode_lower(o.area) LIKE '%' || @search || '%' ESCAPE '\\'
             OR unicode_lower(o.objectives) LIKE '%' || @search || '%' ESCAPE '\\')
        AND (@typesJson = '[]' OR o.type IN (SELECT value FROM json_each(@typesJson)))
        AND (@statusesJson = '[]' OR o.status IN (SELECT value FROM json_each(@statusesJson)))
        AND (@handlingJson = '[]' OR o.handling_code IN (SELECT value FROM json_each(@handlingJson)))
        AND (@agencyId IS NULL OR o.lead_agency_id = @agencyId OR EXISTS (
              SELECT 1 FROM operation_agencies oa WHERE oa.operation_id = o.id
                 AND oa.agency_id = @agencyId AND oa.deleted = 0))
        AND (@to IS NULL OR o.starts_at < @to)
        AND (@from IS NULL OR o.ends_at > @from)
      ORDER BY o.starts_at, o.id
      LIMIT @limit`,
  ).all(p) as OperationSummaryRow[];
}

export function listPhases(db: Db, operationId: string): Phase[] {
  return (
    stmt(
      db,
      'SELECT * FROM phases WHERE operation_id = @operationId AND deleted = 0 ORDER BY ordinal, starts_at',
    ).all({ operationId }) as Row[]
  ).map((r) => ({ id: String(r.id), ...decodeEntityRow('phase', r) }) as Phase);
}

export function getPhase(db: Db, id: string): Phase | null {
  const r = stmt(db, 'SELECT * FROM phases WHERE id = @id AND deleted = 0').get({ id }) as Row | undefined;
  return r ? ({ id: String(r.id), ...decodeEntityRow('phase', r) } as Phase) : null;
}

export function maxPhaseOrdinal(db: Db, operationId: string): number {
  const r = stmt(
    db,
    'SELECT max(ordinal) AS m FROM phases WHERE operation_id = @operationId AND deleted = 0',
  ).get({ operationId }) as { m: number | null };
  return r.m ?? -1;
}

/** Bumps whenever another connection commits to this file (PRAGMA data_version). */
export function dataVersion(db: Db): number {
  return db.pragma('data_version', { simple: true }) as number;
}
