import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/api/errors.js';
import { OperationDraft, PhaseDraft } from '../../../shared/domain/operation.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { countChanges, listChangesForRow } from '../../../electron/db/repos/change-log.repo.js';
import {
  addPhase, changeOperationStatus, createOperation, duplicateOperation, getOperationPlan,
  listOperations, removeOperation, removePhase, updateOperation,
} from '../../../electron/services/operations.js';
import { createTask } from '../../../electron/services/tasks.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { agree } from '../../../electron/services/legal.js';
import { OperationListQuery } from '../../../shared/api/operations.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
beforeEach(() => {
  t = openTempContext();
});
afterEach(() => t.cleanup());

const draft = (over: Record<string, unknown> = {}) =>
  OperationDraft.parse({
    codeName: 'ГРАНІТ', type: 'joint_search', leadAgencyId: 'NPU', participatingAgencyIds: ['DMS', 'NPU'],
    startsAt: '2026-12-05T06:00:00Z', endsAt: '2026-12-05T18:00:00Z', legalBasis: 'ухвала слідчого судді',
    ...over,
  });

function expectDomainError(fn: () => unknown, code: string): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe(code);
    return e as DomainError;
  }
  throw new Error('expected a DomainError');
}

describe('operations service', () => {
  it('creates a draft, drops the lead from participants and records every field', () => {
    const op = createOperation(t.ctx, draft());
    expect(op.status).toBe('draft');
    expect(op.participatingAgencyIds).toEqual(['DMS']);
    const changes = listChangesForRow(t.ctx.db, 'operation', op.id);
    expect(new Set(changes.map((c) => c.field))).toContain('codeName');
    expect(new Set(changes.map((c) => c.hlc)).size).toBe(1); // one event, one timestamp
    expect(changes.every((c) => c.siteId === t.ctx.siteId && c.operationId === op.id)).toBe(true);
    expect(listChangesForRow(t.ctx.db, 'operation_agency', `${op.id}:DMS`)).toHaveLength(1);
  });

  it('records only the fields an update changed, with a later HLC', () => {
    const op = createOperation(t.ctx, draft());
    const before = countChanges(t.ctx.db);
    const updated = updateOperation(t.ctx, op.id, { area: 'Одеса, порт', codeName: 'ГРАНІТ' });
    expect(updated.area).toBe('Одеса, порт');
    const after = listChangesForRow(t.ctx.db, 'operation', op.id);
    expect(countChanges(t.ctx.db) - before).toBe(1);
    const last = after.at(-1)!;
    expect(last).toMatchObject({ field: 'area', value: JSON.stringify('Одеса, порт') });
    expect(last.hlc > after[0]!.hlc).toBe(true);
  });

  it('re-validates cross-field rules on update and writes nothing when they fail', () => {
    const op = createOperation(t.ctx, draft());
    const before = countChanges(t.ctx.db);
    const err = expectDomainError(() => updateOperation(t.ctx, op.id, { legalBasis: '' }), 'invalid_input');
    expect(err.issues?.[0]).toMatchObject({ path: ['legalBasis'], message: 'v.legalBasisRequired' });
    expectDomainError(() => updateOperation(t.ctx, op.id, { leadAgencyId: 'NOPE' }), 'invalid_input');
    expect(countChanges(t.ctx.db)).toBe(before);
  });

  it('syncs participating agencies as a set of add/remove changes', () => {
    const op = createOperation(t.ctx, draft());
    updateOperation(t.ctx, op.id, { participatingAgencyIds: ['SBU', 'OGP'] });
    expect(getOperationPlan(t.ctx, op.id).operation.participatingAgencyIds).toEqual(['OGP', 'SBU']);
    const removed = listChangesForRow(t.ctx.db, 'operation_agency', `${op.id}:DMS`).at(-1)!;
    expect(removed).toMatchObject({ field: '_member', value: 'false' });
  });

  it('moves status along the lifecycle only; a reopen needs and records a reason', () => {
    const op = createOperation(t.ctx, draft());
    expectDomainError(() => changeOperationStatus(t.ctx, { id: op.id, to: 'approved', reason: '' }), 'invalid_transition');
    changeOperationStatus(t.ctx, { id: op.id, to: 'planned', reason: '' });
    // Approval names the head of the lead agency and waits for the participants' agreement.
    const waiting = expectDomainError(() => changeOperationStatus(t.ctx, { id: op.id, to: 'approved', reason: '' }), 'legal_basis_missing');
    expect(waiting.details).toMatchObject({ agreementsMissing: ['DMS'], approverMissing: true });
    expect(getOperationPlan(t.ctx, op.id).operation.status).toBe('planned');
    agree(t.ctx, { operationId: op.id, signedBy: 'Начальник митного поста «Ягодин» О. Коваль', note: '' });
    const approved = changeOperationStatus(t.ctx, { id: op.id, to: 'approved', reason: '', approvedBy: 'Начальник ГУНП у Волинській області І. Петренко' });
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'Начальник ГУНП у Волинській області І. Петренко' });
    expect(approved.approvedAt).not.toBeNull();
    expectDomainError(() => changeOperationStatus(t.ctx, { id: op.id, to: 'draft', reason: ' ' }), 'invalid_input');
    const reopened = changeOperationStatus(t.ctx, { id: op.id, to: 'draft', reason: 'Нові дані від СБУ' });
    expect(reopened).toMatchObject({ status: 'draft', approvedBy: '', approvedAt: null });
    const reopen = listChangesForRow(t.ctx.db, 'operation', op.id).find((c) => c.field === '_reopen');
    expect(JSON.parse(reopen!.value)).toEqual({ from: 'approved', reason: 'Нові дані від СБУ' });
  });

  it('duplicates an operation with phases, tasks and remapped dependencies, shifted in time', () => {
    const { operationId } = loadDemo(t.ctx);
    const source = getOperationPlan(t.ctx, operationId);
    // A week later: a one-day shift would double-book people across the days of the demo
    // (the save guard then asks for an override, see duplicate-guard.test.ts).
    const copy = duplicateOperation(t.ctx, { id: operationId, codeName: 'КОПІЯ', shiftMinutes: 60 * 24 * 7 });
    const plan = getOperationPlan(t.ctx, copy.id);
    expect(plan.operation.status).toBe('draft');
    expect(plan.phases).toHaveLength(source.phases.length);
    expect(plan.tasks).toHaveLength(source.tasks.length);
    const ids = new Set(plan.tasks.map((x) => x.id));
    for (const task of plan.tasks) for (const d of task.dependencies) expect(ids.has(d.predecessorId)).toBe(true);
    const weekMs = 7 * 24 * 3600_000;
    expect(new Date(plan.operation.startsAt).getTime() - new Date(source.operation.startsAt).getTime()).toBe(weekMs);
    expect(plan.tasks.every((x) => x.status === 'todo' && x.checklist.every((c) => !c.done))).toBe(true);
  });

  it('lists with filters, search and sorting', () => {
    createOperation(t.ctx, draft({ codeName: 'АЛЬФА', type: 'detention' }));
    createOperation(t.ctx, draft({ codeName: 'БЕТА', leadAgencyId: 'DPSU', participatingAgencyIds: [], startsAt: '2026-12-10T00:00:00Z', endsAt: '2026-12-11T00:00:00Z' }));
    const q = (over: Record<string, unknown>) => listOperations(t.ctx, OperationListQuery.parse(over)).map((o) => o.codeName);
    expect(q({})).toEqual(['АЛЬФА', 'БЕТА']);
    expect(q({ types: ['detention'] })).toEqual(['АЛЬФА']);
    expect(q({ agencyId: 'DMS' })).toEqual(['АЛЬФА']);
    expect(q({ search: 'бет' })).toEqual(['БЕТА']); // Cyrillic folds case too
    expect(q({ search: 'БЕТ' })).toEqual(['БЕТА']);
    expect(q({ search: '%' })).toEqual([]);
    expect(q({ from: '2026-12-09T00:00:00Z' })).toEqual(['БЕТА']);
    expect(q({ sort: 'codeName', direction: 'desc' })).toEqual(['БЕТА', 'АЛЬФА']);
  });

  it('removes as a tombstone, and phases detach their tasks when removed', () => {
    const op = createOperation(t.ctx, draft());
    const phase = addPhase(t.ctx, PhaseDraft.parse({ operationId: op.id, name: 'Фаза 1', startsAt: op.startsAt, endsAt: op.endsAt }));
    const task = createTask(t.ctx, TaskDraft.parse({ operationId: op.id, phaseId: phase.id, title: 'Обшук', type: 'search', accountableAgencyId: 'NPU', startsAt: op.startsAt, endsAt: op.endsAt }));
    removePhase(t.ctx, phase.id);
    expect(getOperationPlan(t.ctx, op.id).tasks.find((x) => x.id === task.id)!.phaseId).toBeNull();
    removeOperation(t.ctx, op.id);
    expectDomainError(() => getOperationPlan(t.ctx, op.id), 'not_found');
    expect(listChangesForRow(t.ctx.db, 'operation', op.id).at(-1)).toMatchObject({ field: '_deleted', value: 'true' });
  });

  it('keeps data across a restart, and the clock never goes back', () => {
    const op = createOperation(t.ctx, draft());
    const lastHlc = t.ctx.clock.current();
    const ctx2 = t.reopen();
    expect(getOperationPlan(ctx2, op.id).operation.codeName).toBe('ГРАНІТ');
    updateOperation(ctx2, op.id, { area: 'Київ' });
    expect(listChangesForRow(ctx2.db, 'operation', op.id).at(-1)!.hlc > lastHlc).toBe(true);
  });
});

