/**
 * Who may change what: ONE rule, `judgeChange`, for both directions. Incoming changes are judged
 * by it before they are applied (electron/rights/validate.ts), and this unit's own edits before
 * they are written (electron/rights/local-rights.ts), over the same facts read the same way. Were
 * the two to differ, a unit could make an edit that every peer then quarantines, and the units
 * would stop converging.
 *
 * The author is the agency of the unit that wrote the change. Facts are as known before the
 * change's event (for a row the event creates: the event's own values).
 * - An operation and every row scoped to it: the lead agency or a participating agency.
 *   - A task and its assignments: the lead agency, the task's accountable agency, or — while
 *     nobody is accountable for it — any agency that takes part. Only the lead hands a task to
 *     another agency: anyone else may set the accountable agency to itself or to none. (The
 *     task's agency is who answers for it; the lead coordinates the whole plan.)
 *   - Approving the operation: `approvalRight`, kept apart (the approval rule): the lead
 *     agency approves (its head signs ЗАТВЕРДЖУЮ); each participating agency gives or
 *     withdraws its own agreement mark (ПОГОДЖЕНО), and nobody marks agreement for another.
 *   - The operation's need-to-know fields (shared/visibility/rule.ts LEAD_ONLY_FIELDS): the
 *     lead agency alone — nobody else holds them, so nobody else may write them (an empty
 *     value excepted: a new operation records every field, whoever creates it).
 * - An exchange entry: its sender or recipient agency (inside an operation, one that takes part).
 * - Directory records (units, people, resources), README "Directory records across agencies":
 *   the recording agency owns a record (`_owner`, written once when it is created; a record
 *   without one belongs to its own agency). Its owner and the agency it belongs to may change
 *   it; nobody else. A record never moves to another agency or owner.
 * - Agencies (reference data): anyone.
 * A change whose facts are not known here yet (an edit of a row whose creation has not arrived)
 * is `unknown`: not refused, held until they arrive.
 */
import { isLeadOnlyField } from '../visibility/rule.js';
import { OWNER_FIELD, type SyncedEntity } from './change.js';

export interface Participation {
  /** null: the operation is not known here (neither held nor created by the event). */
  readonly lead: string | null;
  readonly members: ReadonlySet<string>;
}

/** A directory record as the rule reads it. */
export interface DirectoryRecordFacts {
  /** The recording agency (`_owner`), or the record's own agency if it names none. */
  readonly owner: string;
  readonly agencyId: string;
  /** False while the record is being created by the event under judgement. */
  readonly held: boolean;
}

/** What the rule needs to know; electron/rights/validate.ts reads it from the change record. */
export interface RightsFacts {
  participation(operationId: string): Participation;
  /** The task's accountable agency (null: none); undefined: the task is not known here. */
  taskAgency(taskId: string): string | null | undefined;
  /** null: the record is not known here. */
  directoryRecord(entity: 'unit' | 'person' | 'resource', rowId: string): DirectoryRecordFacts | null;
  exchangeParties(rowId: string): { from: unknown; to: unknown };
  /** The agency an agreement mark belongs to; undefined: the mark is not known here. */
  agreementAgency(rowId: string): unknown;
}

export type RightsRefusal =
  | { readonly rule: 'not_participant'; readonly agencyId: string; readonly operationId: string }
  | { readonly rule: 'approve_not_lead'; readonly agencyId: string; readonly operationId: string }
  | { readonly rule: 'lead_only_field'; readonly agencyId: string; readonly field: string }
  | { readonly rule: 'agreement_not_own'; readonly agencyId: string; readonly ofAgencyId: string }
  | { readonly rule: 'task_not_own'; readonly agencyId: string; readonly taskAgencyId: string }
  | { readonly rule: 'task_handover'; readonly agencyId: string; readonly toAgencyId: string }
  | { readonly rule: 'exchange_party'; readonly agencyId: string }
  | { readonly rule: 'directory_owner'; readonly entity: string; readonly ownerAgencyId: string; readonly agencyId: string }
  | { readonly rule: 'directory_move'; readonly entity: string }
  | { readonly rule: 'unknown'; readonly entity: string; readonly rowId: string };

