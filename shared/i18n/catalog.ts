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

export function format(template: string, params?: Readonly<Record<string, string | number>>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
