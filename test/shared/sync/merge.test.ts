import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChangeRecord, SyncedEntity } from '../../../shared/sync/change.js';
import { encodeHlc } from '../../../shared/sync/hlc.js';
import {
  dominates, mergeAll, mergeRow, mergeVectors, unionChanges, versionVector,
} from '../../../shared/sync/merge.js';

const SITES = ['siteA', 'siteB', 'siteC'];
const h = (wallMs: number, siteId: string, counter = 0) => encodeHlc({ wallMs, counter, siteId });
const ch = (
  hlc: string, entity: SyncedEntity, rowId: string, field: string, value: unknown, operationId: string | null = 'op1',
): ChangeRecord => ({ hlc, siteId: hlc.split('-')[2]!, entity, rowId, field, value: JSON.stringify(value), operationId });

/** Random changes over a few rows and fields, including critical fields with bases, status with
 *  reopens, memberships with removes, tombstones and notes. */
const arbChange: fc.Arbitrary<ChangeRecord[]> = fc
  .record({
    wall: fc.integer({ min: 1, max: 40 }),
    site: fc.constantFrom(...SITES),
    kind: fc.constantFrom('field', 'critical', 'status', 'member', 'delete', 'note'),
    row: fc.constantFrom('r1', 'r2'),
    value: fc.constantFrom('a', 'b', 'c'),
    base: fc.integer({ min: 0, max: 40 }),
    flag: fc.boolean(),
  })
  .map(({ wall, site, kind, row, value, base, flag }) => {
    const hlc = h(wall, site);
    const baseHlc = base === 0 ? null : h(base, SITES[base % 3]!);
    switch (kind) {
      case 'field': return [ch(hlc, 'task', row, 'title', value)];
      case 'critical':
        return [ch(hlc, 'task', row, 'startsAt', value), ch(hlc, 'task', row, '_base', { startsAt: baseHlc })];
      case 'status': {
        const s = ['draft', 'planned', 'approved', 'briefed', 'aborted'][wall % 5];
        const out = [ch(hlc, 'operation', 'op1', 'status', s)];
        if (flag) out.push(ch(hlc, 'operation', 'op1', '_reopen', { from: 'approved', reason: 'r' }));
        return out;
      }
      case 'member':
        return flag
          ? [ch(hlc, 'operation_agency', `op1:${value}`, '_member', true)]
          : [ch(hlc, 'operation_agency', `op1:${value}`, '_member', false),
            ch(hlc, 'operation_agency', `op1:${value}`, '_base', { _member: baseHlc })];
      case 'delete': return [ch(hlc, 'task', row, '_deleted', flag)];
      default: return [ch(hlc, 'operation_note', row, 'body', value)];
    }
  });
const arbSet = fc.array(arbChange, { maxLength: 25 }).map((xs) => xs.flat());

const project = (cs: readonly ChangeRecord[]) => JSON.stringify(mergeAll(unionChanges(cs)));

describe('merge is a join over change sets', () => {
  it('is commutative', () => {
    fc.assert(fc.property(arbSet, arbSet, (a, b) => project([...a, ...b]) === project([...b, ...a])), { numRuns: 300 });
  });

  it('is associative', () => {
    fc.assert(fc.property(arbSet, arbSet, arbSet, (a, b, c) => {
      const left = unionChanges(unionChanges(a, b), c);
      const right = unionChanges(a, unionChanges(b, c));
      return JSON.stringify(left) === JSON.stringify(right) && project(left) === project(right);
    }), { numRuns: 200 });
  });

  it('is idempotent', () => {
    fc.assert(fc.property(arbSet, (a) => project(unionChanges(a, a)) === project(a) && project([...a, ...a]) === project(a)), { numRuns: 200 });
  });

  it('three replicas converge under shuffled, duplicated and partial delivery', () => {
    fc.assert(fc.property(
      fc.tuple(arbSet, arbSet, arbSet),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 100 })), { maxLength: 12 }),
      fc.func(fc.integer()),
      ([a, b, c], deliveries, order) => {
        const replicas = [a, b, c].map((s) => [...s]);
        // Partial, duplicated deliveries: a random slice of one replica's set goes to another.
        for (const [from, to, pct] of deliveries) {
          const src = replicas[from]!;
          replicas[to]!.push(...src.slice(0, Math.floor((src.length * pct) / 100)));
        }
        // Final anti-entropy round, each replica receiving the others in a shuffled order.
        const all = replicas.flat();
        const shuffled = replicas.map((r, i) => [...r, ...[...all].sort((x, y) => order(x.hlc + i) - order(y.hlc + i))]);
        const states = shuffled.map(project);
        return states[0] === states[1] && states[1] === states[2];
      },
    ), { numRuns: 200 });
  });
});

