import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatWallDate, formatWallDateTime, parseWallDate, parseWallDateTime } from '../../../shared/i18n/wall-input.js';

describe('dates and times typed in the app language', () => {
  it('reads each language\'s own pattern, 24-hour, and ISO in both', () => {
    expect(parseWallDateTime('10.12.2026 08:00', 'uk')).toBe('2026-12-10T08:00');
    expect(parseWallDateTime('10/12/2026 20:30', 'en')).toBe('2026-12-10T20:30');
    expect(parseWallDateTime('2026-12-10T08:00', 'uk')).toBe('2026-12-10T08:00');
    expect(parseWallDateTime('2026-12-10 8:05', 'en')).toBe('2026-12-10T08:05');
    expect(parseWallDateTime(' 1.2.2027 0930 ', 'uk')).toBe('2027-02-01T09:30');
    expect(parseWallDate('29.02.2028', 'uk')).toBe('2028-02-29');
  });

  it('refuses what is not a real date or time, and the other language\'s separator', () => {
    for (const [text, lang] of [
      ['31.11.2026 08:00', 'uk'], ['29.02.2027 08:00', 'uk'], ['10.12.2026 24:00', 'uk'], ['10.12.2026 08:60', 'uk'],
      ['10.12.2026', 'uk'], ['10/12/2026 08:00', 'uk'], ['10.12.2026 08:00', 'en'], ['12/08/2026, 08:00 AM', 'en'], ['', 'en'],
    ] as const) expect(parseWallDateTime(text, lang), `${text} (${lang})`).toBeNull();
  });

  it('shows what it reads: format then parse gives the wall time back, in both languages', () => {
    const wall = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 16));
    fc.assert(fc.property(wall, fc.constantFrom('uk' as const, 'en' as const), (w, lang) => {
      expect(parseWallDateTime(formatWallDateTime(w, lang), lang)).toBe(w);
      expect(parseWallDate(formatWallDate(w.slice(0, 10), lang), lang)).toBe(w.slice(0, 10));
    }));
    expect(formatWallDateTime('2026-12-10T08:00', 'uk')).toBe('10.12.2026 08:00');
    expect(formatWallDateTime('2026-12-10T08:00', 'en')).toBe('10/12/2026 08:00');
  });
});
