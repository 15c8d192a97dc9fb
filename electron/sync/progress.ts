/**
 * Progress of long sync calls, readable from another request. The renderer names a fresh id
 * when it starts a bundle export or import and polls `sync.jobProgress` with it; the call itself
 * still answers with its result or typed error, so dispatch, the audit entry and error mapping
 * stay exactly those of any call, over Electron IPC and browser-mode HTTP alike.
 *
 * Policy: a report that starts a new phase returns a promise the bundle code awaits before it
 * goes on; it settles when a poll has read the new phase (or after PHASE_WAIT_MS, which only a
 * caller that names an id and never polls ever waits out; a polling UI waits one poll). The apply
 * transaction is synchronous (better-sqlite3) and answers no poll while it runs, so without
 * this the bar would sit at "decrypting 100 %" for the whole apply. Other reports yield one
 * macrotask, which lets polls through export's otherwise synchronous write loop.
 * A folder run stays in its one phase, so a new step only yields a turn: waiting for a poll at
 * every step would add up to a poll interval per bundle to a run that may carry dozens, and the
 * step's own bundle work reports through the same callback, which lets the polls in meanwhile.
 */
import type { FolderStep, SyncPhase, SyncProgress } from '../../shared/api/sync.js';

export interface Progress {
  readonly phase: SyncPhase;
  readonly done: number;
  readonly total: number;
  /** Only in a folder run: the step under way (a report without one clears it). */
  readonly step?: FolderStep;
}
/** May return a promise; the bundle code awaits it where it can (see the header). */
export type ProgressFn = (p: Progress) => void | Promise<void>;

const PHASE_WAIT_MS = 1000;
/** Finished entries are kept this long for a last poll, then dropped. */
const KEEP_MS = 60_000;
const MAX_ENTRIES = 64;

interface Entry {
  state: SyncProgress;
  finishedAt: number | null;
  /** Settles the wait of a phase that started and has not been read yet. */
  onRead: (() => void) | null;
}

const entries = new Map<string, Entry>();

function prune(now: number): void {
  for (const [id, e] of entries) if (e.finishedAt !== null && now - e.finishedAt > KEEP_MS) entries.delete(id);
  // A client that never polls again must not grow the map: drop the oldest beyond the cap.
  while (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

function reporter(entry: Entry): ProgressFn {
  return (p) => {
    const changed = p.phase !== entry.state.phase;
    const { finished, failed } = entry.state;
    entry.state = { phase: p.phase, done: p.done, total: p.total, finished, failed, ...(p.step ? { step: p.step } : {}) };
    if (!changed) return nextMacrotask();
    entry.onRead?.();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(settle, PHASE_WAIT_MS);
      function settle() {
        clearTimeout(timer);
        if (entry.onRead === settle) entry.onRead = null;
        resolve();
      }
      entry.onRead = settle;
    });
  };
}

/**
 * Runs `call` with a progress callback recorded under `id` (none without an id: the CLI and
 * other callers pass their own). The entry is marked finished, failed or not, when it answers.
 */
export async function withProgress<T>(
  id: string | undefined, first: SyncPhase, call: (onProgress: ProgressFn | undefined) => Promise<T>,
): Promise<T> {
  if (!id) return call(undefined);
  prune(Date.now());
  const entry: Entry = { state: { phase: first, done: 0, total: 0, finished: false, failed: false }, finishedAt: null, onRead: null };
  entries.set(id, entry);
  let failed = true;
  try {
    const result = await call(reporter(entry));
    failed = false;
    return result;
  } finally {
    entry.onRead?.();
    entry.state = { ...entry.state, finished: true, failed };
    entry.finishedAt = Date.now();
  }
}

export function readProgress(id: string): SyncProgress | null {
  const entry = entries.get(id);
  if (!entry) return null;
  // Settled on the next turn: this answer leaves before the caller's next synchronous stretch.
  const settle = entry.onRead;
  if (settle) setImmediate(settle);
  return entry.state;
}
