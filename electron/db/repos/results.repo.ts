/**
 * Reads of consignments, results and live execution (shared/domain/results.ts). Writes go through
 * entity.repo via the change writer. Table names come from ../entities.ts, a compile-time
 * constant; values are bound parameters.
 *
 * Readers outside the operation page (the after-action report, the statistics) use
 * `operationResultsOf`, `listTaskActuals`, `listActivityLog`, `getOperationOutcome`, and for
 * many operations at once `listSeizureFacts` and `listOutcomeFacts`.
 */
import type {
  ActivityEntry, Consignment, CustodyTransfer, Detention, EvidenceItem, OperationOutcome, OperationResults,
  Seizure, SeizureCategory, TaskActual, ViolationProtocol,
} from '../../../shared/domain/results.js';
import type { Db } from '../connection.js';
import { ENTITIES } from '../entities.js';
import { stmt } from '../statements.js';
import { decodeEntityRow } from './entity.repo.js';

type Row = Record<string, unknown>;

export type ResultEntity =
  | 'consignment' | 'seizure' | 'evidence' | 'custody_transfer' | 'detention' | 'violation_protocol'
  | 'operation_outcome' | 'task_actual' | 'activity_entry';
interface Rows {
  consignment: Consignment; seizure: Seizure; evidence: EvidenceItem; custody_transfer: CustodyTransfer;
  detention: Detention; violation_protocol: ViolationProtocol; operation_outcome: OperationOutcome;
  task_actual: TaskActual; activity_entry: ActivityEntry;
}

/** The order each list is read in: the one a planner reads (and the report prints). */
const ORDER: Record<ResultEntity, string> = {
  consignment: 'commodity, id',
  seizure: 'seized_at, id',
  evidence: 'packed_at, number, id',
  custody_transfer: 'evidence_id, at, recorded_at, id',
  detention: 'detained_at, id',
  violation_protocol: 'drawn_on, number, id',
  operation_outcome: 'id',
  task_actual: 'id',
  activity_entry: 'at, recorded_at, id',
};

function toRow<E extends ResultEntity>(entity: E, r: Row): Rows[E] {
  return { id: String(r.id), ...decodeEntityRow(entity, r) } as Rows[E];
}

export function listResultRows<E extends ResultEntity>(db: Db, entity: E, operationId: string): Rows[E][] {
  const table = ENTITIES[entity].table;
  return (stmt(db, `SELECT * FROM ${table} WHERE operation_id = @operationId AND deleted = 0 ORDER BY ${ORDER[entity]}`)
    .all({ operationId }) as Row[]).map((r) => toRow(entity, r));
}

export function getResultRow<E extends ResultEntity>(db: Db, entity: E, id: string): Rows[E] | null {
  const table = ENTITIES[entity].table;
  const r = stmt(db, `SELECT * FROM ${table} WHERE id = @id AND deleted = 0`).get({ id }) as Row | undefined;
  return r ? toRow(entity, r) : null;
}

/** Whether a row exists at all (a removed one included): a fixed-id row is revived, not recreated. */
export function resultRowExists(db: Db, entity: ResultEntity, id: string): boolean {
  const table = ENTITIES[entity].table;
  return stmt(db, `SELECT 1 FROM ${table} WHERE id = @id`).get({ id }) !== undefined;
}

export function getOperationOutcome(db: Db, operationId: string): OperationOutcome | null {
  return getResultRow(db, 'operation_outcome', operationId);
}

export function operationResultsOf(db: Db, operationId: string): OperationResults {
  return {
    consignments: listResultRows(db, 'consignment', operationId),
    seizures: listResultRows(db, 'seizure', operationId),
    evidence: listResultRows(db, 'evidence', operationId),
    custody: listResultRows(db, 'custody_transfer', operationId),
    detentions: listResultRows(db, 'detention', operationId),
    protocols: listResultRows(db, 'violation_protocol', operationId),
    outcome: getOperationOutcome(db, operationId),
  };
}

