import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareHlc, decodeHlc, encodeHlc, receiveHlc, tickHlc, MAX_CLOCK_DRIFT_MS, type Hlc,
} from '../../../shared/sync/hlc.js';

describe('hybrid logical clock', () => {
  it('round-trips through its string form', () => {
    const h: Hlc = { wallMs: 1764000000000, counter: 42, siteId: 'site-a' };
    expect(decodeHlc(encodeHlc(h))).toEqual(h);
    expect(() => decodeHlc('garbage')).toThrow(/Malformed/);
  });

  it('string order equals (wall, counter, site) order', () => {
    const arbH = fc.record({
      wallMs: fc.integer({ min: 0, max: 4e12 }),
      counter: fc.integer({ min: 0, max: 10000 }),
      siteId: fc.constantFrom('a', 'b', 'c1'),
    });
    fc.assert(fc.property(arbH, arbH, (a, b) => {
      const tuple = Math.sign(a.wallMs - b.wallMs) || Math.sign(a.counter - b.counter) || (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0);
      expect(compareHlc(encodeHlc(a), encodeHlc(b))).toBe(tuple);
    }));
  });

  it('is monotonic even when the wall clock goes backwards', () => {
    let h: Hlc = { wallMs: 0, counter: 0, siteId: 's' };
    const seen: string[] = [];
    for (const now of [1000, 1000, 900, 2000, 1500, 1500]) {
      h = tickHlc(h, now);
      seen.push(encodeHlc(h));
    }
    expect([...seen].sort()).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('orders after a received timestamp and refuses a clock too far ahead', () => {
    const local: Hlc = { wallMs: 1000, counter: 0, siteId: 'a' };
    const remote: Hlc = { wallMs: 5000, counter: 3, siteId: 'b' };
    const merged = receiveHlc(local, remote, 2000);
    expect(compareHlc(encodeHlc(merged), encodeHlc(remote))).toBe(1);
    expect(merged).toEqual({ wallMs: 5000, counter: 4, siteId: 'a' });
    expect(() => receiveHlc(local, { ...remote, wallMs: 2000 + MAX_CLOCK_DRIFT_MS + 1 }, 2000)).toThrow(/ahead/);
  });
});
