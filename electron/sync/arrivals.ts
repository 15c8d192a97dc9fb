/**
 * What the automatic folder sync (watch.ts) and the relay (relay.ts) share about folders other
 * programs write into: which names are bundles ready to read, when a file is whole, and which
 * instance holds a folder.
 *
 * - File-sync tools write under temporary names (Syncthing `.syncthing.NAME.tmp` and
 *   `~syncthing~NAME.tmp`, browsers and rsync `.part`, `.tmp`, `.crdownload`, our own AtomicFile
 *   `.NAME.RANDOM.part`), so only `*.spilno` names that are not dot- or tilde-files are
 *   candidates; and a candidate must show the same size and modification time at two looks at
 *   least `settleMs` apart (a copy tool writing in place under the final name is still writing
 *   otherwise).
 * - One instance per folder: a lock file created exclusively names the holder's host, process
 *   and a random token, and is touched at every look. Another instance stands by and takes over
 *   when the holder's process is gone (same host) or the lock has not been touched for
 *   `staleMs` (another host on a shared folder). Taking over renames the stale lock first: of
 *   two instances racing, one rename succeeds.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BUNDLE_SUFFIX = '.spilno';

/** Names a file-sync tool is still writing, or that are not bundles at all. */
export function isBundleCandidate(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('~')) return false;
  return name.endsWith(BUNDLE_SUFFIX) && name.length > BUNDLE_SUFFIX.length;
}

/** Bundle candidates directly in `dir` (none if it is missing). */
export function candidatesIn(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile() && isBundleCandidate(d.name))
      .map((d) => path.join(dir, d.name));
  } catch {
    return [];
  }
}

/** Remembers each candidate's size and mtime between looks; a file is ready once unchanged for `settleMs`. */
export class StableFiles {
  private readonly looks = new Map<string, { size: number; mtimeMs: number; at: number }>();

  constructor(private readonly settleMs: number) {}

  /** The files of `files` that are whole now, and those newly seen or still changing. */
  look(files: readonly string[]): { ready: string[]; changing: string[] } {
    const now = Date.now();
    const ready: string[] = [];
    const changing: string[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      let st: fs.Stats;
      try {
        st = fs.statSync(file);
      } catch {
        continue;
      }
      seen.add(file);
      const before = this.looks.get(file);
      if (before && before.size === st.size && before.mtimeMs === st.mtimeMs) {
        if (now - before.at >= this.settleMs) {
          ready.push(file);
          this.looks.delete(file);
        }
        continue;
      }
      this.looks.set(file, { size: st.size, mtimeMs: st.mtimeMs, at: now });
      changing.push(file);
    }
    for (const f of this.looks.keys()) if (!seen.has(f)) this.looks.delete(f);
    return { ready, changing };
  }

  /** Files seen and not yet stable. */
  pending(): string[] {
    return [...this.looks.keys()];
  }
}

export interface LockHolder {
  pid: number;
  host: string;
  siteId: string;
  token: string;
  startedAt: string;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readHolder(file: string): LockHolder | null {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof v.pid !== 'number' || typeof v.host !== 'string' || typeof v.token !== 'string') return null;
    return { pid: v.pid, host: v.host, siteId: String(v.siteId ?? ''), token: v.token, startedAt: String(v.startedAt ?? '') };
  } catch {
    return null;
  }
}

export class FolderLock {
  private readonly token = randomBytes(12).toString('hex');
  /** Who holds the lock, as last seen (this instance once it holds it). */
  holder: LockHolder | null = null;

  constructor(readonly file: string, private readonly siteId: string, private readonly staleMs: number) {}

  /**
   * Keeps or takes the lock. 'held': this instance had it (touched now); 'claimed' or
   * 'takenOver': it has it from now on (`previous` names a stale holder); 'busy': another holds it.
   */
  hold(now: Date): { state: 'held' | 'claimed' | 'busy' } | { state: 'takenOver'; previous: LockHolder | null } {
    const current = readHolder(this.file);
    if (current?.token === this.token) {
      try {
        fs.utimesSync(this.file, now, now);
        return { state: 'held' };
      } catch {
        return { state: 'busy' };
      }
    }
    const exists = fs.existsSync(this.file);
    if (exists && !this.isStale(current)) {
      this.holder = current;
      return { state: 'busy' };
    }
    if (exists) {
      const aside = `${this.file}.stale-${this.token}`;
      try {
        fs.renameSync(this.file, aside);
        fs.rmSync(aside, { force: true });
      } catch {
        return { state: 'busy' };
      }
    }
    const holder: LockHolder = { pid: process.pid, host: os.hostname(), siteId: this.siteId, token: this.token, startedAt: now.toISOString() };
    try {
      fs.writeFileSync(this.file, `${JSON.stringify(holder)}\n`, { flag: 'wx', mode: 0o644 });
    } catch {
      return { state: 'busy' };
    }
    this.holder = holder;
    return exists ? { state: 'takenOver', previous: current } : { state: 'claimed' };
  }

  private isStale(h: LockHolder | null): boolean {
    if (h && h.host === os.hostname() && !pidAlive(h.pid)) return true;
    try {
      return Date.now() - fs.statSync(this.file).mtimeMs > this.staleMs;
    } catch {
      return true;
    }
  }

  release(): void {
    if (readHolder(this.file)?.token === this.token) fs.rmSync(this.file, { force: true });
  }
}

/** A free name in `dir` for `name` (a bundle of the same name handled earlier keeps its file). */
export function freeName(dir: string, name: string): string {
  let target = path.join(dir, name);
  const stem = name.endsWith(BUNDLE_SUFFIX) ? name.slice(0, -BUNDLE_SUFFIX.length) : name;
  for (let i = 1; fs.existsSync(target); i++) target = path.join(dir, `${stem}-${i}${BUNDLE_SUFFIX}`);
  return target;
}

export function moveInto(dir: string, file: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const target = freeName(dir, path.basename(file));
  fs.renameSync(file, target);
  return target;
}
