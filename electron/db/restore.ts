/**
 * Restore: what a file must be to replace the store, and how it replaces it.
 *
 * Policy (issue 14, defect 5): a restore must not be able to break the app or slip anything past
 * the change record. Any SQLite file with a `meta` table used to pass, after which every command
 * failed (`no such table`) and so did `restore --latest`; a real backup with one added trigger
 * passed too, and the trigger then rewrote rows behind the change log. Now a candidate is never
 * judged in place: it is copied, with the WAL kept beside it (a `replaced` store carries its last
 * commits there), into a private file in the data folder and opened there (SQLite replays the
 * WAL), and it must
 * - be a Spilno database of a version this app knows (1 … latest);
 * - have exactly the schema the app's migrations give that version: every table (with its
 *   columns), index, trigger and view compared by its SQL against a fresh in-memory store
 *   migrated to that version — nothing extra, nothing missing;
 * - pass `integrity_check` and `foreign_key_check`;
 * - migrate to the current version on that copy and arrive at exactly the current schema.
 * Only then is the copy renamed over the store, and the store it replaces is moved aside (kind
 * `replaced`) with its WAL and shared memory, so a wrong restore is itself undoable. The checking
 * connection runs with `trusted_schema` off, so nothing in a hostile file's schema calls a
 * function with side effects while it is being checked; the schema is compared before anything
 * else reads the rows. An encrypted store only takes a candidate that opens with its key (a plain
 * file beside the sealed key would read as "encryption being turned off").
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { backupDirFor, fsyncFile, listBackups, openBackup, uniqueTarget, type BackupInfo } from './backup.js';
import { openKeyed, type Db } from './cipher.js';
import { loadMigrations, migrate, type Migration } from './migrate.js';
import { fsyncDir, makePrivateDir, overwriteAndDelete, PRIVATE_FILE_MODE } from './store-files.js';

/** Why a candidate was refused; the service turns it into a catalogued message. */
export type RestoreRefusal = 'missing' | 'unreadable' | 'not_spilno' | 'newer' | 'schema' | 'integrity' | 'foreign_key' | 'migration';

export class RestoreRefused extends Error {
  constructor(readonly reason: RestoreRefusal, readonly problem: string) {
    super(`Backup rejected: ${problem}`);
    this.name = 'RestoreRefused';
  }
}

/** Prefix of the private copies a candidate is checked and migrated in (data folder). */
export const CANDIDATE_PREFIX = '.restore-candidate.db.';

interface SchemaRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/** Every schema object by "type name", with its table and SQL. Statistics tables (ANALYZE)
 *  only steer the query planner; they are not part of the schema a migration defines. */
function schemaObjects(db: Db): Map<string, string> {
  const rows = db.prepare("SELECT type, name, tbl_name, sql FROM main.sqlite_schema WHERE name NOT GLOB 'sqlite_stat*'").all() as SchemaRow[];
  return new Map(rows.map((r) => [`${r.type} ${r.name}`, `${r.tbl_name}\n${r.sql ?? ''}`]));
}

/** The schema this app's migrations give `version`, read from a fresh in-memory store. */
export function appSchemaAt(version: number, migrations: Migration[] = loadMigrations()): Map<string, string> {
  const db = new Database(':memory:');
  try {
    migrate(db, null, migrations.slice(0, version));
    return schemaObjects(db);
  } finally {
    db.close();
  }
}

/** How `actual` differs from `expected`: "extra trigger x", "missing index y", "changed table z". */
export function schemaDifferences(actual: Map<string, string>, expected: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of actual) {
    if (!expected.has(k)) out.push(`extra ${k}`);
    else if (expected.get(k) !== v) out.push(`changed ${k}`);
  }
  for (const k of expected.keys()) if (!actual.has(k)) out.push(`missing ${k}`);
  return out.sort();
}

function listed(items: string[], max = 5): string {
  return items.slice(0, max).join('; ') + (items.length > max ? ` (+${items.length - max} more)` : '');
}

function sqliteCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** SQLite's complaints about the candidate become refusals; anything else (the data folder
 *  cannot be written, the disk is full) is not the backup's fault and is thrown as it is. */
