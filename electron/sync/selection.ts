/**
 * What a bundle for these peers carries: the changes of rows in the recipients' view
 * (shared/visibility/rule.ts, the one need-to-know rule) — and for several recipients only
 * what ALL of them may see, since each can decrypt the whole file. The same rule chooses for
 * a first bundle, an incremental one, a `--full` resend and a courier bundle; there is no
 * other path.
 *
 * Incremental bundles send the visible changes above the recipient's acknowledgement, plus the
 * whole history of rows that may have come into its view since: an operation whose grant to
 * the recipient's agency is unacknowledged (the recipient's view of it, whole), and a task
 * whose accountable agency, unit or assignments changed (the task, its assignments and the
 * directory records they refer to), and the unit a directory record moved to; a decision
 * comes whole with a task it covers that came into view, or when the tasks it covers changed. The recipient
 * keeps each change once, so a resent one costs bytes, never correctness.
 *
 * The changes above the acknowledgement are not listed here: the bundle reads them once, in
 * order, and keeps those `takes` accepts (a first or full bundle reads the record once).
 */
import type { SyncedEntity } from '../../shared/sync/change.js';
import { mergeRow } from '../../shared/sync/merge.js';
import {
  commonView, planView, rowVisible, taskVisible, type PlanFacts, type PlanView, type TaskFacts,
} from '../../shared/visibility/rule.js';
import type { Db } from '../db/connection.js';
import { latestFieldChange, listChangesForRow, maxChangeSeq } from '../db/repos/change-log.repo.js';
import {
  changeRefsOfOperation, changeRefsOfRow, changeRefsOfTaskMembers, iterateChangeRefs, type ChangeRef,
} from '../db/repos/sync-select.repo.js';
import type { PeerRow } from '../db/repos/sync.repo.js';
import { loadPlanFacts } from '../db/repos/visibility.repo.js';

export interface Selection {
  /** Whole histories of rows that came into view, at or below the acknowledgement: local seqs, ascending. */
  extras: number[];
  /** The sender's change-record positions covered: (seqFrom, seqTo]. */
  seqFrom: number;
  seqTo: number;
  /** Whether a change above the acknowledgement goes in. */
  takes(siteId: string, entity: SyncedEntity, rowId: string, operationId: string | null, field: string): boolean;
  /** The most `takes` can accept: the positions above the acknowledgement. */
  candidates: number;
}

/** The common view of the peers' agencies over what this unit holds. */
export function recipientsView(db: Db, peers: readonly Pick<PeerRow, 'agency_id'>[], facts: PlanFacts = loadPlanFacts(db)): PlanView {
  const agencies = [...new Set(peers.map((p) => p.agency_id))];
  return commonView(agencies.map((agencyId) => planView(facts, { agencyId })));
}

