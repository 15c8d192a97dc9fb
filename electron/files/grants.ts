/**
 * File handles: the only way a file reaches the API (issue 15).
 *
 * Policy: the renderer never names a path. A file or folder reaches a contract method as an
 * opaque handle the core issued, in one of three ways:
 * - the shell granted it: the user chose it in a dialog of Electron's main process (open, save
 *   or folder), or named it on `spilno web`'s command line (the folder exchange in browser
 *   mode). Granting is not a contract method: only the relaying thread can ask for it
 *   (electron/core/protocol.ts), never the page;
 * - the page uploaded it (browser mode): bytes sent in pieces through the API, kept in a
 *   private staging folder, under a size limit;
 * - the core wrote it for the page to save (browser mode): a bundle export staged for download
 *   and read back in pieces.
 * A handle is 128 random bits, names one grant of one kind (read, write, folder, upload,
 * download), and expires an hour after its last use; a save grant is spent by one write. Files behind
 * read grants are still opened with the checks of safe-fs.ts (regular, not a link, size limit)
 * when they are read: a dialog answers with a name, not with a promise about what the name
 * will point to.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import type { FileChoice, FolderRole, GrantKind } from '../../shared/api/files.js';
import { LIMITS } from '../../shared/domain/bounds.js';
import { openRegularFile, tooLarge } from './safe-fs.js';

/** What the shell may grant: a path the user chose, and what for. */
export interface GrantRequest {
  kind: 'read' | 'write' | 'folder';
  path: string;
  /** For folders: which side of the folder exchange. */
  role?: FolderRole;
}

interface Grant {
  kind: GrantKind;
  path: string;
  name: string;
  size: number | null;
  role: FolderRole | null;
  lastUsed: number;
  /** Folders granted for the session (command line) do not expire. */
  expires: boolean;
  /** Uploads: bytes received so far, and the open staging file. */
  received: number;
  fd: number | null;
}

const IDLE_MS = 60 * 60_000;
const MAX_GRANTS = 256;
/** Uploads and downloads staged at once; the oldest goes first. */
const MAX_STAGED = 8;

function unknownHandle(): DomainError {
  return new DomainError('not_found', 'The chosen file is no longer available; choose it again', { messageKey: 'file.handleUnknown' });
}

function wrongKind(): DomainError {
  return new DomainError('invalid_input', 'That choice does not fit this action; choose the file again', { messageKey: 'file.handleKind' });
}

export class FileGrants {
  private readonly grants = new Map<string, Grant>();
  private staging: string | null = null;

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** A grant from the shell (dialog or command line). Checked now, and again at use. */
  grant(req: GrantRequest, options: { expires?: boolean } = {}): FileChoice {
    const full = path.resolve(req.path);
    const name = path.basename(full);
    if (req.kind === 'read') {
      const { fd, size } = openRegularFile(full, LIMITS.bundleBytes);
      fs.closeSync(fd);
      return this.add({ kind: 'read', path: full, name, size, role: null, expires: options.expires ?? true });
    }
    if (req.kind === 'folder') {
      const st = fs.lstatSync(full, { throwIfNoEntry: false });
      if (!st) throw new DomainError('not_found', `No such folder: ${name}`, { messageKey: 'file.noFolder', params: { folder: name } });
      if (!st.isDirectory()) throw new DomainError('invalid_input', `${name} is not a folder`, { messageKey: 'file.notRegular', params: { file: name } });
      if (req.role) for (const [h, g] of this.grants) if (g.kind === 'folder' && g.role === req.role) this.drop(h);
      return this.add({ kind: 'folder', path: full, name, size: null, role: req.role ?? null, expires: options.expires ?? true });
    }
    return this.add({ kind: 'write', path: full, name, size: null, role: null, expires: true });
  }

  /** The file behind a read grant or a complete upload. */
  readable(handle: string): { path: string; name: string; size: number } {
    const g = this.use(handle);
    if (g.kind === 'upload') {
      if (g.size === null || g.received !== g.size) {
        throw new DomainError('invalid_input', 'The file did not arrive whole', { messageKey: 'file.uploadIncomplete' });
      }
      return { path: g.path, name: g.name, size: g.size };
    }
    if (g.kind !== 'read') throw wrongKind();
    return { path: g.path, name: g.name, size: g.size ?? 0 };
  }

  /** The target of a save grant (released by the caller once written). */
  writable(handle: string): { path: string; name: string } {
    const g = this.use(handle);
    if (g.kind !== 'write') throw wrongKind();
    return { path: g.path, name: g.name };
  }

  folder(handle: string): { path: string; name: string } {
    const g = this.use(handle);
    if (g.kind !== 'folder') throw wrongKind();
    return { path: g.path, name: g.name };
  }

  /** The folders granted for the exchange, newest per side. */
  folders(): { outbox: FileChoice | null; inbox: FileChoice | null } {
    this.sweep();
    const pick = (role: FolderRole) => {
      const found = [...this.grants].filter(([, g]) => g.kind === 'folder' && g.role === role).pop();
      return found ? this.choice(found[0], found[1]) : null;
    };
    return { outbox: pick('outbox'), inbox: pick('inbox') };
  }

