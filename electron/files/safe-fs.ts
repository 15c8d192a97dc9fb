/**
 * How Spilno opens a file someone else named, and how it writes one in place.
 *
 * Threats (issue 15): a path from a hostile renderer, a file dropped in a shared inbox folder,
 * a name typed on the command line. Opening a FIFO for reading blocks until someone writes to
 * it (the whole server with it); `/dev/zero` reads forever (8.5 GB before the old code gave
 * up); a directory or a device is not a bundle; a symlink turns "this file" into any file the
 * user can read. Writing through a predictable temporary name (`<target>.part-<pid>`) follows a
 * symlink an attacker planted at that name and overwrites whatever it points to — the CLI
 * wrote the private age key that way.
 *
 * Reading: the file is opened with O_NOFOLLOW (a symlink as the last component is refused) and
 * O_NONBLOCK (opening a FIFO returns at once instead of waiting for a writer), then checked on
 * the open descriptor — a regular file, not over the size limit — and read from that same
 * descriptor, never by name again, and never past the limit even if the file grows.
 *
 * Writing: a temporary file in the target's own folder, with a random name, created with
 * O_CREAT|O_EXCL (an existing name — a planted symlink included — is an error, never
 * followed), written, fsynced, then renamed over the target (a rename replaces a symlink at the
 * target, it does not write through it), and the folder fsynced.
 *
 * Windows has no O_NOFOLLOW: there the path is checked with lstat just before the open (a
 * narrower race, documented rather than hidden).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../shared/api/errors.js';

const C = fs.constants;
const NOFOLLOW = C.O_NOFOLLOW ?? 0;
const NONBLOCK = C.O_NONBLOCK ?? 0;

function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 0);
}

function refusedFile(file: string, code: string | undefined): DomainError {
  const name = path.basename(file);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new DomainError('not_found', `No such file: ${name}`, { messageKey: 'file.missing', params: { file: name } });
  if (code === 'ELOOP' || code === 'EMLINK') return new DomainError('invalid_input', `${name} is a symbolic link; choose the file itself`, { messageKey: 'file.symlink', params: { file: name } });
  if (code === 'EISDIR') return new DomainError('invalid_input', `${name} is not a regular file`, { messageKey: 'file.notRegular', params: { file: name } });
  if (code === 'EACCES' || code === 'EPERM') return new DomainError('forbidden', `${name} cannot be read`, { messageKey: 'file.unreadable', params: { file: name } });
  return new DomainError('invalid_input', `${name} cannot be opened`, { messageKey: 'file.unreadable', params: { file: name } });
}

export function tooLarge(file: string, maxBytes: number): DomainError {
  const name = path.basename(file);
  return new DomainError('too_large', `${name} is over ${mb(maxBytes)} MB`, { messageKey: 'file.tooLarge', params: { file: name, mb: mb(maxBytes) } });
}

export interface OpenedFile {
  fd: number;
  size: number;
}

/** Opens a regular file for reading without following a symlink or waiting on a FIFO. */
export function openRegularFile(file: string, maxBytes: number): OpenedFile {
  if (NOFOLLOW === 0) {
    // No O_NOFOLLOW on this platform: refuse a link seen just before the open.
    let st: fs.Stats;
    try {
      st = fs.lstatSync(file);
    } catch (e) {
      throw refusedFile(file, (e as NodeJS.ErrnoException).code);
    }
    if (st.isSymbolicLink()) throw refusedFile(file, 'ELOOP');
  }
  let fd: number;
  try {
    fd = fs.openSync(file, C.O_RDONLY | NOFOLLOW | NONBLOCK);
  } catch (e) {
    throw refusedFile(file, (e as NodeJS.ErrnoException).code);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw refusedFile(file, 'EISDIR');
    if (st.size > maxBytes) throw tooLarge(file, maxBytes);
    return { fd, size: st.size };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** The whole of a small regular file (a contact card, a roster, a passphrase file). */
export function readRegularFile(file: string, maxBytes: number): Buffer {
  const { fd, size } = openRegularFile(file, maxBytes);
  try {
    // One byte more than the limit: a file that grew since fstat is still caught.
    const buf = Buffer.alloc(Math.min(size, maxBytes) + 1);
    let got = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
      if (got > maxBytes) throw tooLarge(file, maxBytes);
      if (got === buf.length) break;
    }
    return buf.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}

const CHUNK = 1024 * 1024;

/**
 * A regular file's bytes in chunks, read from the descriptor opened by `openRegularFile` (so
 * the checks hold for what is read), stopping at the limit. The descriptor closes when
 * iteration stops, however it stops.
 */
export async function* regularFileChunks(
  file: string, maxBytes: number, onRead: (bytes: number) => void = () => {},
): AsyncGenerator<Uint8Array> {
  const { fd } = openRegularFile(file, maxBytes);
  let total = 0;
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const n = await new Promise<number>((resolve, reject) =>
        fs.read(fd, buf, 0, CHUNK, null, (e, bytes) => (e ? reject(e) : resolve(bytes))));
      if (n === 0) return;
      total += n;
      if (total > maxBytes) throw tooLarge(file, maxBytes);
      onRead(n);
      yield buf.subarray(0, n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The same, read synchronously (a pass inside a database transaction, which cannot await). */
export function* regularFileChunksSync(file: string, maxBytes: number): Generator<Uint8Array> {
  const { fd } = openRegularFile(file, maxBytes);
  let total = 0;
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const n = fs.readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) return;
      total += n;
      if (total > maxBytes) throw tooLarge(file, maxBytes);
      yield buf.subarray(0, n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * An unpredictable temporary name beside `target`, for writers that must create the file by
 * name themselves (SQLite's backup API, VACUUM INTO): nobody can plant a link at a name they
 * cannot guess.
 */
export function tempNameBeside(target: string): string {
  const full = path.resolve(target);
  return path.join(path.dirname(full), `.${path.basename(full)}.${randomBytes(12).toString('hex')}.part`);
}

/** A file being written under a temporary name beside its target, published by `commit`. */
export class AtomicFile {
  private closed = false;
  bytes = 0;

  private constructor(readonly target: string, readonly tmp: string, private readonly fd: number) {}

  /** Creates the temporary file exclusively: a name that exists (a planted symlink) is never used. */
  static create(target: string, mode = 0o644): AtomicFile {
    const full = path.resolve(target);
    const dir = path.dirname(full);
    for (let attempt = 0; ; attempt++) {
      const tmp = tempNameBeside(full);
      try {
        const fd = fs.openSync(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | NOFOLLOW, mode);
        return new AtomicFile(full, tmp, fd);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // 96 random bits colliding means someone is filling the folder: give up after a few.
        if (code === 'EEXIST' && attempt < 3) continue;
        if (code === 'ENOENT' || code === 'ENOTDIR') throw new DomainError('not_found', `No such folder: ${dir}`, { messageKey: 'file.noFolder', params: { folder: path.basename(dir) } });
        if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new DomainError('forbidden', `Cannot write in ${dir}`, { messageKey: 'file.unwritable', params: { folder: path.basename(dir) } });
        throw e;
      }
    }
  }

  write(data: Uint8Array | string): void {
    const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < b.byteLength) off += fs.writeSync(this.fd, b, off, b.byteLength - off);
    this.bytes += b.byteLength;
  }

  /** Overwrites bytes written earlier at `position` (the end of the file stays where it is). */
  writeAt(data: Uint8Array, position: number): void {
    if (position + data.byteLength > this.bytes) throw new Error('writeAt beyond what was written');
    let off = 0;
    while (off < data.byteLength) off += fs.writeSync(this.fd, data, off, data.byteLength - off, position + off);
  }

  /** fsync, rename over the target, fsync the folder. Returns the target's full path. */
  commit(): string {
    try {
      fs.fsyncSync(this.fd);
    } finally {
      this.close();
    }
    try {
      fs.renameSync(this.tmp, this.target);
    } catch (e) {
      fs.rmSync(this.tmp, { force: true });
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST') {
        throw new DomainError('invalid_input', `${path.basename(this.target)} is a folder`, { messageKey: 'file.notRegular', params: { file: path.basename(this.target) } });
      }
      throw e;
    }
    fsyncDir(path.dirname(this.target));
    return this.target;
  }

  /** Drops the temporary file; the target is untouched. */
  abort(): void {
    this.close();
    fs.rmSync(this.tmp, { force: true });
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

/** Writes `data` to `target` atomically (see the header); `mode` 0o600 for secrets. */
export function writeFileAtomic(target: string, data: Uint8Array | string, mode = 0o644): string {
  const f = AtomicFile.create(target, mode);
  try {
    f.write(data);
  } catch (e) {
    f.abort();
    throw e;
  }
  return f.commit();
}

/** Creates `file` only if no such name exists (no symlink followed), with `data` in it. */
export function writeNewFile(file: string, data: string, mode = 0o644): void {
  const fd = fs.openSync(file, C.O_WRONLY | C.O_CREAT | C.O_EXCL | NOFOLLOW, mode);
  try {
    fs.writeSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
}

export function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Directory fsync is not supported everywhere (Windows); the rename is still atomic.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