export function selectChanges(db: Db, peers: readonly PeerRow[], full: boolean): Selection {
  const seqTo = maxChangeSeq(db);
  const ack = full ? 0 : Math.min(...peers.map((p) => p.acked_seq));
  const facts = loadPlanFacts(db);
  const view = recipientsView(db, peers, facts);
  // A single recipient already holds what it wrote itself (unless a full resend is asked for).
  const own = !full && peers.length === 1 ? peers[0]!.site_id : null;
  /** Tasks that left the recipients' view since the acknowledgement (see `leavingTasks`). */
  let leaving: LeavingTasks = NOTHING_LEFT;
  const takes = (siteId: string, entity: SyncedEntity, rowId: string, operationId: string | null, field: string) =>
    siteId !== own && (rowVisible(view, { entity, rowId, operationId, field }) || leaving.tells(entity, rowId, field));
  const extras = new Set<number>();
  const selection = (): Selection => ({
    extras: [...extras].sort((a, b) => a - b), seqFrom: ack, seqTo, takes, candidates: seqTo - ack,
  });
  if (ack === 0) return selection();

  const touchedTasks = new Set<string>();
  const movedRecords: { entity: SyncedEntity; id: string }[] = [];
  const touchedDecisions = new Set<string>();
  const unseenTouched = new Set<string>();
  const unseenOperations = new Set<string>();
  for (const r of iterateChangeRefs(db, ack, seqTo)) {
    if (!rowVisible(view, r)) {
      const task = taskWhoseViewChanged(r);
      if (task !== null) unseenTouched.add(task);
      else if (r.operationId !== null && (r.entity === 'operation_agency' || (r.entity === 'operation' && r.field === 'leadAgencyId'))) {
        unseenOperations.add(r.operationId);
      }
      continue;
    }
    if (r.entity === 'task' && (r.field === 'accountableAgencyId' || r.field === 'unitId' || r.field === 'phaseId')) touchedTasks.add(r.rowId);
    else if (r.entity === 'task_person' || r.entity === 'task_resource') touchedTasks.add(r.rowId.slice(0, r.rowId.indexOf(':')));
    else if ((r.entity === 'person' || r.entity === 'resource') && r.field === 'unitId') movedRecords.push({ entity: r.entity, id: r.rowId });
    else if (r.entity === 'decision' && r.field === 'taskIds') touchedDecisions.add(r.rowId);
  }
  // Only what lies at or below the acknowledgement: the rest comes with the ordered read.
  const take = (r: ChangeRef) => {
    if (r.seq <= ack && takes(r.siteId, r.entity, r.rowId, r.operationId, r.field)) extras.add(r.seq);
  };
  const tasks = new Map<string, TaskFacts>(facts.tasks.map((t) => [t.id, t]));
  const sentRows = new Set<string>();
  const wholeRow = (entity: SyncedEntity, id: string) => {
    const key = `${entity}\u0000${id}`;
    if (sentRows.has(key)) return;
    sentRows.add(key);
    for (const r of changeRefsOfRow(db, entity, id)) take(r);
  };
  const recordWithUnit = (entity: 'person' | 'resource', id: string) => {
    wholeRow(entity, id);
    const unitId = (entity === 'person' ? facts.people : facts.resources).get(id)?.unitId;
    if (unitId) wholeRow('unit', unitId);
  };
  const decisionsByTask = new Map<string, string[]>();
  for (const d of facts.decisions ?? []) {
    for (const t of d.taskIds) {
      let list = decisionsByTask.get(t);
      if (!list) decisionsByTask.set(t, (list = []));
      list.push(d.id);
    }
  }
  const wholeDecision = (id: string) => { if (view.decisions.has(id)) wholeRow('decision', id); };
  const wholeTask = (id: string) => {
    const t = tasks.get(id);
    if (!t || !view.tasks.has(id) || sentRows.has(`task\u0000${id}`)) return;
    wholeRow('task', id);
    for (const d of decisionsByTask.get(id) ?? []) wholeDecision(d);
    for (const r of changeRefsOfTaskMembers(db, id)) take(r);
    if (t.unitId) wholeRow('unit', t.unitId);
    // Its phase comes into view with it (shared/visibility/rule.ts, phases).
    if (t.phaseId) wholeRow('phase', t.phaseId);
    for (const p of t.personIds) recordWithUnit('person', p);
    for (const r of t.resourceIds) recordWithUnit('resource', r);
  };
  for (const op of facts.operations) {
    if (!view.operations.has(op.id)) continue;
    const granted = peers.some((p) => {
      const seq = op.leadAgencyId === p.agency_id
        ? latestFieldChange(db, 'operation', op.id, 'leadAgencyId')?.seq ?? null
        : latestFieldChange(db, 'operation_agency', `${op.id}:${p.agency_id}`, '_member')?.seq ?? null;
      return seq !== null && seq > p.acked_seq;
    });
    if (!granted) continue;
    // The recipient's own writes come too: a unit whose agency was taken off the operation
    // dropped them with it (services/own-view.ts) and writes them again from these.
    for (const r of changeRefsOfOperation(db, op.id)) {
      if (r.seq <= ack && rowVisible(view, r)) extras.add(r.seq);
    }
    for (const t of facts.tasks) if (t.operationId === op.id) wholeTask(t.id);
  }
  for (const id of touchedTasks) wholeTask(id);
  for (const id of touchedDecisions) wholeDecision(id);
  for (const m of movedRecords) if (rowVisible(view, { entity: m.entity, rowId: m.id, operationId: null })) recordWithUnit(m.entity as 'person' | 'resource', m.id);
  const tasksLeaving = leavingTasks(db, facts, peers, ack, [...unseenTouched].filter((id) => !view.tasks.has(id)));
  const operationsLeaving = leavingOperations(db, peers, ack, [...unseenOperations].filter((id) => !view.operations.has(id)));
  leaving = {
    tells: (entity, rowId, field) => tasksLeaving.tells(entity, rowId, field) || operationsLeaving.tells(entity, rowId, field),
  };
  return selection();
}

/** The task whose place in a view a change may move: its accountable agency, unit, or assignments. */
function taskWhoseViewChanged(r: ChangeRef): string | null {
  if (r.entity === 'task') return r.field === 'accountableAgencyId' || r.field === 'unitId' ? r.rowId : null;
  if (r.entity === 'task_person' || r.entity === 'task_resource') return r.rowId.slice(0, r.rowId.indexOf(':'));
  return null;
}

interface LeavingTasks {
  /** Whether a change above the acknowledgement tells the recipients that a task left their view. */
  tells(entity: SyncedEntity, rowId: string, field: string): boolean;
}
const NOTHING_LEFT: LeavingTasks = { tells: () => false };

/**
 * Tasks the recipients saw at their acknowledgement and see no more: handed to another agency,
 * or their people and resources taken off. Nothing else of such a task goes to them; the changes
 * that took it out of their view do — its accountable agency and the recipients' own assignments
 * removed — so that they drop their copy (electron/services/own-view.ts) instead of keeping one
 * that goes stale. A task they never saw sends nothing: its existence is not theirs to learn.
 * (A task taken out of view only by a move of its unit is not told yet: the new unit is another
 * agency's record the recipients do not hold.)
 */
