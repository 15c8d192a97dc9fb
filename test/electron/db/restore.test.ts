/**
 * Restore that cannot break the app (issue 14, defect 5). A candidate must have exactly the
 * app's schema for its version (tables, columns, indexes, triggers, views: nothing extra,
 * nothing missing), pass integrity_check and foreign_key_check, and is migrated on a copy
 * before it replaces the store; a backup kept with its WAL (a `replaced` one) restores with
 * its last committed writes. Everything on real SQLite files, through the API and the CLI.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { backupFileName, listBackups } from '../../../electron/db/backup.js';
import { databasePath, openDatabaseFile } from '../../../electron/db/connection.js';
import { loadMigrations, migrate } from '../../../electron/db/migrate.js';
import { validateBackupFile } from '../../../electron/db/restore.js';
import type { CliIo } from '../../../electron/cli/cli-kit.js';
import { runCli } from '../../../electron/cli/main.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { backupDir, backupNow, latestSchemaVersion } from '../../../electron/services/durability.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

const silent = () => {};
let t: TempContext;
afterEach(() => t?.cleanup());

async function call(domain: string, method: string, input: unknown = {}) {
  return dispatch(t.ctx, domain, method, input, silent);
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) };
  const code = await runCli([...args, '--data-dir', t.dataDir], io);
  return { code, out, err };
}

/** A file in the backup folder under a backup's name, newer than every real one. */
function plant(kind: 'manual' | 'replaced', build: (file: string) => void): string {
  const file = path.join(backupDir(t.ctx), backupFileName(kind, latestSchemaVersion(), new Date('2030-01-01T00:00:00Z')));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  build(file);
  return file;
}

const codeNames = () => (t.ctx.db.prepare('SELECT code_name FROM operations ORDER BY code_name').pluck().all() as string[]);

