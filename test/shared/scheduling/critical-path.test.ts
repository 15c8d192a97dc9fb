import { describe, expect, it } from 'vitest';
import { criticalPath, slipImpact } from '../../../shared/scheduling/critical-path.js';
import { at, task } from './fixtures.js';

// a(1–3) → b(3–5) → d(5–6); a → c(3–4) → d. The a-b-d chain is critical; c has 60 min slack.
function diamond() {
  const a = task({ id: 'a', startsAt: at(1), endsAt: at(3) });
  const b = task({ id: 'b', startsAt: at(3), endsAt: at(5), dependencies: [{ predecessorId: 'a', lagMinutes: 0 }] });
  const c = task({ id: 'c', startsAt: at(3), endsAt: at(4), dependencies: [{ predecessorId: 'a', lagMinutes: 0 }] });
  const d = task({ id: 'd', startsAt: at(5), endsAt: at(6), dependencies: [{ predecessorId: 'b', lagMinutes: 0 }, { predecessorId: 'c', lagMinutes: 0 }] });
  return [a, b, c, d];
}

describe('critical path', () => {
  it('computes slack and the critical chain', () => {
    const r = criticalPath(diamond(), at(10));
    expect(r.criticalPath).toEqual(['a', 'b', 'd']);
    const c = r.tasks.find((x) => x.taskId === 'c')!;
    expect(c.slackMinutes).toBe(60);
    expect(c.latestStart).toBe(at(4));
    expect(r.projectFinish).toBe(at(6));
    expect(r.endSlackMinutes).toBe(240);
  });
  it('pushes earliest starts past a predecessor with lag', () => {
    const a = task({ id: 'a', startsAt: at(1), endsAt: at(3) });
    const b = task({ id: 'b', startsAt: at(2), endsAt: at(4), dependencies: [{ predecessorId: 'a', lagMinutes: 30 }] });
    const r = criticalPath([a, b], at(10));
    expect(r.tasks.find((x) => x.taskId === 'b')!.earliestStart).toBe(at(3.5));
  });
  it('sets cyclic tasks apart', () => {
    const a = task({ id: 'a', dependencies: [{ predecessorId: 'b', lagMinutes: 0 }] });
    const b = task({ id: 'b', dependencies: [{ predecessorId: 'a', lagMinutes: 0 }] });
    const c = task({ id: 'c' });
    const r = criticalPath([a, b, c], at(10));
    expect(r.cyclic).toEqual(['a', 'b']);
    expect(r.tasks.map((x) => x.taskId)).toEqual(['c']);
  });
});

describe('slip impact', () => {
  it('moves successors only as far as needed and leaves slack absorbed', () => {
    const r = slipImpact(diamond(), 'a', 30, at(10));
    expect(r.moved.map((m) => [m.taskId, m.deltaMinutes])).toEqual([['a', 30], ['b', 30], ['c', 30], ['d', 30]]);
    const small = slipImpact(diamond(), 'c', 60, at(10));
    expect(small.moved.map((m) => [m.taskId, m.deltaMinutes])).toEqual([['c', 60]]);
    const more = slipImpact(diamond(), 'c', 90, at(10));
    expect(more.moved.map((m) => [m.taskId, m.deltaMinutes])).toEqual([['c', 90], ['d', 30]]);
  });
  it('reports when the slip pushes the plan past the operation end', () => {
    expect(slipImpact(diamond(), 'b', 60, at(6.5)).exceedsOperationEnd).toBe(true);
    expect(slipImpact(diamond(), 'c', 60, at(6.5)).exceedsOperationEnd).toBe(false);
  });
});
