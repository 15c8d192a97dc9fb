/**
 * The store's files on disk: who may read them, how they are destroyed, and how a swap to a
 * re-encrypted copy finishes after a crash.
 *
 * Permissions (issue 14): the data folder is 0700 and every file in it 0600, whatever the
 * umask — other local users must not read even ciphertext, and an unencrypted store is only as
 * private as its files. SQLite gives a WAL, shared-memory or journal file the mode of its
 * database file, so creating each database file 0600 before SQLite opens it covers those.
 * (On Windows modes are not enforced this way; the folder lives in the user's profile.)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Suffixes of the copy a store is re-encrypted into before it replaces the original. */
export const ENCRYPTING_SUFFIX = '.encrypting';
export const DECRYPTING_SUFFIX = '.decrypting';

function tryChmod(target: string, mode: number): void {
  try {
    if ((fs.statSync(target).mode & 0o777) !== mode) fs.chmodSync(target, mode);
  } catch {
    // Read-only folder or another owner: the open reports what it can and cannot do.
  }
}

/** Creates the data folder 0700 (or narrows an existing one) and narrows its files to 0600. */
export function secureDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tryChmod(dataDir, PRIVATE_DIR_MODE);
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        tryChmod(p, PRIVATE_DIR_MODE);
        walk(p);
      } else if (e.isFile()) tryChmod(p, PRIVATE_FILE_MODE);
    }
  };
  try {
    walk(dataDir);
  } catch {
    // unreadable: nothing to narrow
  }
}

/** Makes a private folder (0700) for store files. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tryChmod(dir, PRIVATE_DIR_MODE);
}

/** Creates `file` empty and 0600 unless it exists, so SQLite (which keeps the mode) writes a
 *  private file. */
export function ensurePrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    tryChmod(file, PRIVATE_FILE_MODE);
  }
}

/** Creates `file` empty and 0600, failing if anything (a planted link) already has the name. */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
}

/** Whether `file` starts with SQLite's plain header (an encrypted store's first page does not). */
export function isPlainSqlite(file: string): boolean {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(16);
    return fs.readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === 'SQLite format 3\u0000';
  } catch {
    return false;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/**
 * Overwrites `file` with random bytes, fsyncs, then deletes it. On flash storage overwriting is
 * best effort (wear levelling may keep old blocks); it still removes the copy any ordinary read
 * of the disk finds. Returns whether there was a file.
 */
export function overwriteAndDelete(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  try {
    const chunk = 1 << 20;
    for (let off = 0; off < size; off += chunk) fs.writeSync(fd, randomBytes(Math.min(chunk, size - off)), 0, Math.min(chunk, size - off), off);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.rmSync(file, { force: true });
  return true;
}

/**
 * Opens `file` now, so that what it held can be overwritten later even after SQLite deletes it:
 * closing a store folds its WAL into the file and unlinks it, and the unlinked blocks keep the
 * frames in clear. `overwrite()` writes random bytes over them through the held descriptor when
 * the file is gone by then (one still in place is another connection's live WAL: left alone).
 */
export function holdForOverwrite(file: string): { overwrite(): void } {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r+');
  } catch {
    // no such file: nothing to overwrite
  }
  return {
    overwrite() {
      if (fd === null) return;
      try {
        const st = fs.fstatSync(fd);
        if (st.nlink > 0) return;
        const chunk = 1 << 20;
        for (let off = 0; off < st.size; off += chunk) fs.writeSync(fd, randomBytes(Math.min(chunk, st.size - off)), 0, Math.min(chunk, st.size - off), off);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
        fd = null;
      }
    },
  };
}

export function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Directory fsync is not supported everywhere (Windows); the rename is still atomic.
  }
}

/**
 * Puts the re-encrypted copy `file + suffix` in place of `file`. The original is overwritten
 * first when it is plain (it held the data in clear), with any WAL, shared memory or journal
 * it left; then the copy is renamed over it.
 */
export function swapInCopy(file: string, suffix: string): void {
  for (const side of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (!fs.existsSync(side)) continue;
    if (side === file ? isPlainSqlite(side) : true) overwriteAndDelete(side);
    else fs.rmSync(side, { force: true });
  }
  fs.renameSync(file + suffix, file);
  fsyncDir(path.dirname(file));
}

/**
 * Finishes or undoes a swap a crash interrupted, for the database file and for each backup:
 * - a copy being encrypted, once the sealed key exists, is the store: swap it in (overwriting
 *   the plain original); without the sealed key it can never be opened: delete it;
 * - a copy being decrypted was complete when it was fsynced, but the encrypted original stays
 *   the store until the swap: delete the copy (turning encryption off is simply asked again).
 * And a plain database beside a sealed key with no copy left: encryption was being turned off
 * and the key file not yet removed — the plain file is the store.
 */
export function completeInterruptedSwaps(dbFile: string, backupsDir: string, keyFile: string): void {
  const keyExists = fs.existsSync(keyFile);
  const files = [dbFile];
  if (fs.existsSync(backupsDir)) {
    for (const name of fs.readdirSync(backupsDir)) {
      for (const suffix of [ENCRYPTING_SUFFIX, DECRYPTING_SUFFIX]) {
        if (name.endsWith(suffix)) files.push(path.join(backupsDir, name.slice(0, -suffix.length)));
      }
    }
  }
  for (const f of new Set(files)) {
    if (fs.existsSync(f + ENCRYPTING_SUFFIX)) {
      if (keyExists) swapInCopy(f, ENCRYPTING_SUFFIX);
      else fs.rmSync(f + ENCRYPTING_SUFFIX, { force: true });
    }
    if (fs.existsSync(f + DECRYPTING_SUFFIX)) overwriteAndDelete(f + DECRYPTING_SUFFIX);
  }
  if (keyExists && fs.existsSync(dbFile) && isPlainSqlite(dbFile)) fs.rmSync(keyFile, { force: true });
}