describe('an operation window that would leave its tasks outside (issue 20)', () => {
  it('is refused, naming the tasks, and writes nothing; a window that still holds them saves', () => {
    const op = createOperation(t.ctx, draft());
    const search = createTask(t.ctx, TaskDraft.parse({ operationId: op.id, title: 'Обшук', type: 'search', accountableAgencyId: 'NPU', startsAt: '2026-12-05T10:00:00Z', endsAt: '2026-12-05T14:00:00Z' }));
    const before = countChanges(t.ctx.db);
    const refused = expectDomainError(() => updateOperation(t.ctx, op.id, { endsAt: '2026-12-05T12:00:00.000Z' }), 'conflict');
    expect(refused.details).toMatchObject({ messageKey: 'opf.tasksOutsideWindow', params: { count: 1, titles: '«Обшук»' }, taskIds: [search.id] });
    expect(refused.issues).toEqual([{ path: ['startsAt'], message: 'v.tasksOutsideWindow' }]);
    expect(countChanges(t.ctx.db)).toBe(before);
    // Just holding the task is fine, and so is an edit that leaves the window as it is.
    expect(updateOperation(t.ctx, op.id, { startsAt: '2026-12-05T10:00:00.000Z', endsAt: '2026-12-05T14:00:00.000Z' }).endsAt).toBe('2026-12-05T14:00:00.000Z');
    expect(updateOperation(t.ctx, op.id, { area: 'Луцьк' }).area).toBe('Луцьк');
  });
});
