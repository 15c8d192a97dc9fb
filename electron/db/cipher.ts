/**
 * The cipher build of SQLite for stores encrypted at rest (see security/at-rest.ts): the driver,
 * loaded only when an encrypted store is opened, the cipher every open must name, and the key
 * each keyed connection was opened with (backups of an encrypted store need it). A module of its
 * own so that the connection, migrations and backups can all use it without importing each
 * other in a circle.
 */
import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';

export type Db = Database.Database;

const require = createRequire(import.meta.url);
let cipherDriver: typeof Database | null = null;

/** The cipher build of SQLite, loaded only when an encrypted store is opened. */
export function cipherDatabaseClass(): typeof Database {
  cipherDriver ??= require('better-sqlite3-multiple-ciphers') as typeof Database;
  return cipherDriver;
}

/**
 * AEGIS-256 (authenticated, AES-NI accelerated): measured at ~1.0× the unencrypted write and
 * read time here, against ~1.3× / 1.1× for the library's default ChaCha20-Poly1305 and more for
 * the SQLCipher scheme. The cipher is not recorded in the file, so every open must name it.
 */
export const CIPHER = 'aegis';

const cipherKeys = new WeakMap<Db, Buffer>();

/** The key a connection was opened with (backups of an encrypted store need it). */
export function cipherKeyOf(db: Db): Buffer | null {
  return cipherKeys.get(db) ?? null;
}

/** Opens `file` with the cipher driver and keys it; a wrong key fails here with SQLITE_NOTADB. */
export function openKeyed(file: string, key: Buffer, options: { readonly?: boolean; nativeBinding?: string } = {}): Db {
  const Driver = cipherDatabaseClass();
  const db = new Driver(file, {
    readonly: options.readonly ?? false, ...(options.readonly ? { fileMustExist: true } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    db.pragma(`cipher='${CIPHER}'`);
    db.pragma(`hexkey='${key.toString('hex')}'`);
    db.pragma('temp_store = MEMORY'); // see configure() in connection.ts: temp files are not encrypted
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (e) {
    db.close();
    throw e;
  }
  cipherKeys.set(db, key);
  return db;
}

