/**
 * Automatic folder sync: `spilno sync watch` and the app's automatic mode. The same outbox/inbox
 * pair as the Sync page's folder exchange (folders.ts), kept in step by itself, so that a
 * file-distribution engine (Syncthing, a shared folder, a USB stick) can carry bundles with no
 * one at the keyboard. Spilno itself opens no socket.
 *
 * Policy, and why:
 * - A file is imported only once it is whole (arrivals.ts: temporary names of file-sync tools
 *   ignored, size and mtime stable between two looks). A truncated bundle that slips through
 *   is refused by its signed hash anyway; the wait only spares a needless refusal.
 * - Every bundle that verifies is imported: refused changes stay in the quarantine with their
 *   reason (as with any import), and changes waiting for a row apply when the row arrives, so
 *   holding a bundle for review would stall convergence without protecting anything. A bundle
 *   that does not verify moves to `refused/` with its reason beside it (folders.ts); an applied
 *   or replayed one to `processed/`. Nothing disappears silently.
 * - Exports follow changes: when the change record grows (a planner's edit, an import) or a peer
 *   is owed an acknowledgement, one bundle per trusted peer is written after `debounceMs` of
 *   quiet, and it replaces the peer's previous bundle if that one is still in the outbox. This
 *   is safe because a bundle carries everything above the peer's acknowledgement: the new one
 *   holds all the old one did that the peer may still lack. Acknowledgement-only bundles keep
 *   the peers' acknowledgements moving, so bundles stay the size of the new changes rather than
 *   of the whole history. A bundle still unacknowledged after `resendMs` (an hour) is written
 *   again: a stick lost or a file deleted on the way costs a delay, never a change.
 * - State lives in the database (`meta`): the change-record position and acknowledgement last
 *   exported per peer and the unsent file, so a restart exports what changed while it was down
 *   and the periodic scan imports what arrived meanwhile. An import that committed before a
 *   crash but whose file was not moved yet is replayed as a logged no-op and then moved.
 * - One instance per inbox: a lock file (`.spilno-watch.lock`, arrivals.ts). A second instance
 *   (the app and the CLI, a restarted service) stands by and takes over when the holder's
 *   process is gone or its lock has not been touched for `staleMs`.
 * - Every step goes to the audit trail (`syncWatch.*` actions), each import's changes under
 *   `syncWatch.import`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import type { ImportPreview } from '../../shared/api/sync.js';
import { maxChangeSeq } from '../db/repos/change-log.repo.js';
import { getMeta, setMeta } from '../db/repos/meta.repo.js';
import { listPeerRows, type PeerRow } from '../db/repos/sync.repo.js';
import { recordAudit, withAuditScope } from '../services/audit.js';
import type { ServiceContext } from '../services/context.js';
import { writeFileAtomic } from '../files/safe-fs.js';
import { candidatesIn, FolderLock, freeName, moveInto, StableFiles, type LockHolder } from './arrivals.js';
import { exportBundle, type BundleWritten } from './bundle-export.js';
import { BUNDLE_EXTENSION } from './bundle-format.js';
import { importBundle } from './bundle-import.js';

export { isBundleCandidate, type LockHolder } from './arrivals.js';

export const WATCH_LOCK = '.spilno-watch.lock';
/** Folders of the inbox the watcher keeps for itself: never scanned for bundles. */
const OWN_FOLDERS = new Set(['processed', 'refused']);

export interface WatchOptions {
  readonly outbox: string;
  readonly inbox: string;
  /** Quiet time after a change before bundles are written (ms). */
  readonly debounceMs?: number;
  /** Periodic scan of the inbox, lock heartbeat and look at the change record (ms). */
  readonly scanMs?: number;
  /** A file must keep its size and mtime this long between two looks (ms). */
  readonly settleMs?: number;
  /** A bundle still unacknowledged after this long is written again (ms). */
  readonly resendMs?: number;
  /** A lock not touched for this long is taken over (ms). */
  readonly staleMs?: number;
  readonly onEvent?: (e: WatchEvent) => void;
}

