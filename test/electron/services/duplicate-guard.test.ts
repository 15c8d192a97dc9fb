/** Duplicating an operation goes through the blocking-conflict save guard like any task save;
 *  removing a task cannot create a blocking conflict and needs none. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listOverridesForOperation } from '../../../electron/db/repos/conflicts.repo.js';
import { scanOperation } from '../../../electron/services/conflicts.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { duplicateOperation, getOperationPlan, listOperations } from '../../../electron/services/operations.js';
import { removeTask } from '../../../electron/services/tasks.js';
import { DomainError } from '../../../shared/api/errors.js';
import { OperationListQuery } from '../../../shared/api/operations.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
beforeEach(() => {
  t = openTempContext();
});
afterEach(() => t.cleanup());

const changeCount = () => (t.ctx.db.prepare('SELECT count(*) AS n FROM change_log').get() as { n: number }).n;
const operationCount = () => listOperations(t.ctx, OperationListQuery.parse({})).length;

describe('duplicate under the save guard', () => {
  it('a copy on the same dates double-books people: refused without an override, nothing written', () => {
    const { operationId } = loadDemo(t.ctx);
    const before = changeCount();
    let error: unknown;
    try {
      duplicateOperation(t.ctx, { id: operationId, codeName: 'КОПІЯ', shiftMinutes: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('blocking_conflict');
    const conflicts = (error as DomainError).details!['conflicts'] as { rule: string; severity: string }[];
    expect(conflicts.length).toBeGreaterThan(0);
    expect(conflicts.every((c) => c.severity === 'blocking')).toBe(true);
    expect(conflicts.map((c) => c.rule)).toContain('double_booking');
    expect(changeCount()).toBe(before);
    expect(operationCount()).toBe(1);
  });

  it('with an override the copy is saved and the override recorded on it, with a note', () => {
    const { operationId } = loadDemo(t.ctx);
    const copy = duplicateOperation(t.ctx, {
      id: operationId, codeName: 'КОПІЯ', shiftMinutes: 0, override: { reason: 'Резервний план на ту саму ніч' },
    });
    // A double booking names both operations; its override is filed under the first of them.
    const overrides = [operationId, copy.id].flatMap((id) => listOverridesForOperation(t.ctx.db, id));
    expect(overrides.length).toBeGreaterThan(0);
    expect(overrides.every((o) => o.action === 'operations.duplicate' && o.reason === 'Резервний план на ту саму ніч')).toBe(true);
    const notes = t.ctx.db.prepare('SELECT body FROM operation_notes WHERE operation_id = ?').all(copy.id) as { body: string }[];
    expect(notes.some((n) => n.body.includes('Резервний план на ту саму ніч'))).toBe(true);
    expect(getOperationPlan(t.ctx, copy.id).tasks.length).toBe(getOperationPlan(t.ctx, operationId).tasks.length);
  });

  it('a copy a week later books nobody twice and needs no override', () => {
    const { operationId } = loadDemo(t.ctx);
    const copy = duplicateOperation(t.ctx, { id: operationId, codeName: 'ЧЕРЕЗ ТИЖДЕНЬ', shiftMinutes: 7 * 24 * 60 });
    expect(listOverridesForOperation(t.ctx.db, copy.id)).toEqual([]);
    // Blocking: only the legal gates — a copy carries neither the proceeding nor the decision,
    // which were the original operation's (a new window needs its own).
    expect(scanOperation(t.ctx, copy.id).conflicts.filter((c) => c.severity === 'blocking').map((c) => c.rule).sort())
      .toEqual(['decision_missing', 'proceeding_missing']);
  });
});

describe('task removal', () => {
  it('removing the prosecutor\'s decision of a controlled delivery leaves a warning, not a blocked save', () => {
    const { operationId } = loadDemo(t.ctx);
    const decision = getOperationPlan(t.ctx, operationId).tasks.find((x) => x.type === 'prosecutor_decision')!;
    expect(decision).toBeDefined();
    removeTask(t.ctx, decision.id);
    const after = scanOperation(t.ctx, operationId).conflicts.filter((c) => c.rule === 'missing_prosecutor_decision');
    expect(after.map((c) => c.severity)).toEqual(['warning']);
  });
});
