import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OperationListQuery } from '../../../shared/api/operations.js';
import { OperationDraft } from '../../../shared/domain/operation.js';
import { createOperation, listOperations, setConflictCounter } from '../../../electron/services/operations.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
let now = new Date('2026-05-01T10:00:00Z');
beforeEach(() => {
  now = new Date('2026-05-01T10:00:00Z');
  t = openTempContext({ now: () => now });
});
afterEach(() => {
  setConflictCounter(null);
  t.cleanup();
});

const draft = (codeName: string) => OperationDraft.parse({
  codeName, type: 'joint_patrol', leadAgencyId: 'DPSU', legalBasis: 'наказ',
  startsAt: '2026-06-01T06:00:00Z', endsAt: '2026-06-01T18:00:00Z',
});

describe('operations list: open-conflict counts', () => {
  it('scans once while nothing changes, and again after a write or when the minute turns', () => {
    let scans = 0;
    let perOp = 1;
    setConflictCounter((_ctx, ids) => {
      scans++;
      return new Map(ids.map((id) => [id, perOp]));
    });
    const a = createOperation(t.ctx, draft('АЛЬФА'));
    const q = OperationListQuery.parse({});
    expect(listOperations(t.ctx, q).map((o) => o.openConflictCount)).toEqual([1]);
    listOperations(t.ctx, OperationListQuery.parse({ search: 'альфа' }));
    expect(scans).toBe(1);

    perOp = 2;
    createOperation(t.ctx, draft('БЕТА'));
    const after = listOperations(t.ctx, q);
    expect(scans).toBe(2);
    expect(after.map((o) => o.openConflictCount)).toEqual([2, 2]);
    expect(after.find((o) => o.id === a.id)).toBeDefined();

    perOp = 3;
    now = new Date(now.getTime() + 61_000);
    expect(listOperations(t.ctx, q).map((o) => o.openConflictCount)).toEqual([3, 3]);
    expect(scans).toBe(3);
  });

  it('reports zero conflicts when no counter is installed', () => {
    createOperation(t.ctx, draft('ГАММА'));
    expect(listOperations(t.ctx, OperationListQuery.parse({}))[0]!.openConflictCount).toBe(0);
  });
});