export type WatchEvent =
  | { kind: 'watching'; takeover: boolean }
  | { kind: 'standby'; holder: LockHolder | null }
  | { kind: 'settling'; file: string }
  | { kind: 'imported'; file: string; sender: string; added: number; quarantined: number }
  | { kind: 'replay'; file: string; sender: string }
  | { kind: 'superseded'; file: string }
  | { kind: 'refused'; file: string; reason: string }
  | { kind: 'exported'; peer: string; file: string | null; changes: number; replaced: string | null }
  | { kind: 'locked' }
  | { kind: 'error'; message: string }
  | { kind: 'stopped' };

export interface WatchStatus {
  state: 'watching' | 'standby' | 'locked' | 'stopped';
  holder: LockHolder | null;
  lastScanAt: string | null;
  /** Candidates seen but not yet stable. */
  settling: string[];
  step: string | null;
  imported: number;
  exported: number;
  refused: number;
}

const metaKey = {
  exportedSeq: (peer: string) => `sync_watch_exported_seq:${peer}`,
  ackedSent: (peer: string) => `sync_watch_acked_sent:${peer}`,
  unsent: (peer: string) => `sync_watch_unsent:${peer}`,
  sentSeq: (peer: string) => `sync_watch_sent_seq:${peer}`,
  sentAt: (peer: string) => `sync_watch_sent_at:${peer}`,
  replyOwed: (peer: string) => `sync_watch_reply_owed:${peer}`,
};

export class FolderWatcher {
  private readonly outbox: string;
  private readonly inbox: string;
  private readonly lock: FolderLock;
  private readonly debounceMs: number;
  private readonly scanMs: number;
  private readonly settleMs: number;
  private readonly resendMs: number;
  private state: WatchStatus['state'] = 'stopped';
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private fsWatchers: fs.FSWatcher[] = [];
  private running: Promise<void> = Promise.resolve();
  private stopping = false;
  private readonly arrivals: StableFiles;
  /** When the change record or an acknowledgement owed was first seen moving, and last. */
  private dirtySince: number | null = null;
  private dirtyLast = 0;
  private lastScanAt: string | null = null;
  private step: string | null = null;
  private counts = { imported: 0, exported: 0, refused: 0 };

  constructor(private readonly ctx: ServiceContext, private readonly opts: WatchOptions) {
    this.outbox = path.resolve(opts.outbox);
    this.inbox = path.resolve(opts.inbox);
    this.debounceMs = opts.debounceMs ?? 5000;
    this.scanMs = opts.scanMs ?? 10_000;
    this.settleMs = opts.settleMs ?? 1000;
    this.resendMs = opts.resendMs ?? 3_600_000;
    this.arrivals = new StableFiles(this.settleMs);
    this.lock = new FolderLock(path.join(this.inbox, WATCH_LOCK), ctx.siteId, Math.max(opts.staleMs ?? 60_000, 2 * this.scanMs));
  }

  status(): WatchStatus {
    return {
      state: this.state, holder: this.lock.holder, lastScanAt: this.lastScanAt,
      settling: this.arrivals.pending().map((f) => path.relative(this.inbox, f).split(path.sep).join('/')).sort(),
      step: this.step, ...this.counts,
    };
  }

  /** Starts watching (or standing by): the first cycle runs at once. */
  start(): void {
    if (this.timer) return;
    fs.mkdirSync(this.inbox, { recursive: true });
    fs.mkdirSync(this.outbox, { recursive: true });
    this.stopping = false;
    this.audit('syncWatch.start', `inbox ${this.inbox}, outbox ${this.outbox}`);
    this.timer = setInterval(() => this.kick(), this.scanMs);
    this.kick();
  }

