import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineMeters } from '../../../shared/scheduling/deconfliction.js';
import { formatDegrees, parseCoordinate, toMgrs } from '../../../shared/geo/mgrs.js';

describe('coordinates as text', () => {
  it('MGRS at 1 m reads back within about a metre anywhere in its band', () => {
    fc.assert(fc.property(fc.double({ min: -79.9, max: 83.9, noNaN: true }), fc.double({ min: -179.9, max: 179.9, noNaN: true }), (lat, lon) => {
      const text = toMgrs(lat, lon);
      expect(text).toMatch(/^\d{1,2}[C-X][A-Z]{2} \d{5} \d{5}$/);
      const back = parseCoordinate(text)!;
      expect(haversineMeters(back, { lat, lon })).toBeLessThan(1.5);
    }), { numRuns: 300 });
  });

  it('the demo\'s border crossing point, and the edges of MGRS', () => {
    expect(toMgrs(51.1826, 23.8089)).toBe('34UFB 96307 73881');
    expect(toMgrs(85, 10)).toBe('');
    expect(toMgrs(Number.NaN, 10)).toBe('');
  });

  it('reads degrees (latitude first) and MGRS with or without spaces; refuses the rest', () => {
    expect(parseCoordinate('51.1826, 23.8089')).toEqual({ lat: 51.1826, lon: 23.8089 });
    expect(parseCoordinate(' -33.5;151 ')).toEqual({ lat: -33.5, lon: 151 });
    expect(parseCoordinate('34UFB9630773881')).toEqual(parseCoordinate('34UFB 96307 73881'));
    for (const bad of ['', '51,1826 23,8089', '91, 0', '0, 181', 'abc', '34UFB 963 7388', '34IFB 96307 73881', 'x'.repeat(100)]) {
      expect(parseCoordinate(bad), bad).toBeNull();
    }
    expect(formatDegrees(51.1826, 23.8089)).toBe('51.182600, 23.808900');
  });
});