describe('merge policies', () => {
  it('ordinary fields: last writer wins, ties by site id', () => {
    const row = mergeRow('task', 't', [ch(h(5, 'siteB'), 'task', 't', 'title', 'B'), ch(h(5, 'siteA'), 'task', 't', 'title', 'A')]);
    expect(JSON.parse(row.fields.title!.value)).toBe('B');
    expect(row.conflicts).toEqual([]);
  });

  it('critical fields: concurrent different values go to the inbox, winner shown; a pick resolves', () => {
    const create = ch(h(1, 'siteA'), 'task', 't', 'startsAt', 'T0');
    const a = [ch(h(5, 'siteA'), 'task', 't', 'startsAt', 'TA'), ch(h(5, 'siteA'), 'task', 't', '_base', { startsAt: create.hlc })];
    const b = [ch(h(6, 'siteB'), 'task', 't', 'startsAt', 'TB'), ch(h(6, 'siteB'), 'task', 't', '_base', { startsAt: create.hlc })];
    const row = mergeRow('task', 't', [create, ...a, ...b]);
    expect(JSON.parse(row.fields.startsAt!.value)).toBe('TB');
    expect(row.conflicts).toHaveLength(1);
    expect(row.conflicts[0]!.candidates.map((c) => [c.siteId, JSON.parse(c.value)])).toEqual([['siteB', 'TB'], ['siteA', 'TA']]);
    const pick = [ch(h(7, 'siteC'), 'task', 't', 'startsAt', 'TA'), ch(h(7, 'siteC'), 'task', 't', '_base', { startsAt: b[0]!.hlc })];
    const resolved = mergeRow('task', 't', [create, ...a, ...b, ...pick]);
    expect(JSON.parse(resolved.fields.startsAt!.value)).toBe('TA');
    expect(resolved.conflicts).toEqual([]);
  });

  it('critical fields: a later edit that had seen the earlier one is no conflict', () => {
    const a = [ch(h(5, 'siteA'), 'task', 't', 'startsAt', 'TA')];
    const b = [ch(h(6, 'siteB'), 'task', 't', 'startsAt', 'TB'), ch(h(6, 'siteB'), 'task', 't', '_base', { startsAt: a[0]!.hlc })];
    expect(mergeRow('task', 't', [...a, ...b]).conflicts).toEqual([]);
  });

  it('status only moves forward unless a reopen says so', () => {
    const s = (w: number, site: string, v: string) => ch(h(w, site), 'operation', 'op1', 'status', v);
    const stale = mergeRow('operation', 'op1', [s(1, 'siteA', 'draft'), s(3, 'siteA', 'approved'), s(4, 'siteB', 'planned')]);
    expect(JSON.parse(stale.fields.status!.value)).toBe('approved');
    const reopened = mergeRow('operation', 'op1', [
      s(1, 'siteA', 'draft'), s(3, 'siteA', 'approved'), s(4, 'siteB', 'planned'),
      ch(h(4, 'siteB'), 'operation', 'op1', '_reopen', { from: 'approved', reason: 'нові дані' }),
    ]);
    expect(JSON.parse(reopened.fields.status!.value)).toBe('planned');
  });

  it('sets are add-wins: a remove does not cancel an add it had not seen', () => {
    const add1 = ch(h(1, 'siteA'), 'operation_agency', 'op1:SBU', '_member', true);
    const add2 = ch(h(3, 'siteB'), 'operation_agency', 'op1:SBU', '_member', true);
    const rem = [ch(h(4, 'siteA'), 'operation_agency', 'op1:SBU', '_member', false),
      ch(h(4, 'siteA'), 'operation_agency', 'op1:SBU', '_base', { _member: add1.hlc })];
    expect(mergeRow('operation_agency', 'op1:SBU', [add1, add2, ...rem]).member).toBe(true);
    expect(mergeRow('operation_agency', 'op1:SBU', [add1, ...rem]).member).toBe(false);
  });

  it('notes are append-only: the first value stands', () => {
    const row = mergeRow('operation_note', 'n', [ch(h(2, 'siteB'), 'operation_note', 'n', 'body', 'змінено'), ch(h(1, 'siteA'), 'operation_note', 'n', 'body', 'оригінал')]);
    expect(JSON.parse(row.fields.body!.value)).toBe('оригінал');
  });

  it('exchange: once sent stays sent', () => {
    const row = mergeRow('exchange', 'e', [ch(h(1, 'siteA'), 'exchange', 'e', 'sentAt', '2026-01-01T00:00:00.000Z'), ch(h(2, 'siteB'), 'exchange', 'e', 'sentAt', null)]);
    expect(JSON.parse(row.fields.sentAt!.value)).toBe('2026-01-01T00:00:00.000Z');
  });

  it('a delete concurrent with an edit goes to the inbox; the tombstone stands', () => {
    const row = mergeRow('task', 't', [ch(h(1, 'siteA'), 'task', 't', 'title', 'x'), ch(h(3, 'siteA'), 'task', 't', '_deleted', true), ch(h(4, 'siteB'), 'task', 't', 'title', 'y')]);
    expect(row.deleted).toBe(true);
    expect(row.conflicts.map((c) => c.kind)).toEqual(['delete_vs_edit']);
    const kept = mergeRow('task', 't', [ch(h(1, 'siteA'), 'task', 't', 'title', 'x'), ch(h(3, 'siteA'), 'task', 't', '_deleted', true), ch(h(4, 'siteB'), 'task', 't', 'title', 'y'), ch(h(5, 'siteC'), 'task', 't', '_deleted', true)]);
    expect(kept.conflicts).toEqual([]);
  });

  it('version vectors merge and compare per site', () => {
    const v1 = versionVector([{ siteId: 'a', hlc: h(2, 'a') }, { siteId: 'b', hlc: h(1, 'b') }]);
    const v2 = versionVector([{ siteId: 'b', hlc: h(3, 'b') }]);
    const m = mergeVectors(v1, v2);
    expect(m).toEqual({ a: h(2, 'a'), b: h(3, 'b') });
    expect(dominates(m, v1) && dominates(m, v2)).toBe(true);
    expect(dominates(v1, v2)).toBe(false);
  });
});