  /** Starts an upload of `size` bytes into a private staging file. */
  beginUpload(name: string, size: number): FileChoice {
    if (size > LIMITS.bundleBytes) throw tooLarge(name, LIMITS.bundleBytes);
    this.makeRoomForStaged();
    const file = this.stagingFile();
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    return this.add({ kind: 'upload', path: file, name: path.basename(name), size, role: null, expires: true, fd });
  }

  /** Appends the next piece; pieces must arrive in order, and never past the declared size. */
  appendUpload(handle: string, offset: number, bytes: Buffer): { received: number; complete: boolean } {
    const g = this.use(handle);
    if (g.kind !== 'upload' || g.fd === null) throw wrongKind();
    if (offset !== g.received) {
      throw new DomainError('invalid_input', `Expected the piece at byte ${g.received}, got ${offset}`, { messageKey: 'file.uploadIncomplete' });
    }
    if (g.received + bytes.length > (g.size ?? 0)) throw tooLarge(g.name, g.size ?? 0);
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(g.fd, bytes, off, bytes.length - off, g.received + off);
    g.received += bytes.length;
    const complete = g.received === g.size;
    if (complete) {
      fs.fsyncSync(g.fd);
      fs.closeSync(g.fd);
      g.fd = null;
    }
    return { received: g.received, complete };
  }

  /** A fresh private file for the core to write a download into, registered by `publish`. */
  stageDownload(name: string): { file: string; publish(): FileChoice } {
    this.makeRoomForStaged();
    const file = this.stagingFile();
    return {
      file,
      publish: () => {
        const size = fs.statSync(file).size;
        return this.add({ kind: 'download', path: file, name: path.basename(name), size, role: null, expires: true });
      },
    };
  }

  /** Up to `length` bytes of a download from `offset`. */
  readDownload(handle: string, offset: number, length: number): { bytes: Buffer; done: boolean } {
    const g = this.use(handle);
    if (g.kind !== 'download') throw wrongKind();
    const size = g.size ?? 0;
    const n = Math.max(0, Math.min(length, size - offset));
    const bytes = Buffer.alloc(n);
    if (n > 0) {
      const fd = fs.openSync(g.path, 'r');
      try {
        let got = 0;
        while (got < n) {
          const r = fs.readSync(fd, bytes, got, n - got, offset + got);
          if (r === 0) break;
          got += r;
        }
      } finally {
        fs.closeSync(fd);
      }
    }
    return { bytes, done: offset + n >= size };
  }

  /** Forgets a handle; a staged upload or download is deleted with it. */
  release(handle: string): boolean {
    if (!this.grants.has(handle)) return false;
    this.drop(handle);
    return true;
  }

  /** Deletes every staged file (the core is closing). */
  dispose(): void {
    for (const h of [...this.grants.keys()]) this.drop(h);
    if (this.staging) fs.rmSync(this.staging, { recursive: true, force: true });
    this.staging = null;
  }

  private add(g: Omit<Grant, 'lastUsed' | 'received' | 'fd'> & { fd?: number }): FileChoice {
    this.sweep();
    while (this.grants.size >= MAX_GRANTS) this.drop(this.grants.keys().next().value!);
    const handle = `fh_${randomBytes(16).toString('base64url')}`;
    const grant: Grant = { ...g, lastUsed: this.nowMs(), received: 0, fd: g.fd ?? null };
    this.grants.set(handle, grant);
    return this.choice(handle, grant);
  }

  private choice(handle: string, g: Grant): FileChoice {
    return { handle, kind: g.kind, name: g.name, size: g.size, role: g.role };
  }

  private use(handle: string): Grant {
    this.sweep();
    const g = this.grants.get(handle);
    if (!g) throw unknownHandle();
    g.lastUsed = this.nowMs();
    return g;
  }

  private sweep(): void {
    const now = this.nowMs();
    for (const [h, g] of this.grants) if (g.expires && now - g.lastUsed > IDLE_MS) this.drop(h);
  }

  private drop(handle: string): void {
    const g = this.grants.get(handle);
    if (!g) return;
    this.grants.delete(handle);
    if (g.fd !== null) fs.closeSync(g.fd);
    if (g.kind === 'upload' || g.kind === 'download') fs.rmSync(g.path, { force: true });
  }

  private makeRoomForStaged(): void {
    const staged = [...this.grants].filter(([, g]) => g.kind === 'upload' || g.kind === 'download');
    for (const [h] of staged.slice(0, Math.max(0, staged.length - MAX_STAGED + 1))) this.drop(h);
  }

  /** A private folder (0700) of this core in the OS temp folder: staged files are bundles,
   *  which are encrypted, and nothing there outlives the core. */
  private stagingFile(): string {
    this.staging ??= fs.mkdtempSync(path.join(os.tmpdir(), 'spilno-transfer-'));
    return path.join(this.staging, randomBytes(16).toString('hex'));
  }
}
