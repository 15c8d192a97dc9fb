/**
 * One term per concept. A planner who reads «провідний орган» on one screen and «головний орган»
 * on the next must wonder whether they are two things; a practitioner reviewing the pack stops
 * trusting it. Each concept names the term the catalogs use in each language and the synonyms
 * they must not use; `test/shared/i18n/glossary.test.ts` scans every catalog (and the templates
 * and seed data) for the banned forms.
 *
 * Patterns are matched against whole catalog strings with the `u` flag; Cyrillic has no `\b`,
 * so word edges are spelled out with `W` (not a letter or apostrophe).
 */

/** Not a letter, digit or apostrophe: the edge of a word in either script. */
const W = "[^\\p{L}\\p{N}'’]";
const word = (stem: string, flags = 'u') => new RegExp(`(^|${W})${stem}`, flags);

export interface GlossaryTerm {
  /** What the term means, in English. */
  readonly concept: string;
  readonly uk: string;
  readonly en: string;
  /** Forms the Ukrainian catalogs must not use for this concept. */
  readonly bannedUk: readonly RegExp[];
  /** Forms the English catalogs must not use for this concept. */
  readonly bannedEn: readonly RegExp[];
  /** Why this term, where it comes from. */
  readonly note: string;
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  {
    concept: 'the agency that leads the operation',
    uk: 'провідний орган', en: 'lead agency',
    bannedUk: [word('[Гг]оловн(ий|ого|ому|им) орган'), word('[Кк]ерівн(ий|ого|ому|им) орган'), /^головний$/u],
    bannedEn: [/\bleading agency\b/i, /\bmain agency\b/i, /\bhead agency\b/i],
    note: 'Three catalogs used Провідний / Головний / Керівний (issue 16).',
  },
  {
    concept: 'the list of items to tick off on a task',
    uk: 'контрольний перелік', en: 'checklist',
    bannedUk: [/чек-?лист/iu],
    bannedEn: [/\bcheck list\b/i],
    note: 'Чек-лист is a loanword; official documents use «контрольний перелік».',
  },
  {
    concept: 'where an operation, task or exchange entry stands in its lifecycle',
    uk: 'статус', en: 'status',
    bannedUk: [/^Стан$/u],
    bannedEn: [/^State$/],
    note: 'Статус and Стан named the same lifecycle field.',
  },
  {
    concept: 'how bad it is if a risk happens; what a slip does to the plan',
    uk: 'вплив', en: 'impact',
    bannedUk: [word('[Нн]аслідк')],
    bannedEn: [/\bconsequences?\b/i],
    note: 'Risk tables say «імовірність» and «вплив».',
  },
  {
    concept: 'the subject line of an exchange entry or notification',
    uk: 'тема', en: 'subject',
    bannedUk: [/^Предмет$/u],
    bannedEn: [/^Topic$/],
    note: 'Тема and Предмет named the same column.',
  },
  {
    concept: 'the place the operation is commanded from',
    uk: 'пункт управління', en: 'command post',
    bannedUk: [word('[Кк]омандн\\p{L}* пункт')],
    bannedEn: [/\bcontrol point\b/i],
    note: 'Командний пункт / Пункт управління named the same field.',
  },
  {
    concept: 'the product name',
    uk: 'Spilno', en: 'Spilno',
    bannedUk: [word('Спільно(?![\\p{L}])')],
    bannedEn: [],
    note: '«Спільно заблоковано» reads as "blocked jointly"; the name stays Spilno in both languages.',
  },
  {
    concept: 'taking things or documents in criminal proceedings',
    uk: 'тимчасовий доступ / вилучення', en: 'temporary access / seizure',
    bannedUk: [word('[Вв]иїмк')],
    bannedEn: [],
    note: '«Виїмка» is the term of the 1960 Code; the current КПК speaks of temporary access to things and documents and of seizure.',
  },
  {
    concept: 'agencies named in Ukrainian text',
    uk: 'ДМС, НПУ, СБУ, ДПСУ, БЕБ, прокуратура', en: 'SCS, NPU, SBU, SBGS, ESBU, prosecutor’s office',
    bannedUk: [/(^|[^A-Z])(DMS|NPU|SBU|DPSU|OGP|BEB|NABU|DBR)(?![A-Z])/u],
    bannedEn: [/\bOGP\b/],
    note: 'Latin codes are identifiers, not words of Ukrainian text; «OGP» stood for every prosecutor’s office.',
  },
  {
    concept: 'official English names of Ukrainian bodies',
    uk: '', en: 'Economic Security Bureau of Ukraine; fisheries protection',
    bannedUk: [],
    bannedEn: [/Bureau of Economic Security/i, /\bfish protection\b/i],
    note: 'The bodies’ own English names.',
  },
  {
    concept: 'a clearance for classified information (допуск)',
    uk: 'допуск (форма 1, 2, 3)', en: 'clearance (form 1, 2, 3)',
    bannedUk: [/^ДСК$/u],
    bannedEn: [],
    note: '«ДСК» is a marking of documents, not a clearance a person holds.',
  },
  {
    concept: 'Article 558 of the Customs Code, summarised',
    uk: 'ст. 558 МК України (п. N узагальнення статті)', en: 'Customs Code Art. 558',
    bannedUk: [/ч\.\s*\d+\s*ст\.\s*558/u],
    bannedEn: [/Art\. 558 §\d/],
    note: 'The six items are the article’s summary, not its part numbers: no «ч. N» or «§N» unless checked against the Code.',
  },
];

/** Every banned form found in `text` for `lang`, with the concept it belongs to. */
export function bannedTermsIn(text: string, lang: 'uk' | 'en'): { concept: string; match: string }[] {
  const out: { concept: string; match: string }[] = [];
  for (const term of GLOSSARY) {
    for (const re of lang === 'uk' ? term.bannedUk : term.bannedEn) {
      const m = re.exec(text);
      if (m) out.push({ concept: term.concept, match: m[0].trim() });
    }
  }
  return out;
}
