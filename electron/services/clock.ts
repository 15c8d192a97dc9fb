/**
 * This installation's hybrid logical clock. Kept in memory and persisted in `meta` with every
 * tick, so a restart never issues a timestamp at or below one already written.
 */
import { decodeHlc, encodeHlc, receiveHlc, tickHlc, type Hlc } from '../../shared/sync/hlc.js';
import type { Db } from '../db/connection.js';
import { getMeta, setMeta } from '../db/repos/meta.repo.js';

const META_KEY = 'hlc_last';

export class SiteClock {
  private last: Hlc;

  constructor(
    private readonly db: Db,
    readonly siteId: string,
    private readonly nowMs: () => number = Date.now,
  ) {
    const stored = getMeta(db, META_KEY);
    this.last = stored ? { ...decodeHlc(stored), siteId } : { wallMs: 0, counter: 0, siteId };
  }

  /** A fresh timestamp for a local event. */
  tick(): string {
    this.last = tickHlc(this.last, this.nowMs());
    const s = encodeHlc(this.last);
    setMeta(this.db, META_KEY, s);
    return s;
  }

  /** Observe a remote timestamp (sync import), so later local edits order after it. */
  observe(remote: string): void {
    this.last = receiveHlc(this.last, decodeHlc(remote), this.nowMs());
    setMeta(this.db, META_KEY, encodeHlc(this.last));
  }

  current(): string {
    return encodeHlc(this.last);
  }
}