/** The part of a change the rule reads (`value` is its JSON text). */
export interface ChangeSubject {
  readonly entity: string;
  readonly rowId: string;
  readonly field: string;
  readonly value: string;
  /** The operation the row really belongs to (the caller checks the claim against the row). */
  readonly operationId: string | null;
}

const DIRECTORY = new Set(['unit', 'person', 'resource']);

function parsed(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/**
 * The approval rule. Approving an operation is the act of the head of the lead agency
 * (ЗАТВЕРДЖУЮ): the status `approved` and the approver's name and time are the lead's to write.
 * The participating agencies' part is agreement (ПОГОДЖЕНО): each agency's mark is its own act,
 * written and withdrawn by that agency alone — the lead cannot agree on a participant's behalf,
 * nor one participant for another. Whether every participant has agreed before approval is the
 * approving unit's check (electron/services/legal.ts), not this rule's: marks travel in bundles
 * of their own and may arrive after the approval, and a unit must not refuse an approval for
 * marks still on their way.
 */
export function approvalRight(agencyId: string, operationId: string, p: Participation, c: ChangeSubject, facts: RightsFacts): RightsRefusal | null {
  // Clearing the approver (a creation, a reopen) is no approval: only setting one is.
  if (c.entity === 'operation' && p.lead !== agencyId
    && ((c.field === 'status' && c.value === '"approved"')
      || ((c.field === 'approvedBy' || c.field === 'approvedAt') && c.value !== '""' && c.value !== 'null'))) {
    return { rule: 'approve_not_lead', agencyId, operationId };
  }
  if (c.entity === 'agreement') {
    const of = facts.agreementAgency(c.rowId);
    if (of === undefined) return { rule: 'unknown', entity: 'agreement', rowId: c.rowId };
    if (of !== agencyId) return { rule: 'agreement_not_own', agencyId, ofAgencyId: String(of) };
    if (c.field === 'agencyId' && parsed(c.value) !== agencyId) return { rule: 'agreement_not_own', agencyId, ofAgencyId: String(parsed(c.value)) };
  }
  return null;
}

function taskRight(agencyId: string, p: Participation, taskId: string, c: ChangeSubject, facts: RightsFacts): RightsRefusal | null {
  if (p.lead === agencyId) return null;
  const accountable = facts.taskAgency(taskId);
  if (accountable === undefined) return { rule: 'unknown', entity: 'task', rowId: taskId };
  if (accountable !== null && accountable !== agencyId) return { rule: 'task_not_own', agencyId, taskAgencyId: accountable };
  if (c.entity === 'task' && c.field === 'accountableAgencyId') {
    const next = parsed(c.value);
    if (next !== null && next !== agencyId) return { rule: 'task_handover', agencyId, toAgencyId: String(next) };
  }
  return null;
}

function exchangeRight(agencyId: string, parties: { from: unknown; to: unknown }): RightsRefusal | null {
  return parties.from === agencyId || parties.to === agencyId ? null : { rule: 'exchange_party', agencyId };
}

function directoryRight(agencyId: string, c: ChangeSubject, facts: RightsFacts): RightsRefusal | null {
  const entity = c.entity as 'unit' | 'person' | 'resource';
  const rec = facts.directoryRecord(entity, c.rowId);
  if (!rec) return { rule: 'unknown', entity, rowId: c.rowId };
  // The creating event is the recording agency's own; after that, owner or own agency.
  const allowed = rec.held ? agencyId === rec.owner || agencyId === rec.agencyId : agencyId === rec.owner;
  if (!allowed) return { rule: 'directory_owner', entity, ownerAgencyId: rec.owner, agencyId };
  if (c.field === 'agencyId' && parsed(c.value) !== rec.agencyId) return { rule: 'directory_move', entity };
  if (c.field === OWNER_FIELD && parsed(c.value) !== rec.owner) return { rule: 'directory_move', entity };
  return null;
}

/** THE rule: null when `agencyId` may make the change, else why not. */
export function judgeChange(agencyId: string, c: ChangeSubject, facts: RightsFacts): RightsRefusal | null {
  const operationId = c.operationId;
  if (operationId !== null) {
    const p = facts.participation(operationId);
    if (p.lead === null) return { rule: 'unknown', entity: 'operation', rowId: operationId };
    if (p.lead !== agencyId && !p.members.has(agencyId)) return { rule: 'not_participant', agencyId, operationId };
    const approval = approvalRight(agencyId, operationId, p, c, facts);
    if (approval) return approval;
    // An empty value passes: creating an operation records every field, the empty
    // need-to-know ones too, whichever agency creates it for the lead.
    if (p.lead !== agencyId && isLeadOnlyField(c.entity as SyncedEntity, c.field) && c.value !== '""') {
      return { rule: 'lead_only_field', agencyId, field: c.field };
    }
    if (c.entity === 'task' || c.entity === 'task_actual') return taskRight(agencyId, p, c.rowId, c, facts);
    if (c.entity === 'task_person' || c.entity === 'task_resource') return taskRight(agencyId, p, c.rowId.slice(0, c.rowId.indexOf(':')), c, facts);
    if (c.entity === 'exchange') return exchangeRight(agencyId, facts.exchangeParties(c.rowId));
    return null;
  }
  if (c.entity === 'exchange') return exchangeRight(agencyId, facts.exchangeParties(c.rowId));
  if (DIRECTORY.has(c.entity)) return directoryRight(agencyId, c, facts);
  return null;
}

/** The catalog key and parameters of a refusal, for the planner's language (UI, CLI, inbox). */
export function refusalMessage(r: RightsRefusal): { key: string; params: Record<string, string> } {
  switch (r.rule) {
    case 'not_participant': return { key: 'rights.notParticipant', params: { agency: r.agencyId } };
    case 'approve_not_lead': return { key: 'rights.approveNotLead', params: { agency: r.agencyId } };
    case 'lead_only_field': return { key: 'rights.leadOnlyField', params: { agency: r.agencyId } };
    case 'agreement_not_own': return { key: 'rights.agreementNotOwn', params: { agency: r.agencyId, of: r.ofAgencyId } };
    case 'task_not_own': return { key: 'rights.taskNotOwn', params: { agency: r.agencyId, owner: r.taskAgencyId } };
    case 'task_handover': return { key: 'rights.taskHandover', params: { agency: r.agencyId, to: r.toAgencyId } };
    case 'exchange_party': return { key: 'rights.exchangeParty', params: { agency: r.agencyId } };
    case 'directory_owner': return { key: 'rights.directoryOwner', params: { agency: r.agencyId, owner: r.ownerAgencyId } };
    case 'directory_move': return { key: 'rights.directoryMove', params: {} };
    case 'unknown': return { key: 'rights.unknown', params: { entity: r.entity } };
  }
}

/** The reason as stored with a quarantined change and shown in logs (English, stable). */
export function refusalReason(r: RightsRefusal): string {
  switch (r.rule) {
    case 'not_participant': return `agency ${r.agencyId} does not take part in operation ${r.operationId}`;
    case 'approve_not_lead': return `only the lead agency may approve (author agency ${r.agencyId})`;
    case 'lead_only_field': return `only the lead agency holds and changes the need-to-know field ${r.field} (author agency ${r.agencyId})`;
    case 'agreement_not_own': return `agency ${r.agencyId} may not give or withdraw the agreement mark of agency ${r.ofAgencyId}`;
    case 'task_not_own': return `agency ${r.agencyId} may not change a task of agency ${r.taskAgencyId} (only the lead or the task's agency may)`;
    case 'task_handover': return `only the lead agency may hand a task to agency ${r.toAgencyId} (author agency ${r.agencyId})`;
    case 'exchange_party': return `agency ${r.agencyId} is neither sender nor recipient of the exchange entry`;
    case 'directory_owner': return `${r.entity} recorded by agency ${r.ownerAgencyId} changed by agency ${r.agencyId}`;
    case 'directory_move': return `${r.entity} cannot move to another agency or owner`;
    case 'unknown': return `${r.entity} ${r.rowId} is not known here yet`;
  }
}
