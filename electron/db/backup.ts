/**
 * Backups of the database file: where they live, how they are named, made and rotated (what a
 * restore accepts and how it swaps a backup in: db/restore.ts).
 *
 * Policy: backups sit in `<data dir>/backups/` as `spilno-<kind>-v<schema>-<UTC stamp>.db`.
 * They are written to a temporary name, fsynced and renamed, so a crash never leaves a
 * half-written file that looks like a backup. Rotation keeps the newest N of each kind
 * (a daily backup never pushes out the one taken before a migration), real ones before empty
 * ones; only a store on disk is backed up, never an in-memory one. An encrypted store's
 * backups are encrypted with the same key (SQLite's backup API refuses to copy an encrypted
 * store into a plain file, so those go through `VACUUM INTO`, which keeps the key).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tempNameBeside } from '../files/safe-fs.js';
import { cipherKeyOf, openKeyed } from './cipher.js';
import { maxChangeSeq } from './repos/change-log.repo.js';
import { createPrivateFile, fsyncDir, isPlainSqlite, makePrivateDir } from './store-files.js';

type Db = Database.Database;

export const BACKUP_KINDS = ['pre-migration', 'daily', 'manual', 'replaced'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

export const DEFAULT_BACKUP_KEEP = 7;

export interface BackupInfo {
  file: string;
  kind: BackupKind;
  schemaVersion: number;
  createdAt: string;
  bytes: number;
}

const NAME = /^spilno-(pre-migration|daily|manual|replaced)-v(\d+)-(\d{8}T\d{6}(?:\d{3})?Z)\.db$/;

export function backupDirFor(dbFile: string): string {
  return path.join(path.dirname(dbFile), 'backups');
}

function stampOf(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

function parseStamp(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})?Z$/.exec(stamp)!;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7] ?? '000'}Z`;
}

export function backupFileName(kind: BackupKind, schemaVersion: number, at: Date): string {
  return `spilno-${kind}-v${schemaVersion}-${stampOf(at)}.db`;
}

/** Backups in `dir`, newest first. Files that do not follow the naming scheme are ignored. */
export function listBackups(dir: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .flatMap((name) => {
      const m = NAME.exec(name);
      if (!m) return [];
      const file = path.join(dir, name);
      return [{
        file, kind: m[1] as BackupKind, schemaVersion: Number(m[2]), createdAt: parseStamp(m[3]!),
        bytes: fs.statSync(file).size,
      }];
    })
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.file.localeCompare(a.file)));
}

/** Opens a backup read-only: with `key` unless it is a plain file (one a crash left before its
 *  re-encryption, or a plain store's). */
export function openBackup(file: string, key: Buffer | null): Db {
  return key && !isPlainSqlite(file)
    ? openKeyed(file, key, { readonly: true })
    : new Database(file, { readonly: true, fileMustExist: true });
}

/**
 * Whether a backup holds anything: a store in which nothing was ever recorded (a fresh one, or
 * the empty in-memory store a locked context is bound to) has an empty change record. A file
 * that cannot be read with `key` holds nothing that can be restored either.
 */
export function backupHoldsData(file: string, key: Buffer | null): boolean {
  let db: Db | null = null;
  try {
    db = openBackup(file, key);
    return maxChangeSeq(db) > 0;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/**
 * Deletes all but the newest `keep` backups of `kind`; returns the deleted files. Backups that
 * hold data go before empty or unreadable ones whatever their age (issue 14: empty copies made
 * while the store was locked pushed the real daily backups out), so rotation never drops a real
 * backup while it keeps an empty one. `key` opens an encrypted folder's backups.
 */
export function rotateBackups(dir: string, kind: BackupKind, keep: number, key: Buffer | null = null): string[] {
  const ofKind = listBackups(dir).filter((b) => b.kind === kind);
  if (ofKind.length <= Math.max(1, keep)) return [];
  const real = ofKind.filter((b) => backupHoldsData(b.file, key));
  const empty = ofKind.filter((b) => !real.includes(b));
  const old = [...real, ...empty].slice(Math.max(1, keep));
  for (const b of old) fs.rmSync(b.file, { force: true });
  return old.map((b) => b.file);
}

export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function uniqueTarget(dir: string, kind: BackupKind, schemaVersion: number, at: Date): string {
  let t = at.getTime();
  let target = path.join(dir, backupFileName(kind, schemaVersion, new Date(t)));
  while (fs.existsSync(target)) target = path.join(dir, backupFileName(kind, schemaVersion, new Date(++t)));
  return target;
}

function publish(tmp: string, target: string): void {
  fsyncFile(tmp);
  fs.renameSync(tmp, target);
  fsyncDir(path.dirname(target));
}

export interface BackupOptions {
  kind: BackupKind;
  /** Folder for rotation-managed backups; ignored when `out` is given. */
  dir: string;
  /** Write exactly this file instead (CLI `--out`); not rotated. */
  out?: string;
  keep?: number;
  now?: Date;
}

function schemaOf(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** A backup is of a store on disk: an in-memory database (what a locked context is bound to)
 *  has nothing to keep, and a copy of it would count in rotation against real backups. */
function refuseInMemory(db: Db): void {
  if (db.memory) throw new Error('Refusing to back up a database that lives only in memory (a locked store?)');
}

/**
 * Online backup through SQLite's backup API: consistent even while the app keeps writing,
 * and it copies pages, so a large file costs disk bandwidth, not a rebuild.
 */
export async function backupDatabase(db: Db, options: BackupOptions): Promise<BackupInfo> {
  refuseInMemory(db);
  const at = options.now ?? new Date();
  const schemaVersion = schemaOf(db);
  const target = options.out
    ? path.resolve(options.out)
    : uniqueTarget(options.dir, options.kind, schemaVersion, at);
  if (options.out) fs.mkdirSync(path.dirname(target), { recursive: true });
  else makePrivateDir(options.dir);
  const tmp = tempNameBeside(target);
  // Made 0600 before SQLite writes it: SQLite keeps the mode of an (empty) existing file.
  createPrivateFile(tmp);
  const key = cipherKeyOf(db);
  try {
    if (key) db.prepare('VACUUM INTO ?').run(tmp);
    else await db.backup(tmp);
    // Never a plain copy of an encrypted store, whatever the driver did.
    if (key && isPlainSqlite(tmp)) throw new Error('The backup of an encrypted store came out unencrypted; not kept');
    publish(tmp, target);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  if (!options.out) rotateBackups(options.dir, options.kind, options.keep ?? DEFAULT_BACKUP_KEEP, key);
  return { file: target, kind: options.kind, schemaVersion, createdAt: at.toISOString(), bytes: fs.statSync(target).size };
}

/**
 * Synchronous snapshot for the migration path (which runs inside the synchronous open):
 * `VACUUM INTO` gives the same consistent, standalone file as the backup API.
 */
export function snapshotSync(db: Db, dir: string, kind: BackupKind, keep = DEFAULT_BACKUP_KEEP): string {
  refuseInMemory(db);
  makePrivateDir(dir);
  const target = uniqueTarget(dir, kind, schemaOf(db), new Date());
  const tmp = tempNameBeside(target);
  createPrivateFile(tmp);
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    publish(tmp, target);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  rotateBackups(dir, kind, keep, cipherKeyOf(db));
  return target;
}
