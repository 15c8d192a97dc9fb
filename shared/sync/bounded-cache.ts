/**
 * A lookup cache that forgets everything once it holds `limit` entries. Sync keeps what it
 * looks up per row (owners, rows known to exist) in these, so an import's memory does not grow
 * with the bundle: a forgotten entry only costs the query it had saved.
 */
export class BoundedCache<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.limit && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}
