/**
 * Progress of long calls (bundle export/import, folder runs). The caller names a fresh id with
 * the call; every report is published at once as a `progress` event (shared/api/events.ts) on
 * the core's event channel, and the latest state stays readable through `sync.jobProgress`
 * until a minute after the call answered. The call itself still answers with its result or
 * typed error, so dispatch, the audit entry and error mapping stay exactly those of any call.
 *
 * Policy: reports are pushed, never waited on. The core runs in a worker, and a report made
 * inside the synchronous apply transaction leaves the worker as a message the relaying thread
 * delivers while the transaction still runs (before the worker, the bar sat at "decrypting
 * 100 %" for the whole apply, and the import had to wait for a poll at every phase). A report
 * of the same phase yields one macrotask, which lets other calls through export's otherwise
 * synchronous write loop.
 *
 * The registry belongs to the context (one per core), never to the module.
 */
import type { FolderStep, SyncPhase, SyncProgress } from '../../shared/api/sync.js';
import type { ProgressEvent } from '../../shared/api/events.js';

export interface Progress {
  readonly phase: SyncPhase;
  readonly done: number;
  readonly total: number;
  /** Only in a folder run: the step under way (a report without one clears it). */
  readonly step?: FolderStep;
}
/** May return a promise; the bundle code awaits it where it can (see the header). */
export type ProgressFn = (p: Progress) => void | Promise<void>;
/**
 * A report nothing waits for: one made inside the synchronous apply transaction, where no await
 * can be, or as the call ends. It is published at once; the macrotask it offers is declined.
 */
export type ProgressNote = (p: Progress) => void;

/** `progress` for the places that must not wait on it (ProgressNote). */
export function withoutWaiting(progress: ProgressFn): ProgressNote {
  return (p) => {
    void progress(p);
  };
}

/** Finished entries are kept this long for a last poll, then dropped. */
const KEEP_MS = 60_000;
const MAX_ENTRIES = 64;

interface Entry {
  state: SyncProgress;
  finishedAt: number | null;
}

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

export class JobProgress {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly publish: (event: ProgressEvent) => void, private readonly nowMs: () => number = Date.now) {}

  private prune(now: number): void {
    for (const [id, e] of this.entries) if (e.finishedAt !== null && now - e.finishedAt > KEEP_MS) this.entries.delete(id);
    // A client that never reads again must not grow the map: drop the oldest beyond the cap.
    while (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  private set(id: string, entry: Entry, state: SyncProgress): void {
    entry.state = state;
    this.publish({ type: 'progress', jobId: id, progress: state });
  }

  /**
   * Runs `call` with a progress callback recorded and published under `id` (none without an
   * id: the CLI and other callers pass their own). The entry is marked finished, failed or
   * not, when it answers.
   */
  async run<T>(id: string | undefined, first: SyncPhase, call: (onProgress: ProgressFn | undefined) => Promise<T>): Promise<T> {
    if (!id) return call(undefined);
    this.prune(this.nowMs());
    const entry: Entry = { state: { phase: first, done: 0, total: 0, finished: false, failed: false }, finishedAt: null };
    this.entries.set(id, entry);
    const report: ProgressFn = (p) => {
      const { finished, failed } = entry.state;
      this.set(id, entry, { phase: p.phase, done: p.done, total: p.total, finished, failed, ...(p.step ? { step: p.step } : {}) });
      return nextMacrotask();
    };
    let failed = true;
    try {
      const result = await call(report);
      failed = false;
      return result;
    } finally {
      entry.finishedAt = this.nowMs();
      this.set(id, entry, { ...entry.state, finished: true, failed });
    }
  }

  read(id: string): SyncProgress | null {
    return this.entries.get(id)?.state ?? null;
  }
}
