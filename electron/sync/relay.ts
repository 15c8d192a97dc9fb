/**
 * A headless relay unit (`spilno relay --root DIR`): store-and-forward for units whose machines
 * do not connect directly (a field post that reaches only its regional office, two agencies'
 * networks that never pair devices), so each unit shares folders with the relay alone.
 *
 * Policy, and why:
 * - The relay never decrypts. Bundles stay encrypted end to end, for their recipient's key only;
 *   the route is the folder a bundle is in, in clear: a unit's outbox for a peer,
 *   `ROOT/<sender site>/outbox/<recipient site>/`, is delivered to `ROOT/<recipient site>/inbox/`
 *   (file-sync tools carry both folders between the relay and the units). What the relay keeps
 *   is routing metadata — sites, file names, sizes and SHA-256 — never a change.
 * - The relay is a unit with its own identity (keys, contact card, audit trail), and it carries
 *   only for units it has enrolled: their contact cards added and fingerprints confirmed
 *   (`spilno peers add/trust` on the relay). A file from or for any other site is held aside
 *   with its reason, not forwarded — a mailbox folder created by a stranger does not turn the
 *   relay into an open drop. Units do not add the relay as a peer: it needs none of their data,
 *   and a bundle addressed to the relay itself is held, never opened (a relay holds no plan).
 * - Only whole files move (arrivals.ts), and only what looks like an age file within the size
 *   limit; its signature is checked by the recipient, who alone can read it.
 * - A newer bundle from one sender to one recipient replaces the one still waiting in the
 *   recipient's mailbox (the watcher's rule: the newer carries everything above the
 *   recipient's acknowledgement); the relay remembers the waiting file in its database.
 * - One relay process per root (a lock file, arrivals.ts); every forward and every hold is in
 *   the audit trail (`relay.*`).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LIMITS } from '../../shared/domain/bounds.js';
import { getMeta, setMeta } from '../db/repos/meta.repo.js';
import { getPeerRow } from '../db/repos/sync.repo.js';
import { writeFileAtomic } from '../files/safe-fs.js';
import { recordAudit } from '../services/audit.js';
import type { ServiceContext } from '../services/context.js';
import { candidatesIn, FolderLock, moveInto, StableFiles, type LockHolder } from './arrivals.js';

export const RELAY_LOCK = '.spilno-relay.lock';
const AGE_MAGIC = 'age-encryption.org/v1\n';
/** Site folders are named by site id (a UUID or a short token): nothing else is a mailbox. */
const SITE_NAME = /^[A-Za-z0-9_-]{1,100}$/;

export interface RelayOptions {
  readonly root: string;
  readonly scanMs?: number;
  readonly settleMs?: number;
  readonly staleMs?: number;
  readonly onEvent?: (e: RelayEvent) => void;
}

export type RelayEvent =
  | { kind: 'relaying'; takeover: boolean }
  | { kind: 'standby'; holder: LockHolder | null }
  | { kind: 'forwarded'; from: string; to: string; file: string; bytes: number; replaced: string | null }
  | { kind: 'held'; from: string; to: string; file: string; reason: string }
  | { kind: 'error'; message: string }
  | { kind: 'stopped' };

