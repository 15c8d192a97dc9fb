/**
 * Message catalogs. Each feature owns one module in ./messages that defines its Ukrainian and
 * English strings together; `defineMessages` makes a key present in one language and missing
 * in the other a compile error. Parameters are `{name}` placeholders.
 */
export type Lang = 'uk' | 'en';
export const LANGS: readonly Lang[] = ['uk', 'en'];

export type MessageTable<K extends string> = Readonly<Record<K, string>>;

export function defineMessages<K extends string>(m: { uk: MessageTable<K>; en: MessageTable<K> }) {
  return m;
}

const pluralRules = new Map<string, Intl.PluralRules>();

function pluralCategory(lang: string, n: number): string {
  let r = pluralRules.get(lang);
  if (!r) {
    r = new Intl.PluralRules(lang);
    pluralRules.set(lang, r);
  }
  return r.select(n);
}

/**
 * `{name}` placeholders, and plural forms chosen by the language's own rules (Intl.PluralRules):
 * `{count, plural, one {# запис} few {# записи} many {# записів} other {# запису}}`, where `#` is
 * the number. Ukrainian has four forms (1, 2–4, 5–20, fractions), English two: a catalog line
 * never writes «32 записів» or «файл(ів)». A missing category falls back to `other`.
 */
export function format(template: string, params?: Readonly<Record<string, string | number>>, lang: Lang = 'uk'): string {
  if (!params) return template;
  let out = template;
  if (out.includes(', plural,')) out = expandPlurals(out, params, lang);
  return out.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

function expandPlurals(template: string, params: Readonly<Record<string, string | number>>, lang: Lang): string {
  let out = '';
  let i = 0;
  for (;;) {
    const start = template.indexOf('{', i);
    const m = start < 0 ? null : /^\{(\w+), plural,/.exec(template.slice(start));
    if (start < 0) return out + template.slice(i);
    if (!m) {
      out += template.slice(i, start + 1);
      i = start + 1;
      continue;
    }
    // The forms: `cat {text}` pairs up to the closing brace of the whole placeholder.
    const forms = new Map<string, string>();
    let j = start + m[0].length;
    for (;;) {
      while (template[j] === ' ') j++;
      if (template[j] === '}' || j >= template.length) break;
      const cat = /^[=\w]+/.exec(template.slice(j))?.[0] ?? '';
      j += cat.length;
      while (template[j] === ' ') j++;
      if (template[j] !== '{') break;
      let depth = 0;
      let k = j;
      for (; k < template.length; k++) {
        if (template[k] === '{') depth++;
        else if (template[k] === '}' && --depth === 0) break;
      }
      forms.set(cat, template.slice(j + 1, k));
      j = k + 1;
    }
    const value = params[m[1]!];
    const n = typeof value === 'number' ? value : Number(value);
    const text = forms.get(`=${n}`) ?? forms.get(pluralCategory(lang, n)) ?? forms.get('other') ?? '';
    out += template.slice(i, start) + text.replace(/#/g, String(value ?? ''));
    i = j + 1;
  }
}