function refusalOf(e: unknown): RestoreRefused {
  if (e instanceof RestoreRefused) return e;
  const code = sqliteCode(e);
  if (!code.startsWith('SQLITE_')) throw e;
  return new RestoreRefused(code.startsWith('SQLITE_CORRUPT') ? 'integrity' : 'unreadable', (e as Error).message);
}

/** Checks an open candidate; returns its schema version. */
function inspect(db: Db, latestSchema: number, migrations: Migration[]): number {
  db.pragma('trusted_schema = OFF');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > latestSchema) throw new RestoreRefused('newer', `Backup schema v${version} is newer than this app (v${latestSchema})`);
  const objects = schemaObjects(db);
  if (version < 1 || !objects.has('table meta')) throw new RestoreRefused('not_spilno', 'Not a Spilno database');
  const diff = schemaDifferences(objects, appSchemaAt(version, migrations));
  if (diff.length > 0) throw new RestoreRefused('schema', `Its schema is not Spilno's schema v${version}: ${listed(diff)}`);
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  if (integrity.length !== 1 || integrity[0] !== 'ok') throw new RestoreRefused('integrity', `integrity_check: ${listed(integrity, 3)}`);
  const orphans = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  if (orphans.length > 0) {
    throw new RestoreRefused('foreign_key', `foreign_key_check: ${orphans.length} row(s) refer to nothing, e.g. ${listed(orphans.map((o) => `${o.table} row ${o.rowid} → ${o.parent}`), 3)}`);
  }
  return version;
}

/** Copies `from` into a new private file `to` (never through an existing name), fsynced. */
function copyPrivate(from: string, to: string): void {
  const src = fs.openSync(from, 'r');
  try {
    const dst = fs.openSync(to, 'wx', PRIVATE_FILE_MODE);
    try {
      const buf = Buffer.alloc(1 << 20);
      for (let off = 0; ;) {
        const n = fs.readSync(src, buf, 0, buf.length, off);
        if (n === 0) break;
        fs.writeSync(dst, buf, 0, n, off);
        off += n;
      }
      fs.fsyncSync(dst);
    } finally {
      fs.closeSync(dst);
    }
  } finally {
    fs.closeSync(src);
  }
}

export interface RestoreCandidate {
  /** The checked, migrated copy, ready to be renamed over the store. */
  file: string;
  source: string;
  /** The backup's own schema version (before migration). */
  schemaVersion: number;
}

function removeCandidateFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

/**
 * Copies `source` (with its WAL) into `workDir`, checks it and migrates it there. Throws
 * RestoreRefused, leaving nothing behind, when it is not a store this app can take.
 */
export function prepareRestoreCandidate(
  source: string, workDir: string, latestSchema: number, key: Buffer | null, migrations: Migration[] = loadMigrations(),
): RestoreCandidate {
  const st = fs.statSync(source, { throwIfNoEntry: false });
  if (!st?.isFile()) throw new RestoreRefused('missing', 'No such file');
  makePrivateDir(workDir);
  const file = path.join(workDir, CANDIDATE_PREFIX + randomBytes(12).toString('hex'));
  let db: Db | null = null;
  try {
    copyPrivate(source, file);
    // A store moved aside by a restore (or left by a crash) keeps its last commits in its WAL.
    if (fs.existsSync(`${source}-wal`)) copyPrivate(`${source}-wal`, `${file}-wal`);
    db = key ? openKeyed(file, key) : new Database(file, { fileMustExist: true });
    const schemaVersion = inspect(db, latestSchema, migrations);
    try {
      migrate(db, null, migrations);
    } catch (e) {
      throw new RestoreRefused('migration', `Migrating it to v${latestSchema} failed: ${(e as Error).message}`);
    }
    const after = schemaDifferences(schemaObjects(db), appSchemaAt(latestSchema, migrations));
    if (after.length > 0) throw new RestoreRefused('migration', `After migration its schema is not v${latestSchema}: ${listed(after)}`);
    // One self-contained file: the WAL folded in and removed (the store reopens it in WAL mode).
    db.pragma('journal_mode = DELETE');
    db.close();
    db = null;
    for (const side of ['-wal', '-shm', '-journal']) fs.rmSync(file + side, { force: true });
    fsyncFile(file);
    return { file, source, schemaVersion };
  } catch (e) {
    if (db?.open) db.close();
    removeCandidateFiles(file);
    throw refusalOf(e);
  }
}

