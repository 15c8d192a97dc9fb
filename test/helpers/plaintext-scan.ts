/**
 * The adversary's view of the disk while and after Spilno works on an encrypted store: every
 * file this process holds open (deleted temp files included: Linux keeps them readable through
 * /proc/self/fd while they are open) and the system temp folders, searched for text that must
 * only ever exist encrypted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Finding {
  file: string;
  bytes: number;
}

/** Open regular files of this process containing any needle (Linux /proc). */
export function openFilesContaining(needles: readonly string[], skip: (file: string) => boolean = () => false): Finding[] {
  const found: Finding[] = [];
  const bufs = needles.map((n) => Buffer.from(n));
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue;
    }
    if (!target.startsWith('/') || skip(target)) continue;
    try {
      const st = fs.statSync(`/proc/self/fd/${fd}`);
      if (!st.isFile() || st.size === 0 || st.size > 512 * 1024 * 1024) continue;
      const data = fs.readFileSync(`/proc/self/fd/${fd}`);
      if (bufs.some((b) => data.includes(b))) found.push({ file: target, bytes: data.length });
    } catch {
      // closed meanwhile, or not readable (a pipe, a device): nothing to read
    }
  }
  return found;
}

/** The folders SQLite and Node put temporary files in. */
export function tempFolders(): string[] {
  return [...new Set([os.tmpdir(), process.env.SQLITE_TMPDIR, process.env.TMPDIR, '/var/tmp', '/usr/tmp', '/tmp']
    .filter((d): d is string => !!d && fs.existsSync(d)).map((d) => fs.realpathSync(d)))];
}

/** Files under `dirs` changed since `sinceMs` containing any needle (`depth` folder levels down;
 *  0: the files directly in them, where SQLite puts its temp files). */
export function filesContaining(
  dirs: readonly string[], needles: readonly string[], sinceMs: number, skip: (file: string) => boolean = () => false, depth = 0,
): Finding[] {
  const found: Finding[] = [];
  const bufs = needles.map((n) => Buffer.from(n));
  const walk = (dir: string, level: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const file = path.join(dir, e.name);
      if (skip(file)) continue;
      try {
        if (e.isDirectory()) {
          if (level < depth) walk(file, level + 1);
          continue;
        }
        if (!e.isFile()) continue;
        const st = fs.statSync(file);
        if (st.mtimeMs < sinceMs || st.size === 0 || st.size > 512 * 1024 * 1024) continue;
        const data = fs.readFileSync(file);
        if (bufs.some((b) => data.includes(b))) found.push({ file, bytes: data.length });
      } catch {
        // another process' file, gone or unreadable
      }
    }
  };
  for (const d of dirs) walk(d, 0);
  return found;
}
