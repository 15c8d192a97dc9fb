import { describe, expect, it } from 'vitest';
import { nextForwardStatus, tasksLeftOpenBy } from '../../../shared/domain/lifecycle.js';

describe('lifecycle helpers the status dialog uses', () => {
  it('the next step forward from each status, none after the end or from an aborted one', () => {
    expect((['draft', 'planned', 'approved', 'briefed', 'active', 'completed', 'aborted'] as const).map(nextForwardStatus))
      .toEqual(['planned', 'approved', 'briefed', 'active', 'completed', null, null]);
  });

  it('completing leaves open what is neither done nor cancelled; no other move does', () => {
    const tasks = (['todo', 'in_progress', 'blocked', 'done', 'cancelled'] as const).map((status, i) => ({ id: String(i), status }));
    expect(tasksLeftOpenBy('completed', tasks).map((t) => t.status)).toEqual(['todo', 'in_progress', 'blocked']);
    expect(tasksLeftOpenBy('aborted', tasks)).toEqual([]);
    expect(tasksLeftOpenBy('active', tasks)).toEqual([]);
  });
});
