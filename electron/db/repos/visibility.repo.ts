/**
 * The facts the need-to-know rule (shared/visibility/rule.ts) reads, as they stand in the
 * tables this unit holds: tombstoned rows included, so that a delete reaches those who saw
 * the row; removed memberships left out (they neither grant sight nor bring a record along).
 */
import type {
  DecisionFacts, DirectoryFacts, ExchangeFacts, OperationFacts, PhaseFacts, PlanFacts, TaskFacts,
} from '../../../shared/visibility/rule.js';
import type { Db } from '../connection.js';
import { stmt } from '../statements.js';

function directory(db: Db, sql: string): Map<string, DirectoryFacts> {
  const out = new Map<string, DirectoryFacts>();
  for (const r of stmt(db, sql).raw().iterate() as IterableIterator<[string, string, string | null]>) {
    out.set(r[0], { agencyId: r[1], unitId: r[2] });
  }
  return out;
}

export function loadPlanFacts(db: Db): PlanFacts {
  const participants = new Map<string, string[]>();
  for (const [op, agency] of stmt(db, 'SELECT operation_id, agency_id FROM operation_agencies WHERE deleted = 0').raw().iterate() as IterableIterator<[string, string]>) {
    let list = participants.get(op);
    if (!list) participants.set(op, (list = []));
    list.push(agency);
  }
  const operations: OperationFacts[] = (stmt(db, 'SELECT id, lead_agency_id FROM operations').raw().all() as [string, string][])
    .map(([id, lead]) => ({ id, leadAgencyId: lead, participatingAgencyIds: participants.get(id) ?? [] }));

  const members = (sql: string) => {
    const out = new Map<string, string[]>();
    for (const [task, member] of stmt(db, sql).raw().iterate() as IterableIterator<[string, string]>) {
      let list = out.get(task);
      if (!list) out.set(task, (list = []));
      list.push(member);
    }
    return out;
  };
  const people = members('SELECT task_id, person_id FROM task_people WHERE deleted = 0');
  const resources = members('SELECT task_id, resource_id FROM task_resources WHERE deleted = 0');
  const tasks: TaskFacts[] = (stmt(db, 'SELECT id, operation_id, phase_id, accountable_agency_id, unit_id FROM tasks').raw().all() as [string, string, string | null, string | null, string | null][])
    .map(([id, operationId, phaseId, accountable, unitId]) => ({
      id, operationId, phaseId, accountableAgencyId: accountable, unitId,
      personIds: people.get(id) ?? [], resourceIds: resources.get(id) ?? [],
    }));

  const exchange: ExchangeFacts[] = (stmt(db, 'SELECT id, operation_id, from_agency_id, to_agency_id, handling_code FROM exchange_entries').raw().all() as [string, string | null, string, string, string][])
    .map(([id, operationId, fromAgencyId, toAgencyId, handlingCode]) => ({ id, operationId, fromAgencyId, toAgencyId, handlingCode }));

  const phases: PhaseFacts[] = (stmt(db, 'SELECT id, operation_id FROM phases').raw().all() as [string, string][])
    .map(([id, operationId]) => ({ id, operationId }));

  const decisions: DecisionFacts[] = (stmt(db, 'SELECT id, operation_id, holder_agency_id, task_ids FROM decisions').raw().all() as [string, string, string, string][])
    .map(([id, operationId, holderAgencyId, taskIds]) => ({ id, operationId, holderAgencyId, taskIds: JSON.parse(taskIds) as string[] }));

  return {
    operations, phases, tasks, exchange, decisions,
    units: directory(db, 'SELECT id, agency_id, NULL FROM units'),
    people: directory(db, 'SELECT id, agency_id, unit_id FROM people'),
    resources: directory(db, 'SELECT id, agency_id, unit_id FROM resources'),
  };
}
