import { describe, expect, it } from 'vitest';
import { calendarStartDate } from '../../../shared/planning/calendar-start.js';

const now = new Date('2026-12-07T09:00:00Z');
const op = (startsAt: string, endsAt: string, status = 'planned') => ({ startsAt, endsAt, status });

describe('where the calendar opens', () => {
  it('on the next operation to come, not on an empty today', () => {
    expect(calendarStartDate([op('2026-12-21T06:00:00Z', '2026-12-22T18:00:00Z'), op('2027-01-10T06:00:00Z', '2027-01-11T06:00:00Z')], now).toISOString())
      .toBe('2026-12-21T06:00:00.000Z');
  });

  it('today when one is running now, or when nothing is to come; finished and aborted ones do not count', () => {
    expect(calendarStartDate([op('2026-12-06T06:00:00Z', '2026-12-08T18:00:00Z'), op('2026-12-21T06:00:00Z', '2026-12-22T18:00:00Z')], now)).toEqual(now);
    expect(calendarStartDate([op('2026-11-01T06:00:00Z', '2026-11-02T06:00:00Z')], now)).toEqual(now);
    expect(calendarStartDate([op('2026-12-10T06:00:00Z', '2026-12-11T06:00:00Z', 'aborted')], now)).toEqual(now);
    expect(calendarStartDate([], now)).toEqual(now);
  });
});
