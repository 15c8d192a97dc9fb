import { describe, expect, it } from 'vitest';
import { format } from '../../../shared/i18n/catalog.js';
import { catalogEntries, t } from '../../../shared/i18n/index.js';

const RECORDS = '{count, plural, one {# запис} few {# записи} many {# записів} other {# запису}}';

describe('plural forms by the language’s rules', () => {
  it('picks the Ukrainian form for 1, 2–4, 5–20, 21, 32 and fractions', () => {
    const say = (n: number) => format(`Журнал цілий: ${RECORDS}.`, { count: n }, 'uk');
    expect([1, 3, 5, 11, 21, 32, 1.5].map(say)).toEqual([
      'Журнал цілий: 1 запис.', 'Журнал цілий: 3 записи.', 'Журнал цілий: 5 записів.', 'Журнал цілий: 11 записів.',
      'Журнал цілий: 21 запис.', 'Журнал цілий: 32 записи.', 'Журнал цілий: 1.5 запису.',
    ]);
  });

  it('picks the English form, keeps other placeholders, and an exact match wins', () => {
    const tpl = '{n, plural, =0 {no files} one {# file} other {# files}} in {where}';
    expect(format(tpl, { n: 0, where: 'pack' }, 'en')).toBe('no files in pack');
    expect(format(tpl, { n: 1, where: 'pack' }, 'en')).toBe('1 file in pack');
    expect(format(tpl, { n: 7, where: 'pack' }, 'en')).toBe('7 files in pack');
  });

  it('the catalogs use them where they count (no «записів» after 32, no «файл(ів)»)', () => {
    expect(t('uk', 'audit.verify.ok', { count: 32 })).toBe('Журнал цілий: 32 записи.');
    expect(t('uk', 'exports.done', { n: 3 })).toBe('Готово: 3 файли');
    expect(t('en', 'exports.done', { n: 1 })).toBe('Done: 1 file');
    for (const lang of ['uk', 'en'] as const) {
      for (const [key, text] of catalogEntries(lang)) {
        expect(text, key).not.toMatch(/\((ів|и|s|es)\)/u);
      }
    }
  });
});
