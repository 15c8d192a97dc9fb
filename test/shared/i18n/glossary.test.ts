/**
 * One term per concept (shared/i18n/glossary.ts): no catalog, template or seed record uses a
 * banned synonym. Fails naming the key, the text and the concept, so the fix is obvious.
 */
import { describe, expect, it } from 'vitest';
import { SEED_AGENCIES } from '../../../shared/domain/agencies-seed.js';
import { GLOSSARY, bannedTermsIn } from '../../../shared/i18n/glossary.js';
import { catalogEntries } from '../../../shared/i18n/index.js';
import { OPERATION_TEMPLATES } from '../../../shared/planning/templates.js';

/** Every [uk, en] pair in a template, found by walking it (titles, checklists, names, bases). */
function templatePairs(value: unknown, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) {
    if (value.length === 2 && value.every((v) => typeof v === 'string') && /\p{Script=Cyrillic}/u.test(value[0] as string)) {
      out.push([value[0] as string, value[1] as string]);
      return out;
    }
    for (const v of value) templatePairs(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) templatePairs(v, out);
  }
  return out;
}

function findings(texts: readonly [string, string][], lang: 'uk' | 'en'): string[] {
  return texts.flatMap(([where, text]) => bannedTermsIn(text, lang).map((f) => `${where}: «${text}» uses «${f.match}» (${f.concept})`));
}

describe('glossary', () => {
  it('knows what it bans: each banned pattern matches an example of the old wording', () => {
    const examples: [string, 'uk' | 'en'][] = [
      ['Головний орган', 'uk'], ['Керівний орган', 'uk'], ['Чек-лист', 'uk'], ['Стан', 'uk'], ['Наслідки', 'uk'],
      ['Предмет', 'uk'], ['Командний пункт', 'uk'], ['Спільно заблоковано', 'uk'], ['Виїмка', 'uk'],
      ['Провідний орган — DMS', 'uk'], ['ДСК', 'uk'], ['ч. 2 ст. 558 Митного кодексу', 'uk'],
      ['Bureau of Economic Security', 'en'], ['Fish protection bodies', 'en'], ['State', 'en'], ['Art. 558 §2', 'en'],
    ];
    for (const [text, lang] of examples) expect(bannedTermsIn(text, lang), text).not.toEqual([]);
    // Near misses: the preferred terms and words that merely contain a banned stem.
    for (const text of ['Провідний орган', 'Контрольний перелік', 'Статус', 'Вплив', 'Тема', 'Пункт управління',
      'Спільне навчання', 'Спільного', 'ДМС, НПУ, прокуратура', 'п. 2 узагальнення ст. 558 МК України']) {
      expect(bannedTermsIn(text, 'uk'), text).toEqual([]);
    }
    expect(GLOSSARY.every((g) => g.note.length > 0)).toBe(true);
  });

  it('no catalog string uses a banned synonym (uk and en)', () => {
    expect(findings(catalogEntries('uk'), 'uk')).toEqual([]);
    expect(findings(catalogEntries('en'), 'en')).toEqual([]);
  });

  it('templates and reference agencies use the glossary terms too', () => {
    const pairs = OPERATION_TEMPLATES.flatMap((tpl) => templatePairs(tpl).map(([uk, en]) => [tpl.id, uk, en] as const));
    expect(pairs.length).toBeGreaterThan(50);
    expect(findings(pairs.map(([id, uk]) => [id, uk]), 'uk')).toEqual([]);
    expect(findings(pairs.map(([id, , en]) => [id, en]), 'en')).toEqual([]);
    expect(findings(SEED_AGENCIES.map((a) => [a.id, a.nameUk]), 'uk')).toEqual([]);
    expect(findings(SEED_AGENCIES.map((a) => [a.id, a.nameEn]), 'en')).toEqual([]);
  });
});
