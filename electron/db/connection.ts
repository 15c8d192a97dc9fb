/**
 * The one module that owns SQLite connections.
 *
 * Durability policy: WAL with `synchronous = FULL`. A field laptop loses power; with NORMAL,
 * WAL mode may roll back the last commits after a power cut (SQLite docs, "synchronous"),
 * and a planner who saw "saved" must find it saved. `foreign_keys = ON` because SQLite leaves it
 * off by default. A busy timeout because the CLI and the app may open the same file.
 *
 * Integrity policy: every open runs `PRAGMA quick_check`. A file that fails it (or a folder we
 * cannot write) is reopened read-only and reported through `openHealth`: the context then
 * blocks writes and offers a restore, instead of letting new work land on a damaged file.
 *
 * Encryption at rest: with `cipherKey` the file is opened through better-sqlite3-multiple-ciphers
 * (same API, SQLite with page encryption) and keyed before any read. The
 * plain driver stays the default so an unencrypted store pays nothing.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { openKeyed } from './cipher.js';
import { migrate } from './migrate.js';
import { ensurePrivateFile, makePrivateDir } from './store-files.js';

// The cipher driver has its own module (backups need it, and migrations need backups).
export { CIPHER, cipherDatabaseClass, cipherKeyOf, openKeyed } from './cipher.js';

export type Db = Database.Database;

export const DB_FILE_NAME = 'spilno.db';

export interface OpenOptions {
  /** Path of the Electron build of the native addon; Node uses the one in node_modules. */
  nativeBinding?: string;
  readonly?: boolean;
  /** Skip migrations (used by the migration tests to open old versions). */
  skipMigrations?: boolean;
  /** Skip `quick_check` (benchmarks of raw throughput; never the app). */
  skipQuickCheck?: boolean;
  /** 32-byte database key: the file is encrypted at rest (see security/at-rest.ts). */
  cipherKey?: Buffer;
  /** Native addon of the cipher driver for Electron (like `nativeBinding`). */
  cipherNativeBinding?: string;
}

/** Why a database was opened read-only when the caller asked for read-write. */
export interface OpenHealth {
  writable: boolean;
  blockedBy: 'integrity' | 'read_only' | null;
  detail: string;
}

const health = new WeakMap<Db, OpenHealth>();

export function openHealth(db: Db): OpenHealth {
  return health.get(db) ?? { writable: !db.readonly, blockedBy: db.readonly ? 'read_only' : null, detail: '' };
}

/** `quick_check` result: null when the file is sound, otherwise what SQLite reported. */
export function quickCheck(db: Db): string | null {
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    return rows.length === 1 && rows[0]!.quick_check === 'ok' ? null : rows.map((r) => r.quick_check).join('; ');
  } catch (e) {
    return (e as Error).message;
  }
}

/** The `code` an SQLite or file-system error carries ('' when none). */
function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function isReadOnlyFailure(e: unknown): boolean {
  const code = errorCode(e);
  return code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EROFS';
}

function isCorruption(e: unknown): boolean {
  const code = errorCode(e);
  return code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB');
}

function configure(db: Db, readonly: boolean): void {
  db.pragma('busy_timeout = 5000');
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Temporary tables, sorts, transient indexes and statement journals in memory, never in the
  // system temp folder: SQLite writes those files in clear even for an encrypted store (the
  // cipher covers the database, its journal and WAL only), so they could hold plans and names
  // from an encrypted store (issue 14, measured). The app keeps no large scratch data in TEMP:
  // sync imports stage in tables of the store itself.
  db.pragma('temp_store = MEMORY');
  // SQLite's lower()/LIKE fold only ASCII; planners search Cyrillic code names in any case.
  db.function('unicode_lower', { deterministic: true }, (s: unknown) =>
    typeof s === 'string' ? s.toLocaleLowerCase('uk') : s,
  );
}

/**
 * Runs `fn` with a page cache of `mb` megabytes on this connection, then restores the previous
 * size. A large transaction whose pages outgrow the cache (2 MB by default) spills them to the
 * WAL before it commits; the cache bounds the memory this costs.
 */
export function withPageCache<T>(db: Db, mb: number, fn: () => T): T {
  const before = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${-Math.round(mb * 1024)}`);
  try {
    return fn();
  } finally {
    if (db.open) db.pragma(`cache_size = ${before}`);
  }
}

/** The database key, protected by a passphrase (security/at-rest.ts); its presence means the
 *  store is encrypted. */
export const DB_KEY_FILE = 'db-key.json';

export function encryptionEnabled(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, DB_KEY_FILE));
}

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DB_FILE_NAME);
}

/** A read-only in-memory copy of `file` (marked rollback-journal so SQLite needs no -shm). */
function openSnapshot(file: string, binding: { nativeBinding?: string }): Db {
  const image = fs.readFileSync(file);
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) {
    image[18] = 1;
    image[19] = 1;
  }
  const db = new Database(image, { readonly: true, ...binding });
  configure(db, true);
  return db;
}

export function openDatabaseFile(file: string, options: OpenOptions = {}): Db {
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const key = options.cipherKey;
  const cipherBinding = options.cipherNativeBinding ? { nativeBinding: options.cipherNativeBinding } : {};
  const create = (readonly: boolean): Db =>
    key ? openKeyed(file, key, { readonly, ...cipherBinding })
      : new Database(file, { ...(readonly ? { readonly: true, fileMustExist: true } : {}), ...binding });
  const openReadOnly = (): Db => {
    const db = create(true);
    try {
      configure(db, true);
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch (e) {
      // A WAL file in a folder we cannot write cannot be opened in place (SQLite needs its
      // -shm file): read a snapshot of it in memory instead.
      if (isReadOnlyFailure(e) && !key) {
        db.close();
        return openSnapshot(file, binding);
      }
      // A damaged file must still open, so the user can read what is left and restore.
      if (!isCorruption(e)) throw e;
    }
    return db;
  };
  if (options.readonly) return openReadOnly();
  let db: Db | null = null;
  try {
    makePrivateDir(path.dirname(file));
    ensurePrivateFile(file);
    db = create(false);
    configure(db, false);
    // SQLite silently opens a file it cannot write read-only; find out now, not at the first save.
    db.exec('BEGIN IMMEDIATE; ROLLBACK');
  } catch (e) {
    if ((!isReadOnlyFailure(e) && !isCorruption(e)) || !fs.existsSync(file)) throw e;
    if (db?.open) db.close();
    const ro = openReadOnly();
    health.set(ro, {
      writable: false, blockedBy: isCorruption(e) ? 'integrity' : 'read_only', detail: (e as Error).message,
    });
    return ro;
  }
  const damage = options.skipQuickCheck ? null : quickCheck(db);
  if (damage) {
    db.close();
    const ro = openReadOnly();
    health.set(ro, { writable: false, blockedBy: 'integrity', detail: damage });
    return ro;
  }
  if (!options.skipMigrations) {
    try {
      migrate(db, file);
    } catch (e) {
      if (!isReadOnlyFailure(e)) throw e;
      health.set(db, { writable: false, blockedBy: 'read_only', detail: (e as Error).message });
    }
  }
  return db;
}

export function openDataDir(dataDir: string, options: OpenOptions = {}): Db {
  return openDatabaseFile(databasePath(dataDir), options);
}
