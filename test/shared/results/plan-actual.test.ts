import { describe, expect, it } from 'vitest';
import { planVsActual, type PlannedTask } from '../../../shared/results/plan-actual.js';

const task = (id: string, startsAt: string, endsAt: string, status: PlannedTask['status'] = 'todo'): PlannedTask => ({
  id, title: id, startsAt, endsAt, status, accountableAgencyId: 'DMS',
});
const T = (h: number, m = 0) => new Date(Date.UTC(2026, 11, 5, h, m)).toISOString();

describe('plan versus actual', () => {
  const tasks = [
    task('a', T(8), T(9)),
    task('b', T(9), T(10)),
    task('c', T(10), T(12)),
    task('d', T(14), T(15)),
    task('e', T(11), T(12), 'cancelled'),
  ];
  const actuals = [
    { id: 'a', startedAt: T(8, 5), finishedAt: T(8, 50) },
    { id: 'b', startedAt: T(9, 40), finishedAt: T(10, 30) },
    { id: 'c', startedAt: T(10), finishedAt: null },
  ];

  it('computes slips and states while the operation runs', () => {
    const r = planVsActual(tasks, actuals, { now: new Date(T(12, 30)), operationOver: false });
    expect(r.tasks.map((t) => [t.taskId, t.state, t.startSlipMinutes, t.finishSlipMinutes])).toEqual([
      ['a', 'finished', 5, -10],
      ['b', 'finished', 40, 30],
      ['c', 'running', 0, null],
      ['e', 'cancelled', null, null],
      ['d', 'not_started', null, null],
    ]);
    expect(r.late).toBe(1);
    expect(r.meanStartSlipMinutes).toBe(15);
    expect(r.maxStartSlipMinutes).toBe(40);
  });

  it('once the operation is over, tasks never started and unfinished ones are named', () => {
    const r = planVsActual(tasks, actuals, { now: new Date(T(12, 30)), operationOver: true });
    expect(r.counts).toEqual({ not_started: 0, never_started: 1, running: 0, unfinished: 1, finished: 2, cancelled: 1 });
    expect(r.tasks.find((t) => t.taskId === 'd')!.state).toBe('never_started');
  });

  it('a task whose planned end has passed without a start is never started even while the operation runs', () => {
    const r = planVsActual([task('x', T(8), T(9))], [], { now: new Date(T(10)), operationOver: false });
    expect(r.tasks[0]!.state).toBe('never_started');
    expect(r.meanStartSlipMinutes).toBeNull();
  });
});
