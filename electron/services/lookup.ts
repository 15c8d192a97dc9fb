/** The records of these ids that exist, each once, in first-seen order (a lookup per id). */
export function existingByIds<T>(ids: Iterable<string>, get: (id: string) => T | null): T[] {
  const out: T[] = [];
  for (const id of new Set(ids)) {
    const v = get(id);
    if (v) out.push(v);
  }
  return out;
}
