/**
 * The core: one service context (database, services, sync, exports, scans), the contract's
 * single entry (`dispatch`) and the events that say what changed. It runs in the core worker
 * (worker.ts); Electron main and the browser-mode server only relay calls and events to it.
 *
 * Change events, after every commit:
 * - a call through this core: when it answers, the change record past the last sequence seen
 *   names the entities and operations touched; a call that wrote outside the change record
 *   (audit settings, keys, backups) names its API domain;
 * - another process writing the same file (the CLI importing a bundle): SQLite's
 *   `data_version` moves when another connection commits, so the core looks every `watchMs`
 *   and reports what the change record gained (`source: 'external'`);
 * - the store replaced, locked or unlocked (restore, app lock, auto-lock, wipe): the context's
 *   database handle is another one, and the event says `all` (`source: 'store'`).
 * Progress events come from the context's job registry (services/progress.ts) as they happen.
 */
import { DomainError, type ApiResult } from '../../shared/api/errors.js';
import type { FileChoice } from '../../shared/api/files.js';
import type { GrantRequest } from '../files/grants.js';
import { MAX_EVENT_OPERATIONS, type ChangedEvent, type ChangeSource, type CoreEventListener } from '../../shared/api/events.js';
import type { SyncedEntity } from '../../shared/sync/change.js';
import { dispatch, type ErrorLogger } from '../api/dispatch.js';
import type { Db } from '../db/connection.js';
import { totalChanges } from '../db/repos/audit.repo.js';
import { changeSummarySince, dataVersion, maxChangeSeq } from '../db/repos/change-log.repo.js';
import { encodeAnswer } from './answer-json.js';
import { startPlanWarmup, startDurabilityTasks } from './background.js';
import { resumeWatch, stopWatch } from '../sync/watch-service.js';
import { applyHeldForUpdate } from '../sync/bundle-import.js';
import type { ServiceContext } from '../services/context.js';

export interface CoreOptions {
  /** How often to look for commits by other processes and for an auto-lock (ms); 0 = never. */
  watchMs?: number;
  /** Start the daily backup and the idle auto-lock (the app does; tests may not). */
  background?: boolean;
  logError?: ErrorLogger;
}

interface Seen {
  db: Db;
  seq: number;
  dataVersion: number;
  totalChanges: number;
  locked: boolean;
}

/** Reads that fail on a damaged or closed store answer "nothing known" rather than throw. */
function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

export class Core {
  private seen: Seen;
  private readonly watcher: NodeJS.Timeout | null;
  private readonly background: { stop(): void } | null;
  /** The plan's conflict scan and map built between calls, ahead of the pages (background only). */
  private readonly warmup: { changed(): void; stop(): void } | null;
  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(readonly ctx: ServiceContext, private readonly options: CoreOptions = {}) {
    this.seen = this.snapshot();
    const watchMs = options.watchMs ?? 250;
    this.watcher = watchMs > 0 ? setInterval(() => this.observe('external'), watchMs) : null;
    this.background = options.background ? startDurabilityTasks(ctx) : null;
    // The automatic folder sync, when it was left on (sync/watch-service.ts).
    if (options.background) safely(() => resumeWatch(ctx), undefined);
    // Changes a newer Spilno sent that this version did not know, now that it may (an update).
    if (options.background && ctx.db.open) safely(() => applyHeldForUpdate(ctx), 0);
    this.warmup = options.background ? startPlanWarmup(ctx) : null;
  }

  private snapshot(): Seen {
    const db = this.ctx.db;
    return {
      db,
      seq: safely(() => maxChangeSeq(db), 0),
      dataVersion: safely(() => dataVersion(db), 0),
      totalChanges: safely(() => totalChanges(db), 0),
      locked: this.ctx.durability.blockedBy === 'locked',
    };
  }

