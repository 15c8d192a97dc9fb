/** Which cached answers a change event makes stale (shared/api/invalidation.ts). */
import { describe, expect, it } from 'vitest';
import type { ChangedEvent } from '../../../shared/api/events.js';
import { isStaleAfter, operationOfQuery } from '../../../shared/api/invalidation.js';

const event = (over: Partial<ChangedEvent>): ChangedEvent => ({
  type: 'changed', source: 'local', entities: [], operations: [], domains: [], all: false, locked: false, seq: 1, ...over,
});

describe('query invalidation by change events', () => {
  it('a task saved in one operation refreshes that operation, lists and conflicts, not another plan', () => {
    const e = event({ entities: ['task'], operations: ['op-a'], domains: ['tasks'] });
    expect(isStaleAfter(['operations', 'getPlan', { id: 'op-a' }], e)).toBe(true);
    expect(isStaleAfter(['operations', 'getPlan', { id: 'op-b' }], e)).toBe(false);
    expect(isStaleAfter(['tasks', 'listByOperation', { operationId: 'op-b' }], e)).toBe(false);
    expect(isStaleAfter(['operations', 'list', {}], e)).toBe(true);
    expect(isStaleAfter(['tasks', 'listInRange', { from: 'a', to: 'b' }], e)).toBe(true);
    // One person double-booked across operations: conflicts of every plan may move.
    expect(isStaleAfter(['conflicts', 'forOperation', { operationId: 'op-b' }], e)).toBe(true);
    expect(isStaleAfter(['audit', 'list', { limit: 200 }], e)).toBe(true);
    expect(isStaleAfter(['security', 'status', {}], e)).toBe(false);
    expect(isStaleAfter(['durability', 'status', {}], e)).toBe(false);
  });

  it('directory rows refresh every plan (plans show names)', () => {
    const e = event({ entities: ['person'], domains: ['directory'] });
    expect(isStaleAfter(['operations', 'getPlan', { id: 'op-b' }], e)).toBe(true);
    expect(isStaleAfter(['directory', 'listPeople', { agencyId: null }], e)).toBe(true);
  });

  it('writes outside the change record refresh their own domain only', () => {
    const e = event({ domains: ['durability'] });
    expect(isStaleAfter(['durability', 'listBackups', {}], e)).toBe(true);
    expect(isStaleAfter(['operations', 'list', {}], e)).toBe(false);
    expect(isStaleAfter(['audit', 'list', {}], e)).toBe(true);
  });

  it('a restore, a lock, an unlock or an unknown external write refreshes everything', () => {
    const e = event({ source: 'store', all: true });
    for (const key of [['security', 'status', {}], ['operations', 'getPlan', { id: 'x' }], ['system', 'info', {}]] as const) {
      expect(isStaleAfter(key, e)).toBe(true);
    }
  });

  it('knows which answers are about one operation', () => {
    expect(operationOfQuery(['operations', 'get', { id: 'x' }])).toBe('x');
    expect(operationOfQuery(['exchange', 'list', { operationId: 'x' }])).toBe('x');
    expect(operationOfQuery(['exchange', 'list', { operationId: null }])).toBeNull();
    expect(operationOfQuery(['exports', 'log', { operationId: 'x', limit: 50 }])).toBe('x');
    expect(operationOfQuery(['conflicts', 'forOperation', { operationId: 'x' }])).toBeNull();
    expect(operationOfQuery(['operations', 'list'])).toBeNull();
  });
});
