/**
 * The one module that owns SQLite connections.
 *
 * Durability policy: WAL with `synchronous = FULL`. A field laptop loses power; with NORMAL,
 * WAL mode may roll back the last commits after a power cut (SQLite docs, "synchronous"),
 * and a planner who saw "saved" must find it saved. `foreign_keys = ON` because SQLite leaves it
 * off by default. A busy timeout because the CLI and the app may open the same file.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from './migrate.js';

export type Db = Database.Database;

export const DB_FILE_NAME = 'spilno.db';

export interface OpenOptions {
  /** Path of the Electron build of the native addon; Node uses the one in node_modules. */
  nativeBinding?: string;
  readonly?: boolean;
  /** Skip migrations (used by the migration tests to open old versions). */
  skipMigrations?: boolean;
}

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DB_FILE_NAME);
}

export function openDatabaseFile(file: string, options: OpenOptions = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // SQLite's lower()/LIKE fold only ASCII; planners search Cyrillic code names in any case.
  db.function('unicode_lower', { deterministic: true }, (s: unknown) =>
    typeof s === 'string' ? s.toLocaleLowerCase('uk') : s,
  );
  if (!options.skipMigrations && !options.readonly) migrate(db, file);
  return db;
}

export function openDataDir(dataDir: string, options: OpenOptions = {}): Db {
  return openDatabaseFile(databasePath(dataDir), options);
}