function leavingTasks(db: Db, facts: PlanFacts, peers: readonly PeerRow[], ack: number, candidates: readonly string[]): LeavingTasks {
  if (candidates.length === 0) return NOTHING_LEFT;
  const agencies = [...new Set(peers.map((p) => p.agency_id))];
  const operations = new Map(facts.operations.map((op) => [op.id, op]));
  const tasks = new Map(facts.tasks.map((t) => [t.id, t]));
  const left = new Set<string>();
  for (const id of candidates) {
    const t = tasks.get(id);
    const op = t ? operations.get(t.operationId) : undefined;
    if (!t || !op) continue;
    const then = taskFactsAt(db, t, ack);
    if (then && agencies.every((a) => taskVisible(op, then, a, facts))) left.add(id);
  }
  const ownMember = (entity: SyncedEntity, memberId: string) => {
    const rec = (entity === 'task_person' ? facts.people : facts.resources).get(memberId);
    return rec !== undefined && agencies.includes(rec.agencyId);
  };
  return {
    tells(entity, rowId, field) {
      if (entity === 'task') return field === 'accountableAgencyId' && left.has(rowId);
      if (entity !== 'task_person' && entity !== 'task_resource') return false;
      const at = rowId.indexOf(':');
      return left.has(rowId.slice(0, at)) && ownMember(entity, rowId.slice(at + 1));
    },
  };
}

/**
 * Operations the recipients' agencies all took part in at their acknowledgement (led it, or
 * were among its participating agencies) and no longer do: the lead took an agency off. Of
 * such an operation only the changes that took them out go — their agencies' memberships, and
 * the lead's hand-over if one of them led it — so that their units drop it whole
 * (electron/services/own-view.ts). An operation they never saw sends nothing.
 */
function leavingOperations(db: Db, peers: readonly PeerRow[], ack: number, candidates: readonly string[]): LeavingTasks {
  if (candidates.length === 0) return NOTHING_LEFT;
  const agencies = [...new Set(peers.map((p) => p.agency_id))];
  const memberships = new Set<string>();
  const handedOver = new Set<string>();
  for (const op of candidates) {
    const leadThen = leadAt(db, op, ack);
    const then = agencies.map((a) => ({ a, lead: leadThen === a, member: memberAt(db, `${op}:${a}`, ack) }));
    if (!then.every((x) => x.lead || x.member)) continue;
    for (const x of then) if (x.member) memberships.add(`${op}:${x.a}`);
    if (then.some((x) => x.lead)) handedOver.add(op);
  }
  if (memberships.size === 0 && handedOver.size === 0) return NOTHING_LEFT;
  return {
    tells(entity, rowId, field) {
      if (entity === 'operation_agency') return memberships.has(rowId);
      return entity === 'operation' && field === 'leadAgencyId' && handedOver.has(rowId);
    },
  };
}

/** The lead agency of an operation as its changes recorded here up to `seq` make it. */
function leadAt(db: Db, operationId: string, seq: number): string | null {
  const row = mergeRow('operation', operationId, listChangesForRow(db, 'operation', operationId).filter((c) => c.field === 'leadAgencyId' && c.seq <= seq));
  const lead = row.fields.leadAgencyId;
  return lead ? JSON.parse(lead.value) as string : null;
}

/** Whether a membership row (`owner:member`) was current as its changes up to `seq` make it. */
function memberAt(db: Db, rowId: string, seq: number): boolean {
  return mergeRow('operation_agency', rowId, listChangesForRow(db, 'operation_agency', rowId).filter((c) => c.seq <= seq)).member === true;
}

/** A task as its changes recorded here up to `seq` make it (null: it did not exist yet). */
function taskFactsAt(db: Db, now: TaskFacts, seq: number): TaskFacts | null {
  const upTo = <T extends { seq: number }>(xs: T[]) => xs.filter((c) => c.seq <= seq);
  const row = mergeRow('task', now.id, upTo(listChangesForRow(db, 'task', now.id)));
  if (Object.keys(row.fields).length === 0) return null;
  const value = (field: string) => {
    const f = row.fields[field];
    return f ? JSON.parse(f.value) as string | null : null;
  };
  const members: Record<'task_person' | 'task_resource', string[]> = { task_person: [], task_resource: [] };
  const rowIds = new Set(changeRefsOfTaskMembers(db, now.id).filter((r) => r.seq <= seq).map((r) => `${r.entity}\u0000${r.rowId}`));
  for (const key of rowIds) {
    const [entity, rowId] = key.split('\u0000') as ['task_person' | 'task_resource', string];
    if (mergeRow(entity, rowId, upTo(listChangesForRow(db, entity, rowId))).member === true) members[entity].push(rowId.slice(rowId.indexOf(':') + 1));
  }
  return {
    ...now, accountableAgencyId: value('accountableAgencyId'), unitId: value('unitId'),
    personIds: members.task_person, resourceIds: members.task_resource,
  };
}