export const listTaskActuals = (db: Db, operationId: string): TaskActual[] => listResultRows(db, 'task_actual', operationId);
export const listActivityLog = (db: Db, operationId: string): ActivityEntry[] => listResultRows(db, 'activity_entry', operationId);

export interface SeizureFact {
  readonly operationId: string;
  readonly category: SeizureCategory;
  readonly estimatedValue: number;
  readonly currency: string;
  readonly seizedAt: string;
  readonly seizedByAgencyId: string;
}

/** Every live seizure of every operation, as the statistics count them (one pass, no decoding). */
export function listSeizureFacts(db: Db): SeizureFact[] {
  return (stmt(db, 'SELECT operation_id, category, estimated_value, currency, seized_at, seized_by_agency_id FROM seizures WHERE deleted = 0 ORDER BY seized_at, id')
    .raw().all() as [string, SeizureCategory, number, string, string, string][])
    .map(([operationId, category, estimatedValue, currency, seizedAt, seizedByAgencyId]) => ({
      operationId, category, estimatedValue, currency, seizedAt, seizedByAgencyId,
    }));
}

export interface OutcomeFact {
  readonly operationId: string;
  readonly outcome: OperationOutcome['outcome'];
  readonly detentions: number;
  readonly protocols: number;
  readonly proceedingsOpened: number;
}

/** Each operation's recorded outcome and result counts (operations with none of them left out). */
export function listOutcomeFacts(db: Db): OutcomeFact[] {
  const rows = stmt(db, `
    SELECT o.id AS operation_id,
      coalesce((SELECT outcome FROM operation_outcomes WHERE id = o.id AND deleted = 0), '') AS outcome,
      (SELECT count(*) FROM detentions WHERE operation_id = o.id AND deleted = 0) AS detentions,
      (SELECT count(*) FROM violation_protocols WHERE operation_id = o.id AND deleted = 0) AS protocols,
      (SELECT count(*) FROM proceedings WHERE operation_id = o.id AND deleted = 0 AND result = 'opened') AS opened
    FROM operations o
    WHERE EXISTS (SELECT 1 FROM operation_outcomes WHERE id = o.id AND deleted = 0)
       OR EXISTS (SELECT 1 FROM detentions WHERE operation_id = o.id AND deleted = 0)
       OR EXISTS (SELECT 1 FROM violation_protocols WHERE operation_id = o.id AND deleted = 0)
       OR EXISTS (SELECT 1 FROM proceedings WHERE operation_id = o.id AND deleted = 0 AND result = 'opened')
    ORDER BY o.id`).raw().all() as [string, OperationOutcome['outcome'], number, number, number][];
  return rows.map(([operationId, outcome, detentions, protocols, proceedingsOpened]) => ({
    operationId, outcome, detentions, protocols, proceedingsOpened,
  }));
}

/** Identifiers of every live consignment, for links across operations. */
export function listConsignmentIdentifiers(db: Db): Pick<Consignment, 'id' | 'operationId' | 'declarationNumber' | 'mrn' | 'truckPlate' | 'trailerPlate' | 'containerNumber' | 'wagonNumber' | 'vesselImo' | 'consigneeEdrpou' | 'consignee' | 'commodity'>[] {
  return (stmt(db, `SELECT id, operation_id, declaration_number, mrn, truck_plate, trailer_plate, container_number,
      wagon_number, vessel_imo, consignee_edrpou, consignee, commodity FROM consignments WHERE deleted = 0`)
    .raw().all() as string[][]).map(([id, operationId, declarationNumber, mrn, truckPlate, trailerPlate, containerNumber, wagonNumber, vesselImo, consigneeEdrpou, consignee, commodity]) => ({
    id: id!, operationId: operationId!, declarationNumber: declarationNumber!, mrn: mrn!, truckPlate: truckPlate!,
    trailerPlate: trailerPlate!, containerNumber: containerNumber!, wagonNumber: wagonNumber!, vesselImo: vesselImo!,
    consigneeEdrpou: consigneeEdrpou!, consignee: consignee!, commodity: commodity!,
  }));
}
