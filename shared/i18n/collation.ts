/**
 * Alphabetical order is Ukrainian order: А Б В Г Ґ Д Е Є Ж З И І Ї Й …, letters before their
 * case (абрамов before Андрієнко), numbers by value («Фаза 2» before «Фаза 10»). Plain string
 * comparison (and SQLite's BINARY collation) put Є, І, Ї before А, Ґ after Я and every lowercase
 * name after every uppercase one. Latin names sort among themselves the same way. Statuses are
 * not words: they sort in lifecycle order (shared/domain/lifecycle.ts).
 */
const collator = new Intl.Collator('uk', { numeric: true, sensitivity: 'variant', caseFirst: 'upper' });

/** Compares two names in Ukrainian order; never 0 for different strings (stable lists). */
export function compareText(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A copy sorted by the text `key` gives, in Ukrainian order. */
export function sortByText<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((x, y) => compareText(key(x), key(y)));
}
