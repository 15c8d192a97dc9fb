import { describe, expect, it } from 'vitest';
import { formatDuration, spansDays, zoneLabel, zonedFormat } from '../../../shared/i18n/time-format.js';

describe('the time policy', () => {
  it('says durations in hours and minutes, days from two days on', () => {
    expect(formatDuration(1380, 'uk')).toBe('23 год');
    expect(formatDuration(80, 'uk')).toBe('1 год 20 хв');
    expect(formatDuration(45, 'uk')).toBe('45 хв');
    expect(formatDuration(0, 'en')).toBe('0 min');
    expect(formatDuration(3 * 1440 + 240, 'uk')).toBe('3 дн 4 год');
    expect(formatDuration(-90, 'en')).toBe('−1 h 30 min');
  });

  it('shows an operation time on its own clock, 24-hour in both languages, whatever the host zone', () => {
    const kyiv = zonedFormat('uk', 'Europe/Kyiv');
    // 04:00 UTC is 06:00 in Kyiv in winter.
    expect(kyiv.time('2027-02-01T04:00:00Z')).toBe('06:00');
    expect(kyiv.at('2027-02-01T20:30:00Z')).toMatch(/^1 лют\. 2027 р\., 22:30$/);
    expect(zonedFormat('en', 'Europe/Kyiv').time('2027-02-01T13:00:00Z')).toBe('15:00');
    expect(zonedFormat('en', 'Europe/Warsaw').time('2027-02-01T13:00:00Z')).toBe('14:00');
    expect(kyiv.atLabelled('2027-02-01T04:00:00Z')).toMatch(/06:00 \(за київським часом\)$/);
  });

  it('names the clock', () => {
    expect(zoneLabel('Europe/Kyiv', 'uk')).toBe('за київським часом');
    expect(zoneLabel('Europe/Kyiv', 'en')).toBe('Kyiv time');
    expect(zoneLabel('UTC', 'uk')).toBe('UTC');
    expect(zoneLabel('Europe/Warsaw', 'en', '2027-02-01T00:00:00Z')).toBe('Warsaw time (UTC+1)');
    expect(zoneLabel('Europe/Warsaw', 'uk', '2027-07-01T00:00:00Z')).toBe('за часом Warsaw (UTC+2)');
  });

  it('writes both dates of a window that crosses midnight on the operation clock', () => {
    const f = zonedFormat('uk', 'Europe/Kyiv');
    expect(f.range('2027-02-01T04:00:00Z', '2027-02-01T06:30:00Z')).toBe('1 лют., 06:00–08:30');
    expect(f.range('2027-02-01T20:00:00Z', '2027-02-02T02:00:00Z')).toBe('1 лют., 22:00 – 2 лют., 04:00');
    expect(f.range('2027-02-01T20:00:00Z', '2027-02-02T02:00:00Z', { year: true })).toBe('1 лют. 2027 р., 22:00 – 2 лют., 04:00');
    // 21:30 UTC on 1 Feb is already 2 Feb in Kyiv: one day there.
    expect(spansDays('2027-02-01T22:30:00Z', '2027-02-02T03:00:00Z', 'Europe/Kyiv')).toBe(false);
    expect(spansDays('2027-02-01T20:00:00Z', '2027-02-02T03:00:00Z', 'Europe/Kyiv')).toBe(true);
  });
});
