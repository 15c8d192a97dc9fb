/**
 * Work a service does between calls, ahead of being asked (the core's background work,
 * core/background.ts): a build in slices that yields to waiting calls between them, and keeps
 * nothing that was read across a write, an open transaction, a lock or the core's close.
 */
import type { ServiceContext } from './context.js';

/** What a build between calls came to: `built` and kept; `current`, what was kept still holds;
 *  `stale`, the data moved under it (nothing kept, to be tried again later); `unavailable`, the
 *  store cannot be read now (locked, closed, or the core stopping). */
export type WarmResult = 'built' | 'current' | 'stale' | 'unavailable';

export interface BetweenCalls {
  /** Whether what was read so far may still be kept: the same store, open, unlocked, no
   *  transaction open (its rows may yet roll back), and the caller not stopping. */
  usable: () => boolean;
  /** Lets the calls that came meanwhile run before the next slice. */
  yieldToCalls: () => Promise<void>;
}

export function betweenCalls(ctx: ServiceContext, stopped: () => boolean): BetweenCalls {
  const db = ctx.db;
  return {
    usable: () => !stopped() && ctx.db === db && db.open && !db.inTransaction && ctx.durability.blockedBy !== 'locked',
    yieldToCalls: () => new Promise<void>((resolve) => setImmediate(resolve)),
  };
}
