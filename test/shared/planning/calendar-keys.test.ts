import { describe, expect, it } from 'vitest';
import { stepForKey, stepWindow } from '../../../shared/planning/calendar-keys.js';

const key = (k: string, mods: Partial<{ shiftKey: boolean; altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) =>
  stepForKey({ key: k, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods });

describe('calendar keyboard steps', () => {
  it('maps arrows to steps and leaves modified keys to the browser', () => {
    expect([key('ArrowUp'), key('ArrowDown'), key('ArrowLeft'), key('ArrowRight')]).toEqual(['earlier', 'later', 'previousDay', 'nextDay']);
    expect([key('ArrowUp', { shiftKey: true }), key('ArrowDown', { shiftKey: true })]).toEqual(['shorter', 'longer']);
    expect([key('ArrowLeft', { altKey: true }), key('ArrowDown', { ctrlKey: true }), key('ArrowUp', { metaKey: true }), key('Enter')])
      .toEqual([null, null, null, null]);
  });

  it('moves by an hour and resizes by an hour, never to no duration', () => {
    const w = { startsAt: '2026-12-05T08:00:00.000Z', endsAt: '2026-12-05T10:00:00.000Z' };
    expect(stepWindow(w, 'later', 'Europe/Kyiv')).toEqual({ startsAt: '2026-12-05T09:00:00.000Z', endsAt: '2026-12-05T11:00:00.000Z' });
    expect(stepWindow(w, 'earlier', 'Europe/Kyiv')).toEqual({ startsAt: '2026-12-05T07:00:00.000Z', endsAt: '2026-12-05T09:00:00.000Z' });
    expect(stepWindow(w, 'longer', 'UTC')).toEqual({ ...w, endsAt: '2026-12-05T11:00:00.000Z' });
    expect(stepWindow(w, 'shorter', 'UTC')).toEqual({ ...w, endsAt: '2026-12-05T09:00:00.000Z' });
    expect(stepWindow({ ...w, endsAt: '2026-12-05T09:00:00.000Z' }, 'shorter', 'UTC')).toBeNull();
  });

  it('keeps the wall-clock time on a day step across a DST change (Kyiv, 25 October 2026)', () => {
    // 06:00 in Kyiv is 03:00Z in summer time and 04:00Z after the clocks go back.
    const w = { startsAt: '2026-10-24T03:00:00.000Z', endsAt: '2026-10-24T05:00:00.000Z' };
    expect(stepWindow(w, 'nextDay', 'Europe/Kyiv')).toEqual({ startsAt: '2026-10-25T04:00:00.000Z', endsAt: '2026-10-25T06:00:00.000Z' });
    expect(stepWindow(stepWindow(w, 'nextDay', 'Europe/Kyiv')!, 'previousDay', 'Europe/Kyiv')).toEqual(w);
    expect(stepWindow(w, 'nextDay', 'UTC')).toEqual({ startsAt: '2026-10-25T03:00:00.000Z', endsAt: '2026-10-25T05:00:00.000Z' });
  });
});