const unsentKey = (from: string, to: string) => `relay_unsent:${from}:${to}`;

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export class Relay {
  private readonly root: string;
  private readonly scanMs: number;
  private readonly arrivals: StableFiles;
  private readonly lock: FolderLock;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopping = false;
  private holding = false;
  private standingBy = false;
  readonly counts = { forwarded: 0, held: 0 };

  constructor(private readonly ctx: ServiceContext, private readonly opts: RelayOptions) {
    this.root = path.resolve(opts.root);
    this.scanMs = opts.scanMs ?? 5000;
    this.arrivals = new StableFiles(opts.settleMs ?? 1000);
    this.lock = new FolderLock(path.join(this.root, RELAY_LOCK), ctx.siteId, Math.max(opts.staleMs ?? 60_000, 2 * this.scanMs));
  }

  start(): void {
    if (this.timer) return;
    fs.mkdirSync(this.root, { recursive: true });
    this.stopping = false;
    this.audit('relay.start', `root ${this.root}`);
    this.timer = setInterval(() => this.kick(), this.scanMs);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = null;
    this.soon = null;
    await this.running;
    if (this.holding) this.lock.release();
    this.holding = false;
    this.audit('relay.stop', '');
    this.opts.onEvent?.({ kind: 'stopped' });
  }

  kick(delayMs = 0): void {
    if (this.stopping) return;
    if (delayMs > 0) {
      if (!this.soon) {
        this.soon = setTimeout(() => {
          this.soon = null;
          this.kick();
        }, delayMs);
      }
      return;
    }
    this.running = this.running.then(() => this.cycle()).catch((e: unknown) => {
      this.opts.onEvent?.({ kind: 'error', message: (e as Error)?.message ?? String(e) });
    });
  }

  idle(): Promise<void> {
    return this.running;
  }

  private audit(action: string, detail: string): void {
    if (!this.ctx.db.open) return;
    try {
      recordAudit(this.ctx, { action, detail });
    } catch {
      // The store closed meanwhile: the event still reports the step.
    }
  }

  private cycle(): void {
    if (this.stopping || !this.ctx.db.open) return;
    const r = this.lock.hold(this.ctx.now());
    if (r.state === 'busy') {
      if (!this.standingBy) this.opts.onEvent?.({ kind: 'standby', holder: this.lock.holder });
      this.standingBy = true;
      this.holding = false;
      return;
    }
    this.standingBy = false;
    if (r.state !== 'held') {
      this.holding = true;
      this.audit('relay.claim', r.state === 'takenOver' ? 'took over from a stale lock' : 'root claimed');
      this.opts.onEvent?.({ kind: 'relaying', takeover: r.state === 'takenOver' });
    }
    const routes = this.routes();
    const { ready } = this.arrivals.look(routes.map((x) => x.file));
    if (this.arrivals.pending().length > 0) this.kick(this.opts.settleMs ?? 1000);
    const byFile = new Map(routes.map((x) => [x.file, x]));
    for (const file of ready.sort()) {
      if (this.stopping) return;
      const route = byFile.get(file);
      if (route) this.forward(route.from, route.to, file);
    }
  }

  /** Every bundle candidate in a sender's outbox, with its route. */
  private routes(): { from: string; to: string; file: string }[] {
    const out: { from: string; to: string; file: string }[] = [];
    const dirs = (p: string) => {
      try {
        return fs.readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory() && SITE_NAME.test(d.name)).map((d) => d.name);
      } catch {
        return [];
      }
    };
    for (const from of dirs(this.root)) {
      for (const to of dirs(path.join(this.root, from, 'outbox'))) {
        for (const file of candidatesIn(path.join(this.root, from, 'outbox', to))) out.push({ from, to, file });
      }
    }
    return out;
  }

  /** Why a file may not be forwarded, or null. Reads the first bytes only: never decrypts. */
  private refusal(from: string, to: string, file: string): string | null {
    const enrolled = (site: string) => getPeerRow(this.ctx.db, site)?.status === 'trusted';
    if (to === this.ctx.siteId) return 'addressed to the relay itself: a relay holds no plan and opens nothing';
    if (!enrolled(from)) return `the sender ${from} is not enrolled at this relay (add and trust its card here)`;
    if (!enrolled(to)) return `the recipient ${to} is not enrolled at this relay (add and trust its card here)`;
    const size = fs.statSync(file).size;
    if (size > LIMITS.bundleBytes) return `larger than the bundle limit (${size} bytes)`;
    const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    try {
      const head = Buffer.alloc(AGE_MAGIC.length);
      fs.readSync(fd, head, 0, head.length, 0);
      if (head.toString('latin1') !== AGE_MAGIC) return 'not an age-encrypted file';
    } finally {
      fs.closeSync(fd);
    }
    return null;
  }

  private forward(from: string, to: string, file: string): void {
    const name = path.basename(file);
    let reason: string | null;
    try {
      reason = this.refusal(from, to, file);
    } catch (e) {
      reason = `unreadable: ${(e as Error).message}`;
    }
    if (reason) {
      if (!fs.existsSync(file)) return;
      const held = moveInto(path.join(this.root, '.held', from, to), file);
      writeFileAtomic(`${held}.reason.txt`, `${reason}\n`);
      this.counts.held++;
      this.audit('relay.hold', `${from} → ${to}: ${name}: ${reason}`);
      this.opts.onEvent?.({ kind: 'held', from, to, file: name, reason });
      return;
    }
    const bytes = fs.statSync(file).size;
    const digest = sha256Of(file);
    const moved = moveInto(path.join(this.root, to, 'inbox'), file);
    const previous = getMeta(this.ctx.db, unsentKey(from, to));
    let replaced: string | null = null;
    if (previous && previous !== moved && fs.existsSync(previous)) {
      fs.rmSync(previous, { force: true });
      replaced = path.basename(previous);
    }
    this.ctx.db.transaction(() => {
      setMeta(this.ctx.db, unsentKey(from, to), moved);
      recordAudit(this.ctx, {
        action: 'relay.forward',
        detail: `${from} → ${to}: ${name}, ${bytes} bytes, sha256 ${digest}${replaced ? `, replaces ${replaced}` : ''}`,
      });
    })();
    this.counts.forwarded++;
    this.opts.onEvent?.({ kind: 'forwarded', from, to, file: path.basename(moved), bytes, replaced });
  }
}