  /** One contract call: validated, run, audited (dispatch), then its changes announced. */
  async call(domain: string, method: string, input: unknown): Promise<ApiResult<unknown>> {
    if (this.closed) return { ok: false, error: { code: 'internal', message: 'Spilno is shutting down.' } };
    const running = dispatch(this.ctx, domain, method, input, this.options.logError);
    this.inFlight.add(running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(running);
      this.observe('local', domain);
    }
  }

  /** The same answer as JSON bytes, written here (answer-json.ts): what the worker sends. */
  async callJson(domain: string, method: string, input: unknown): Promise<Uint8Array<ArrayBuffer>> {
    return encodeAnswer(await this.call(domain, method, input));
  }

  /** A file or folder the shell chose for the user (never reachable from the page). */
  grant(request: GrantRequest): Promise<ApiResult<FileChoice>> {
    try {
      return Promise.resolve({ ok: true, value: this.ctx.files.grant(request, { expires: request.kind !== 'folder' || request.role === undefined }) });
    } catch (e) {
      if (e instanceof DomainError) return Promise.resolve({ ok: false, error: e.toApiError() });
      return Promise.resolve({ ok: false, error: { code: 'internal', message: 'The file could not be granted' } });
    }
  }

  subscribe(listener: CoreEventListener): () => void {
    return this.ctx.events.subscribe(listener);
  }

  /**
   * Announces what was committed since the last look. `domain` is the API domain of the call
   * that just answered (writes outside the change record are credited to it).
   */
  observe(source: Exclude<ChangeSource, 'store'>, domain?: string): void {
    if (!this.ctx.db.open) return;
    const before = this.seen;
    if (this.ctx.db !== before.db) {
      this.seen = this.snapshot();
      // A store opened after a lock (or restored) may hold an automatic sync left on: start it.
      if (this.options.background) safely(() => resumeWatch(this.ctx), undefined);
      this.warmup?.changed();
      this.emit({ source: 'store', entities: [], operations: [], domains: [], all: true, seq: this.seen.seq });
      return;
    }
    const db = before.db;
    const version = safely(() => dataVersion(db), before.dataVersion);
    const total = safely(() => totalChanges(db), before.totalChanges);
    // Nothing committed here or by another process: nothing to read.
    if (version === before.dataVersion && total === before.totalChanges) return;
    const seq = safely(() => maxChangeSeq(db), before.seq);
    this.seen = { ...before, seq: Math.max(seq, before.seq), dataVersion: version, totalChanges: total };
    const external = version !== before.dataVersion;
    // The plan may have moved: the scan is built again in a moment (nothing if it did not).
    this.warmup?.changed();
    if (seq > before.seq) {
      const summary = safely(() => changeSummarySince(db, before.seq, MAX_EVENT_OPERATIONS), { entities: [], operations: [] });
      const tooMany = summary.operations.length > MAX_EVENT_OPERATIONS;
      this.emit({
        source: external ? 'external' : source,
        entities: summary.entities as SyncedEntity[],
        operations: tooMany ? [] : summary.operations,
        domains: domain && !external ? [domain] : [],
        all: tooMany,
        seq,
      });
    } else if (external) {
      // Another process wrote outside the change record (audit, keys, backups): which part is
      // not knowable from here, so every view reloads.
      this.emit({ source: 'external', entities: [], operations: [], domains: [], all: true, seq });
    } else if (domain) {
      this.emit({ source, entities: [], operations: [], domains: [domain], all: false, seq });
    }
  }

  private emit(e: Omit<ChangedEvent, 'type' | 'locked'>): void {
    const locked = this.ctx.durability.blockedBy === 'locked';
    this.seen.locked = locked;
    this.ctx.events.publish({ type: 'changed', ...e, locked });
  }

  /** Refuses new calls, lets the running ones answer (an import commits or rolls back whole),
   *  then stops the timers and closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.warmup?.stop();
    await Promise.allSettled([...this.inFlight]);
    await stopWatch(this.ctx);
    if (this.watcher) clearInterval(this.watcher);
    this.background?.stop();
    this.ctx.files.dispose();
    if (this.ctx.db.open) this.ctx.db.close();
  }
}
