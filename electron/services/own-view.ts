/**
 * A unit holds its own agency's view of the plans (shared/visibility/rule.ts), not more. Rows
 * can leave that view: the lead takes an agency off its operation (the whole operation leaves
 * that agency's view), hands a task to another agency, or an agency's people are taken off
 * another agency's task (the task leaves that agency's view); a person or resource taken off
 * its last task, a unit no longer named (the record leaves the view of every agency but the one
 * that keeps it). Nothing sends such a row's later changes here any more, so a copy kept would
 * only go stale — a planner would plan against an old time, or call an old number — and the
 * store would keep what is no longer this agency's business. So the rows leave with the view.
 *
 * The change record stays (it is what this unit has seen, and it relays only under the
 * recipients' view): a row that comes back into view is written again from it. A lead's units
 * see their operations' whole plan and never drop its tasks; a record this agency keeps itself
 * (it recorded it, or it was changed here) is never dropped.
 */
import { OWNER_FIELD } from '../../shared/sync/change.js';
import { mergeRow } from '../../shared/sync/merge.js';
import { planView, seesWholePlan, takesPart } from '../../shared/visibility/rule.js';
import { latestFieldChange, listChangesForRow, rowOnlyReceived } from '../db/repos/change-log.repo.js';
import {
  anyLedByOthers, forgetAssignmentsOfDroppedTasks, forgetPendingOfOperation, loadOperationFacts, loadPlanFacts, operationHeldOrWaiting, removeDirectoryRow,
  removeOperationRows, removeTaskRows, unneededDirectoryRecords, type DirectoryEntity,
} from '../db/repos/visibility.repo.js';
import type { ServiceContext } from './context.js';

export interface LeftView {
  readonly operations: number;
  readonly tasks: number;
  readonly records: number;
}

/**
 * After changes to these operations (an import): drops those of them this agency no longer
 * takes part in, tasks that left this unit's view — looked for only where another agency leads
 * one of them — and, when operations or tasks went or assignments changed, the directory
 * records nothing here needs any more. Call inside the transaction that made the changes.
 */
export function dropWhatLeftOwnView(ctx: ServiceContext, operationIds: readonly string[], assignmentsChanged: boolean): LeftView {
  const operations = dropOperationsOutOfView(ctx, operationIds);
  const tasks = anyLedByOthers(ctx.db, operationIds, ctx.agencyId) ? dropTasksOutOfView(ctx) : 0;
  const records = operations > 0 || tasks > 0 || assignmentsChanged ? dropUnneededRecords(ctx) : 0;
  return { operations, tasks, records };
}

/**
 * Of these operations, those this agency neither leads nor takes part in any more (the lead
 * took it off): the operation and every row of it leave. Changes that still reach this unit for
 * an operation it dropped before (relayed by a unit that had not heard yet) wait for nothing:
 * their rows are forgotten, as the change record says this agency is out of it.
 */
function dropOperationsOutOfView(ctx: ServiceContext, operationIds: readonly string[]): number {
  if (operationIds.length === 0) return 0;
  const db = ctx.db;
  const asked = new Set(operationIds);
  const held = new Set<string>();
  let dropped = 0;
  for (const op of loadOperationFacts(db, [...asked])) {
    held.add(op.id);
    if (takesPart(op, ctx.agencyId)) continue;
    // An operation this unit exported keeps its row alone (visibility.repo.ts): counted once.
    if (removeOperationRows(db, op.id) > 0) dropped++;
  }
  for (const id of asked) {
    if (held.has(id) || operationHeldOrWaiting(db, id)) continue;
    if (recordedOutOf(ctx, id)) forgetPendingOfOperation(db, id);
  }
  return dropped;
}

/** Whether the change record says the lead took this agency off the operation (and it does
 *  not lead it): its membership merges to removed. */
function recordedOutOf(ctx: ServiceContext, operationId: string): boolean {
  const lead = latestFieldChange(ctx.db, 'operation', operationId, 'leadAgencyId');
  if (lead === null || JSON.parse(lead.value) === ctx.agencyId) return false;
  const rowId = `${operationId}:${ctx.agencyId}`;
  return mergeRow('operation_agency', rowId, listChangesForRow(ctx.db, 'operation_agency', rowId)).member === false;
}

/** Tasks of operations this agency takes part in without leading them, outside its view. */
function dropTasksOutOfView(ctx: ServiceContext): number {
  const db = ctx.db;
  const facts = loadPlanFacts(db);
  const view = planView(facts, { agencyId: ctx.agencyId });
  const asParticipant = new Set(facts.operations.filter((op) => takesPart(op, ctx.agencyId) && !seesWholePlan(op, ctx.agencyId)).map((op) => op.id));
  const gone = facts.tasks.filter((t) => asParticipant.has(t.operationId) && !view.tasks.has(t.id)).map((t) => t.id);
  if (gone.length > 0) removeTaskRows(db, gone);
  forgetAssignmentsOfDroppedTasks(db);
  return gone.length;
}

/**
 * Records another agency keeps (its owner: the recording agency, or for a record made before
 * owners were written its own agency) that came here with a task — received, never changed
 * here — and that nothing held here needs now. People and resources first: a unit stays while
 * a record held here names it.
 */
function dropUnneededRecords(ctx: ServiceContext): number {
  const db = ctx.db;
  let dropped = 0;
  for (const entity of ['person', 'resource', 'unit'] as const satisfies readonly DirectoryEntity[]) {
    for (const id of unneededDirectoryRecords(db, entity)) {
      if (!rowOnlyReceived(db, entity, id, ctx.siteId)) continue;
      const owner = latestFieldChange(db, entity, id, OWNER_FIELD);
      const agency = latestFieldChange(db, entity, id, 'agencyId');
      const keeper = owner ?? agency;
      if (!keeper || JSON.parse(keeper.value) === ctx.agencyId) continue;
      removeDirectoryRow(db, entity, id);
      dropped++;
    }
  }
  return dropped;
}
