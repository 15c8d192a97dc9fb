import { describe, expect, it } from 'vitest';
import { dayIn, exportFileName } from '../../../shared/domain/export-names.js';

describe('export file names', () => {
  const base = { codeName: 'Янтар', agencyCode: 'NPU', at: new Date('2026-12-07T09:00:00Z'), timeZone: 'Europe/Kyiv', kind: 'briefing', ext: 'pdf' };

  it('carry the transliterated code name, the agency and the day', () => {
    expect(exportFileName(base)).toBe('Yantar-NPU-2026-12-07-briefing.pdf');
    expect(exportFileName({ ...base, codeName: 'ЯНТАРНИЙ ШЛЯХ', details: ['copy2', 'uk'] })).toBe('YANTARNYI-SHLIAKH-NPU-2026-12-07-briefing-copy2-uk.pdf');
    expect(exportFileName({ ...base, codeName: 'Згорани', agencyCode: null, kind: 'pack', ext: 'tar.age' })).toBe('Zghorany-2026-12-07-pack.tar.age');
  });

  it('take the day in the operation\'s zone, not UTC', () => {
    const lateUtc = new Date('2026-12-06T22:30:00Z');
    expect(dayIn(lateUtc, 'Europe/Kyiv')).toBe('2026-12-07');
    expect(dayIn(lateUtc, 'UTC')).toBe('2026-12-06');
    expect(exportFileName({ ...base, at: lateUtc })).toBe('Yantar-NPU-2026-12-07-briefing.pdf');
  });

  it('stay safe for any file system and tar whatever the code name holds', () => {
    const name = exportFileName({ ...base, codeName: '«Шлях/..\\ Ї» №5: "тест"?', details: ['Гнатюк Василь Степанович'] });
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(name).toBe('Shliakh-..-Yi-No5-test-NPU-2026-12-07-briefing-Hnatiuk-Vasyl-Stepanovych.pdf');
    expect(exportFileName({ ...base, codeName: '«»' })).toBe('operation-NPU-2026-12-07-briefing.pdf');
    expect(exportFileName({ ...base, codeName: 'Щ'.repeat(200), details: ['copy12', 'uk'] }).length).toBeLessThan(100);
  });
});