  /** Stops after the step under way (an import commits or rolls back whole) and frees the lock. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = null;
    this.soon = null;
    this.unwatchFs();
    await this.running;
    if (this.state === 'watching' || this.state === 'locked') this.lock.release();
    if (this.state !== 'stopped') this.audit('syncWatch.stop', '');
    this.state = 'stopped';
    this.emit({ kind: 'stopped' });
  }

  /** Runs one cycle after the one under way; cycles never overlap. */
  kick(delayMs = 0): void {
    if (this.stopping) return;
    if (delayMs > 0) {
      if (this.soon) return;
      this.soon = setTimeout(() => {
        this.soon = null;
        this.kick();
      }, delayMs);
      return;
    }
    this.running = this.running.then(() => this.cycle()).catch((e: unknown) => {
      const message = (e as Error)?.message ?? String(e);
      // The app shows no console: the trail is where an operator finds why a step failed.
      this.audit('syncWatch.error', message);
      this.emit({ kind: 'error', message });
    });
  }

  /** Resolves when the cycles queued so far have run (tests and the CLI's shutdown). */
  idle(): Promise<void> {
    return this.running;
  }

  private emit(e: WatchEvent): void {
    this.opts.onEvent?.(e);
  }

  private audit(action: string, detail: string): void {
    if (!this.ctx.db.open) return;
    try {
      recordAudit(this.ctx, { action, detail });
    } catch {
      // A store closed or locked meanwhile: the step itself is reported by its event.
    }
  }

  /** True while this instance holds the inbox (taking it when free or stale). */
  private holdLock(): boolean {
    const r = this.lock.hold(this.ctx.now());
    if (r.state === 'busy') return false;
    if (r.state === 'claimed' || r.state === 'takenOver') {
      const previous = r.state === 'takenOver' ? r.previous : null;
      this.audit('syncWatch.claim', r.state === 'takenOver' ? `took over from a stale lock (${previous ? `pid ${previous.pid} on ${previous.host}` : 'unreadable'})` : 'folders claimed');
      this.emit({ kind: 'watching', takeover: r.state === 'takenOver' });
    }
    return true;
  }

  private watchFs(): void {
    if (this.fsWatchers.length > 0) return;
    const dirs = [this.inbox, ...this.subfolders()];
    for (const d of dirs) {
      try {
        const w = fs.watch(d, { persistent: false }, () => this.kick(200));
        w.on('error', () => this.kick());
        this.fsWatchers.push(w);
      } catch {
        // A folder that vanished: the periodic scan still looks.
      }
    }
  }

  private unwatchFs(): void {
    for (const w of this.fsWatchers.splice(0)) w.close();
  }

  // --- one cycle ---------------------------------------------------------------------------

  private async cycle(): Promise<void> {
    if (this.stopping || !this.ctx.db.open) return;
    if (!this.holdLock()) {
      if (this.state !== 'standby') {
        this.state = 'standby';
        this.unwatchFs();
        this.emit({ kind: 'standby', holder: this.lock.holder });
      }
      return;
    }
    if (this.ctx.caches.identity === null) {
      if (this.state !== 'locked') this.emit({ kind: 'locked' });
      this.state = 'locked';
      return;
    }
    this.state = 'watching';
    this.watchFs();
    this.lastScanAt = this.ctx.now().toISOString();
    await this.importArrived();
    await this.exportIfDue();
    this.step = null;
  }

  private subfolders(): string[] {
    try {
      return fs.readdirSync(this.inbox, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !OWN_FOLDERS.has(d.name))
        .map((d) => path.join(this.inbox, d.name));
    } catch {
      return [];
    }
  }

  /** Stable candidates in the inbox and its sub-folders (one per sender in a Syncthing mesh). */
  private stableArrivals(): string[] {
    const files = [this.inbox, ...this.subfolders()].flatMap(candidatesIn);
    const { ready, changing } = this.arrivals.look(files);
    for (const f of changing) this.emit({ kind: 'settling', file: path.basename(f) });
    if (this.arrivals.pending().length > 0) this.kick(this.settleMs);
    return ready.sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
  }

