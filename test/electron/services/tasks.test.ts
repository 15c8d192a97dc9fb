import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/api/errors.js';
import { OperationDraft } from '../../../shared/domain/operation.js';
import { PersonDraft, UnitDraft } from '../../../shared/domain/directory.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { countChanges, listChangesForRow } from '../../../electron/db/repos/change-log.repo.js';
import { createPerson, createUnit } from '../../../electron/services/directory.js';
import { createOperation } from '../../../electron/services/operations.js';
import {
  bulkReassignTasks, bulkShiftTasks, createTask, listTasksForOperation, removeTask, updateTask,
} from '../../../electron/services/tasks.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
let opId: string;
beforeEach(() => {
  t = openTempContext();
  opId = createOperation(t.ctx, OperationDraft.parse({
    codeName: 'ТЕСТ', type: 'joint_search', leadAgencyId: 'NPU', participatingAgencyIds: ['DMS'],
    startsAt: '2026-12-05T06:00:00Z', endsAt: '2026-12-05T18:00:00Z', legalBasis: 'КПК',
  })).id;
});
afterEach(() => t.cleanup());

const task = (over: Record<string, unknown> = {}) => TaskDraft.parse({
  operationId: opId, title: 'Обшук офісу', type: 'search', accountableAgencyId: 'NPU',
  startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z', ...over,
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return `${e.code}:${e.issues?.[0]?.message ?? ''}`;
    throw e;
  }
  return 'no error';
}

describe('tasks service', () => {
  it('assigns people of the agency and records membership changes', () => {
    const unit = createUnit(t.ctx, UnitDraft.parse({ agencyId: 'NPU', name: 'Слідче управління' }));
    const p = createPerson(t.ctx, PersonDraft.parse({ agencyId: 'NPU', unitId: unit.id, fullName: 'Іваненко Іван' }));
    const created = createTask(t.ctx, task({ unitId: unit.id, personIds: [p.id, p.id] }));
    expect(created.personIds).toEqual([p.id]);
    expect(listChangesForRow(t.ctx.db, 'task_person', `${created.id}:${p.id}`)).toHaveLength(1);
  });

  it('refuses dangling references with a typed error naming the field, writing nothing', () => {
    const before = countChanges(t.ctx.db);
    const dmsUnit = createUnit(t.ctx, UnitDraft.parse({ agencyId: 'DMS', name: 'Митний пост' }));
    const afterUnit = countChanges(t.ctx.db);
    expect(afterUnit).toBeGreaterThan(before);
    expect(codeOf(() => createTask(t.ctx, task({ unitId: dmsUnit.id })))).toBe('invalid_input:v.unitOfOtherAgency');
    expect(codeOf(() => createTask(t.ctx, task({ personIds: ['ghost'] })))).toBe('invalid_input:v.unknownPerson');
    expect(codeOf(() => createTask(t.ctx, task({ accountableAgencyId: 'XYZ' })))).toBe('invalid_input:v.unknownAgency');
    expect(codeOf(() => createTask(t.ctx, task({ dependencies: [{ predecessorId: 'nope', lagMinutes: 0 }] })))).toBe('invalid_input:v.unknownTask');
    expect(countChanges(t.ctx.db)).toBe(afterUnit);
  });

  it('updates only changed fields and refuses a self-dependency', () => {
    const a = createTask(t.ctx, task());
    const before = countChanges(t.ctx.db);
    const b = updateTask(t.ctx, { id: a.id, patch: { title: 'Обшук складу' } });
    expect(b.title).toBe('Обшук складу');
    expect(countChanges(t.ctx.db) - before).toBe(1);
    expect(codeOf(() => updateTask(t.ctx, { id: a.id, patch: { dependencies: [{ predecessorId: a.id, lagMinutes: 0 }] } })))
      .toBe('invalid_input:v.selfDependency');
    expect(codeOf(() => updateTask(t.ctx, { id: a.id, patch: { endsAt: '2026-12-05T07:00:00.000Z' } })))
      .toBe('invalid_input:v.endBeforeStart');
  });

  it('bulk-shifts all tasks in one transaction, or none when one would become invalid', () => {
    const a = createTask(t.ctx, task());
    const b = createTask(t.ctx, task({ title: 'Виїмка', startsAt: '2026-12-05T11:00:00Z', endsAt: '2026-12-05T12:00:00Z' }));
    const shifted = bulkShiftTasks(t.ctx, { taskIds: [a.id, b.id], minutes: 90 });
    expect(shifted.map((x) => x.startsAt)).toEqual(['2026-12-05T09:30:00.000Z', '2026-12-05T12:30:00.000Z']);
    const before = countChanges(t.ctx.db);
    expect(codeOf(() => bulkReassignTasks(t.ctx, { taskIds: [a.id, 'missing'], accountableAgencyId: 'SBU', unitId: null }))).toBe('not_found:');
    expect(countChanges(t.ctx.db)).toBe(before);
    const reassigned = bulkReassignTasks(t.ctx, { taskIds: [a.id, b.id], accountableAgencyId: 'SBU', unitId: null });
    expect(reassigned.every((x) => x.accountableAgencyId === 'SBU')).toBe(true);
  });

  it('removing a task drops it from successors and leaves a tombstone', () => {
    const a = createTask(t.ctx, task());
    const b = createTask(t.ctx, task({
      title: 'Виїмка', startsAt: '2026-12-05T10:30:00Z', endsAt: '2026-12-05T12:00:00Z',
      dependencies: [{ predecessorId: a.id, lagMinutes: 30 }],
    }));
    removeTask(t.ctx, a.id);
    const left = listTasksForOperation(t.ctx, opId);
    expect(left.map((x) => x.id)).toEqual([b.id]);
    expect(left[0]!.dependencies).toEqual([]);
    expect(listChangesForRow(t.ctx.db, 'task', a.id).at(-1)!.field).toBe('_deleted');
  });
});

describe('change record atomicity', () => {
  it('a failure inside a multi-row write leaves neither rows nor change records', () => {
    const before = countChanges(t.ctx.db);
    const tasksBefore = listTasksForOperation(t.ctx, opId).length;
    expect(() =>
      t.ctx.db.transaction(() => {
        t.ctx.writer.create('task', 'half-written', { ...task(), personIds: undefined }, opId);
        throw new Error('power cut simulated mid-transaction');
      })(),
    ).toThrow(/power cut/);
    expect(countChanges(t.ctx.db)).toBe(before);
    expect(listTasksForOperation(t.ctx, opId)).toHaveLength(tasksBefore);
  });

  it('the writer refuses to run outside a transaction', () => {
    expect(() => t.ctx.writer.update('operation', opId, { area: 'x' }, opId)).toThrow(/outside a transaction/);
    expect(t.ctx.db.prepare('SELECT area FROM operations WHERE id = ?').get(opId)).toEqual({ area: '' });
  });
});
