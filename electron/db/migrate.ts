/**
 * Forward-only migrations. Each `NNNN-name.sql` in ./migrations is applied once, in order, in
 * its own transaction together with the `user_version` bump, so a crash leaves the database at
 * the previous version, never between two. Before the first pending migration the file is
 * copied aside as a `pre-migration` backup (see backup.ts; `VACUUM INTO` because the open path
 * is synchronous — a consistent snapshot even in WAL mode): a migration bug in the field must
 * not cost a unit its plans.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { backupDirFor, snapshotSync } from './backup.js';

export { backupDirFor } from './backup.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((f, i) => {
      const version = Number(f.slice(0, 4));
      if (version !== i + 1) throw new Error(`Migration ${f} is out of sequence (expected ${i + 1})`);
      return { version, name: f, sql: fs.readFileSync(path.join(dir, f), 'utf8') };
    });
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function backupBeforeMigration(db: Database.Database, dbFile: string): string {
  return snapshotSync(db, backupDirFor(dbFile), 'pre-migration');
}

export interface MigrationReport {
  from: number;
  to: number;
  backup: string | null;
}

export function migrate(
  db: Database.Database,
  dbFile: string | null,
  migrations: Migration[] = loadMigrations(),
): MigrationReport {
  const from = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new Error(
      `Database schema v${from} is newer than this Spilno (v${latest}); update the app first.`,
    );
  }
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from, backup: null };
  const backup = from > 0 && dbFile ? backupBeforeMigration(db, dbFile) : null;
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: latest, backup };
}