  private async importArrived(): Promise<void> {
    for (const file of this.stableArrivals()) {
      if (this.stopping) return;
      const name = path.basename(file);
      this.step = `import ${name}`;
      try {
        const r = await withAuditScope('syncWatch.import', { file: name }, () => importAndNote(this.ctx, file));
        // The file may be gone meanwhile (a relay or the sender replaced it): the import stands.
        const moved = fs.existsSync(file) ? moveInto(path.join(this.inbox, 'processed'), file) : file;
        if (r.status === 'replay') {
          this.audit('syncWatch.replay', `${name} from ${r.senderUnit}: already imported`);
          this.emit({ kind: 'replay', file: moved, sender: r.senderUnit });
        } else {
          this.counts.imported++;
          this.audit('syncWatch.import', `${name} from ${r.senderUnit}: ${r.added} new of ${r.changeCount}, ${r.quarantinedCount} quarantined`);
          this.emit({ kind: 'imported', file: moved, sender: r.senderUnit, added: r.added, quarantined: r.quarantinedCount });
        }
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        // Keys locked meanwhile, or the store closed: the file waits for the next scan.
        if (e.code === 'locked' || !this.ctx.db.open) return;
        if (!fs.existsSync(file)) continue;
        if (e.details?.['messageKey'] === 'bundle.stale') {
          // An older bundle of a sender after a newer one: the newer carried what it held above
          // this unit's acknowledgement, so nothing is lost; it is set aside as processed.
          const moved = moveInto(path.join(this.inbox, 'processed'), file);
          this.audit('syncWatch.replay', `${name}: superseded by a newer bundle already imported`);
          this.emit({ kind: 'superseded', file: moved });
          continue;
        }
        const moved = moveInto(path.join(this.inbox, 'refused'), file);
        writeFileAtomic(`${moved}.reason.txt`, `${e.message}\n`);
        this.counts.refused++;
        this.audit('syncWatch.refuse', `${name}: ${e.message}`);
        this.emit({ kind: 'refused', file: moved, reason: e.message });
      }
    }
  }

  private owed(): { peer: PeerRow }[] {
    return peersOwed(this.ctx, this.ctx.now().getTime(), this.resendMs).map((peer) => ({ peer }));
  }

  private async exportIfDue(): Promise<void> {
    const due = this.owed();
    const now = Date.now();
    if (due.length === 0) {
      this.dirtySince = null;
      return;
    }
    if (this.dirtySince === null) {
      this.dirtySince = now;
      this.dirtyLast = maxChangeSeq(this.ctx.db);
    }
    const seq = maxChangeSeq(this.ctx.db);
    if (seq !== this.dirtyLast) {
      // Still changing: wait for quiet, but never longer than four debounce periods in all.
      this.dirtyLast = seq;
      if (now - this.dirtySince < 4 * this.debounceMs) {
        this.kick(this.debounceMs);
        return;
      }
    } else if (now - this.dirtySince < this.debounceMs) {
      this.kick(this.debounceMs - (now - this.dirtySince));
      return;
    }
    this.dirtySince = null;
    for (const { peer } of due) {
      if (this.stopping) return;
      await this.exportFor(peer);
    }
  }

