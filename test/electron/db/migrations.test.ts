import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databasePath, openDatabaseFile } from '../../../electron/db/connection.js';
import { backupDirFor, loadMigrations, migrate, schemaVersion } from '../../../electron/db/migrate.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function freshFile(): string {
  const d = tempDataDir();
  dirs.push(d);
  return databasePath(d);
}

describe('connection', () => {
  it('opens with WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const db = openDatabaseFile(freshFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });
});

describe('migrations', () => {
  const all = loadMigrations();

  it('are numbered without gaps and bring a new file to the latest version', () => {
    expect(all.map((m) => m.version)).toEqual(all.map((_, i) => i + 1));
    const db = openDatabaseFile(freshFile());
    expect(schemaVersion(db)).toBe(all.length);
    db.close();
  });

  // Each migration from its previous version: the database at v(n-1) with data in it must
  // migrate to v(n) with the data intact and a backup taken first.
  for (const m of all.slice(1)) {
    it(`${m.name} applies on top of v${m.version - 1} holding data, after a backup`, () => {
      const file = freshFile();
      const db = openDatabaseFile(file, { skipMigrations: true });
      migrate(db, file, all.slice(0, m.version - 1));
      db.prepare("INSERT INTO meta (key, value) VALUES ('probe', 'kept')").run();
      const report = migrate(db, file, all.slice(0, m.version));
      expect(report).toMatchObject({ from: m.version - 1, to: m.version });
      expect(report.backup && fs.existsSync(report.backup)).toBe(true);
      expect(db.prepare("SELECT value FROM meta WHERE key = 'probe'").get()).toEqual({ value: 'kept' });
      const backup = new Database(report.backup!, { readonly: true });
      expect(backup.pragma('user_version', { simple: true })).toBe(m.version - 1);
      backup.close();
      db.close();
    });
  }

  it('rolls back a failing migration whole: version and schema unchanged', () => {
    const file = freshFile();
    const db = openDatabaseFile(file, { skipMigrations: true });
    migrate(db, file, all.slice(0, 1));
    const broken = [...all.slice(0, 1), { version: 2, name: '0002-broken.sql', sql: 'CREATE TABLE half (x); SELECT * FROM missing_table;' }];
    expect(() => migrate(db, file, broken)).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(fs.readdirSync(backupDirFor(file)).length).toBe(1);
    db.close();
  });

  it('refuses a database from a newer Spilno', () => {
    const file = freshFile();
    const db = openDatabaseFile(file, { skipMigrations: true });
    db.pragma(`user_version = ${all.length + 1}`);
    expect(() => migrate(db, file)).toThrow(/newer than this Spilno/);
    db.close();
  });

  it('takes no backup of a brand-new file', () => {
    const file = freshFile();
    openDatabaseFile(file).close();
    expect(fs.existsSync(backupDirFor(file))).toBe(false);
    expect(path.basename(file)).toBe('spilno.db');
  });
});