export interface BackupValidation {
  ok: boolean;
  schemaVersion: number | null;
  problem: string | null;
  reason: RestoreRefusal | null;
}

/** Whether `file` would be restored: the whole check (copy, WAL, schema, migration) on a
 *  private copy in `workDir` that is then removed. */
export function validateBackupFile(file: string, latestSchema: number, key: Buffer | null = null, workDir = path.dirname(file)): BackupValidation {
  try {
    const c = prepareRestoreCandidate(file, workDir, latestSchema, key);
    removeCandidateFiles(c.file);
    return { ok: true, schemaVersion: c.schemaVersion, problem: null, reason: null };
  } catch (e) {
    // Not the file's fault (the folder cannot be written): it cannot be restored here either.
    if (!(e instanceof RestoreRefused)) return { ok: false, schemaVersion: null, problem: (e as Error).message, reason: 'unreadable' };
    return { ok: false, schemaVersion: null, problem: e.problem, reason: e.reason };
  }
}

/** The newest backup that would be restored, skipping refused ones. */
export function newestGoodBackup(dir: string, latestSchema: number, key: Buffer | null = null): BackupInfo | null {
  for (const b of listBackups(dir)) {
    if (validateBackupFile(b.file, latestSchema, key, dir).ok) return b;
  }
  return null;
}

/** The schema version of a file that may be damaged (0 when it cannot be read). */
function peekSchema(file: string, key: Buffer | null): number {
  let db: Db | null = null;
  try {
    db = openBackup(file, key);
    return db.pragma('user_version', { simple: true }) as number;
  } catch {
    return 0;
  } finally {
    db?.close();
  }
}

export interface RestoreReport {
  restoredFrom: string;
  /** Where the replaced database went (null when there was none). */
  replacedKeptAt: string | null;
  schemaVersion: number;
}

/**
 * Renames a prepared candidate over `dbFile`, moving the store it replaces (with its WAL and
 * shared memory) into the backup folder. The caller must have closed every connection to it.
 */
export function installRestoreCandidate(dbFile: string, candidate: RestoreCandidate, key: Buffer | null): RestoreReport {
  const dir = backupDirFor(dbFile);
  makePrivateDir(dir);
  let replacedKeptAt: string | null = null;
  if (fs.existsSync(dbFile)) {
    replacedKeptAt = uniqueTarget(dir, 'replaced', peekSchema(dbFile, key), new Date());
    fs.renameSync(dbFile, replacedKeptAt);
    for (const suffix of ['-wal', '-shm']) {
      if (fs.existsSync(dbFile + suffix)) fs.renameSync(dbFile + suffix, replacedKeptAt + suffix);
    }
    fsyncDir(dir);
  }
  fs.renameSync(candidate.file, dbFile);
  fsyncDir(path.dirname(dbFile));
  return { restoredFrom: candidate.source, replacedKeptAt, schemaVersion: candidate.schemaVersion };
}

/**
 * The newest backup in the backup folder that passes every check, prepared for the swap (a
 * refused one is skipped: a file planted or damaged in the folder never stops `--latest`).
 */
export function prepareNewestGoodBackup(dbFile: string, latestSchema: number, key: Buffer | null): RestoreCandidate {
  const refused: string[] = [];
  for (const b of listBackups(backupDirFor(dbFile))) {
    try {
      return prepareRestoreCandidate(b.file, path.dirname(dbFile), latestSchema, key);
    } catch (e) {
      if (!(e instanceof RestoreRefused)) throw e;
      refused.push(`${path.basename(b.file)}: ${e.problem}`);
    }
  }
  throw new RestoreRefused('missing', refused.length ? `No backup passes the checks (${listed(refused, 3)})` : 'There is no backup');
}

/** Copies a crash left mid-check (they may hold a plain store's rows): destroyed on open. */
export function discardRestoreLeftovers(dataDir: string): void {
  for (const name of fs.readdirSync(dataDir)) {
    if (name.startsWith(CANDIDATE_PREFIX)) overwriteAndDelete(path.join(dataDir, name));
  }
}