  private async exportFor(peer: PeerRow): Promise<void> {
    this.step = `export ${peer.site_id}`;
    const dir = path.join(this.outbox, peer.site_id);
    fs.mkdirSync(dir, { recursive: true });
    const stamp = this.ctx.now().toISOString().replace(/[:.]/g, '-');
    const name = `${stamp}-${this.ctx.siteId}${BUNDLE_EXTENSION}`;
    const { written, kept } = await withAuditScope('syncWatch.export', { peer: peer.site_id }, () => writeBundleFor(this.ctx, peer, freeName(dir, name)));
    if (!kept) return;
    const previous = getMeta(this.ctx.db, metaKey.unsent(peer.site_id));
    let replaced: string | null = null;
    if (previous && previous !== written.path && fs.existsSync(previous)) {
      fs.rmSync(previous, { force: true });
      replaced = path.basename(previous);
    }
    this.ctx.db.transaction(() => {
      setMeta(this.ctx.db, metaKey.unsent(peer.site_id), written.path);
      recordAudit(this.ctx, {
        action: 'syncWatch.export',
        detail: `${path.basename(written.path)} for ${peer.unit_name}: ${written.changeCount} changes${replaced ? `, replaces ${replaced}` : ''}`,
      });
    })();
    this.counts.exported++;
    this.emit({ kind: 'exported', peer: peer.site_id, file: written.path, changes: written.changeCount, replaced });
  }
}

/**
 * Trusted peers owed a bundle now: this unit's change record grew past what was last written
 * for them, they are owed an acknowledgement of what came from them, or the last bundle kept
 * for them is still unacknowledged after `resendMs` (lost on the way: a stick gone missing, a
 * file deleted) — the next one carries everything above their acknowledgement again.
 */
export function peersOwed(ctx: ServiceContext, nowMs: number, resendMs: number): PeerRow[] {
  const seq = maxChangeSeq(ctx.db);
  const num = (key: string) => Number(getMeta(ctx.db, key) ?? '0');
  return listPeerRows(ctx.db).filter((p) => p.status === 'trusted' && (
    seq > num(metaKey.exportedSeq(p.site_id))
    || p.received_seq > num(metaKey.ackedSent(p.site_id))
    || num(metaKey.replyOwed(p.site_id)) === 1
    || (p.acked_seq < num(metaKey.sentSeq(p.site_id)) && nowMs - num(metaKey.sentAt(p.site_id)) >= resendMs)
  ));
}

/**
 * Writes the bundle a peer is owed to `outPath` and records it. A bundle with no change that
 * acknowledges nothing new is not kept (the file is removed). The automatic folder sync and the
 * multi-site simulation (test/bench/multi-site.bench.ts) both decide by these two functions.
 */
export async function writeBundleFor(ctx: ServiceContext, peer: PeerRow, outPath: string): Promise<{ written: BundleWritten; kept: boolean }> {
  const seq = maxChangeSeq(ctx.db);
  const ackOwed = peer.received_seq > Number(getMeta(ctx.db, metaKey.ackedSent(peer.site_id)) ?? '0')
    || getMeta(ctx.db, metaKey.replyOwed(peer.site_id)) === '1';
  const written = await exportBundle(ctx, { peers: [peer.site_id], outPath });
  const kept = written.changeCount > 0 || ackOwed;
  if (!kept) fs.rmSync(written.path, { force: true });
  ctx.db.transaction(() => {
    setMeta(ctx.db, metaKey.exportedSeq(peer.site_id), String(seq));
    setMeta(ctx.db, metaKey.ackedSent(peer.site_id), String(peer.received_seq));
    setMeta(ctx.db, metaKey.replyOwed(peer.site_id), '0');
    if (kept) {
      setMeta(ctx.db, metaKey.sentSeq(peer.site_id), String(seq));
      setMeta(ctx.db, metaKey.sentAt(peer.site_id), String(ctx.now().getTime()));
    }
  })();
  return { written, kept };
}

/**
 * Imports a bundle and notes that its sender is owed an answer when it carried changes: the
 * answer acknowledges them. A sender that writes the same changes again (its last bundle's
 * acknowledgement was lost on the way back) gets an answer too, although nothing new applied —
 * otherwise it would write them again every `resendMs`. Acknowledgement-only bundles are not
 * answered, so two units never echo each other.
 */
export async function importAndNote(ctx: ServiceContext, file: string): Promise<ImportPreview> {
  const r = await importBundle(ctx, { path: file });
  if (r.changeCount > 0) setMeta(ctx.db, metaKey.replyOwed(r.senderSiteId), '1');
  return r;
}