describe('restore refuses what would break the app', () => {
  it('a plain SQLite file with a meta table and a plausible user_version: typed refusal, store untouched; restore --latest still works', async () => {
    t = openTempContext();
    loadDemo(t.ctx);
    await backupNow(t.ctx);
    const before = codeNames();
    const fake = plant('manual', (file) => {
      const db = new Database(file);
      db.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('site_id', 'x')");
      db.pragma(`user_version = ${latestSchemaVersion()}`);
      db.close();
    });
    expect(validateBackupFile(fake, latestSchemaVersion())).toMatchObject({ ok: false });
    const r = await call('durability', 'restore', { fileName: path.basename(fake) });
    expect(r).toMatchObject({ ok: false, error: { code: 'integrity', details: { messageKey: 'dur.refused.schema', reason: 'schema' } } });
    expect(codeNames()).toEqual(before);
    expect(t.ctx.durability.writable).toBe(true);

    // The CLI (app closed): the named file is refused, the newest good backup is restored.
    t.ctx.db.close();
    const refused = await cli(['restore', fake]);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/schema/);
    const latest = await cli(['restore', '--latest', '--json']);
    expect(latest.code).toBe(0);
    expect(JSON.parse(latest.out)).toMatchObject({ restoredFrom: expect.stringMatching(/spilno-manual-v\d+-2/) });
    expect(path.basename((JSON.parse(latest.out) as { restoredFrom: string }).restoredFrom)).not.toBe(path.basename(fake));
    t.reopen();
    expect(t.ctx.durability.writable).toBe(true);
    expect(codeNames()).toEqual(before);
    expect((await call('operations', 'list', {})).ok).toBe(true);
  });

  it('a real backup with one added trigger is refused (it would rewrite data behind the change record)', async () => {
    t = openTempContext();
    loadDemo(t.ctx);
    const real = await backupNow(t.ctx);
    const tampered = plant('manual', (file) => {
      fs.copyFileSync(real.file, file);
      const db = new Database(file);
      db.exec("CREATE TRIGGER quietly AFTER UPDATE ON tasks BEGIN UPDATE tasks SET notes = 'rewritten' WHERE id = NEW.id; END");
      db.close();
    });
    const r = await call('durability', 'restore', { fileName: path.basename(tampered) });
    expect(r).toMatchObject({ ok: false, error: { code: 'integrity', details: { reason: 'schema' } } });
    expect((r as { error: { message: string } }).error.message).toMatch(/trigger quietly/);
    expect(t.ctx.db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'quietly'").pluck().get()).toBe(0);
    // The same file without the trigger is a good backup.
    expect((await call('durability', 'restore', { fileName: path.basename(real.file) })).ok).toBe(true);
  });

  it('a missing index, an extra column and an extra view are refused too', async () => {
    t = openTempContext();
    loadDemo(t.ctx);
    const real = await backupNow(t.ctx);
    const index = (t.ctx.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL LIMIT 1").pluck().get()) as string;
    const edits = [`DROP INDEX "${index}"`, 'ALTER TABLE tasks ADD COLUMN smuggled TEXT', 'CREATE VIEW everything AS SELECT * FROM tasks'];
    for (const [i, sql] of edits.entries()) {
      const file = path.join(backupDir(t.ctx), backupFileName('manual', latestSchemaVersion(), new Date(Date.UTC(2030, 0, 1, 0, 0, i))));
      fs.copyFileSync(real.file, file);
      const db = new Database(file);
      db.exec(sql);
      db.close();
      expect(await call('durability', 'restore', { fileName: path.basename(file) }), sql).toMatchObject({ ok: false, error: { code: 'integrity', details: { reason: 'schema' } } });
    }
  });

  it('a backup whose rows break a foreign key is refused', async () => {
    t = openTempContext();
    loadDemo(t.ctx);
    const real = await backupNow(t.ctx);
    const broken = plant('manual', (file) => {
      fs.copyFileSync(real.file, file);
      const db = new Database(file);
      db.pragma('foreign_keys = OFF'); // as the sqlite3 shell opens it
      db.exec("UPDATE tasks SET operation_id = 'no-such-operation'");
      db.close();
    });
    expect(await call('durability', 'restore', { fileName: path.basename(broken) })).toMatchObject({ ok: false, error: { code: 'integrity', details: { reason: 'foreign_key' } } });
  });
});

describe('restore brings back what the backup holds', () => {
  it('a replaced store kept with its WAL restores with its last committed writes', async () => {
    t = openTempContext();
    loadDemo(t.ctx);
    const db = databasePath(t.dataDir);
    // The last write sits in the WAL, committed, not yet checkpointed (what a read-only or
    // crashed store leaves when a restore moves it aside with its WAL).
    t.ctx.db.pragma('wal_autocheckpoint = 0');
    t.ctx.db.prepare("UPDATE operations SET code_name = 'ОСТАННІЙ ЗАПИС'").run();
    expect(fs.statSync(`${db}-wal`).size).toBeGreaterThan(0);
    const replaced = plant('replaced', (file) => {
      fs.copyFileSync(db, file);
      fs.copyFileSync(`${db}-wal`, `${file}-wal`);
    });
    t.ctx.db.prepare("UPDATE operations SET code_name = 'ПІЗНІШЕ'").run();
    const r = await call('durability', 'restore', { fileName: path.basename(replaced) });
    expect(r).toMatchObject({ ok: true });
    expect(codeNames()).toEqual(['ОСТАННІЙ ЗАПИС']);
    // The backup itself is left as it was, WAL included (a restore can be repeated).
    expect(fs.existsSync(`${replaced}-wal`)).toBe(true);
  });

  it('after a crash, a restore keeps the store aside with its WAL, and restoring that brings back its last write (CLI)', async () => {
    t = openTempContext();
    loadDemo(t.ctx);
    await backupNow(t.ctx);
    const db = databasePath(t.dataDir);
    t.ctx.db.close();
    // A process commits and is killed before it closes: the commit lives only in the WAL.
    const child = spawnSync(process.execPath, ['-e', `
      const db = new (require('better-sqlite3'))(${JSON.stringify(db)});
      db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); db.pragma('wal_autocheckpoint = 0');
      db.prepare("UPDATE operations SET code_name = 'ОСТАННІЙ ЗАПИС'").run();
      process.kill(process.pid, 'SIGKILL');`], { cwd: process.cwd() });
    expect(child.signal).toBe('SIGKILL');
    expect(fs.statSync(`${db}-wal`).size).toBeGreaterThan(0);
    const restored = await cli(['restore', '--latest', '--json']);
    expect(restored.code).toBe(0);
    const kept = (JSON.parse(restored.out) as { replacedKeptAt: string }).replacedKeptAt;
    expect(fs.existsSync(`${kept}-wal`)).toBe(true);
    t.reopen();
    expect(codeNames()).not.toEqual(['ОСТАННІЙ ЗАПИС']);
    t.ctx.db.close();
    expect((await cli(['restore', kept])).code).toBe(0);
    t.reopen();
    expect(codeNames()).toEqual(['ОСТАННІЙ ЗАПИС']);
  });

  it('an older backup is migrated on a copy, then swapped in at the current schema', async () => {
    t = openTempContext();
    const old = path.join(backupDir(t.ctx), backupFileName('manual', 1, new Date('2026-01-01T00:00:00Z')));
    fs.mkdirSync(path.dirname(old), { recursive: true });
    const db = openDatabaseFile(old, { skipMigrations: true });
    migrate(db, null, loadMigrations().slice(0, 1));
    db.close();
    for (const side of ['-wal', '-shm']) fs.rmSync(old + side, { force: true });
    const r = await call('durability', 'restore', { fileName: path.basename(old) });
    expect(r).toMatchObject({ ok: true, value: { schemaVersion: 1 } });
    expect(t.ctx.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    // Migrated before the swap: opening found nothing to migrate, so no pre-migration backup.
    expect(listBackups(backupDir(t.ctx)).filter((b) => b.kind === 'pre-migration')).toEqual([]);
  });
});
