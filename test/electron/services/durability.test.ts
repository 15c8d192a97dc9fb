import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { listBackups } from '../../../electron/db/backup.js';
import { validateBackupFile } from '../../../electron/db/restore.js';
import { databasePath, openDataDir, openDatabaseFile, quickCheck } from '../../../electron/db/connection.js';
import { loadMigrations, migrate } from '../../../electron/db/migrate.js';
import { countChanges } from '../../../electron/db/repos/change-log.repo.js';
import { openServiceContext, type ServiceContext } from '../../../electron/services/context.js';
import { loadDemo } from '../../../electron/services/demo.js';
import {
  backupDir, backupNow, latestSchemaVersion, setBackupKeep, startBackupScheduler,
} from '../../../electron/services/durability.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const silent = () => {};
const dirs: string[] = [];
const open: ServiceContext[] = [];

function fresh(now?: () => Date): { dataDir: string; ctx: ServiceContext } {
  const dataDir = tempDataDir('spilno-dur-');
  dirs.push(dataDir);
  const ctx = openServiceContext({ dataDir, mode: 'cli', ...(now ? { now } : {}) });
  open.push(ctx);
  return { dataDir, ctx };
}

function reopen(dataDir: string): ServiceContext {
  const ctx = openServiceContext({ dataDir, mode: 'cli' });
  open.push(ctx);
  return ctx;
}

afterEach(() => {
  for (const c of open.splice(0)) if (c.db.open) c.db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const draft = {
  codeName: 'ГРАНІТ', type: 'joint_search', leadAgencyId: 'NPU', participatingAgencyIds: ['DMS', 'NPU'],
  startsAt: '2026-12-05T06:00:00Z', endsAt: '2026-12-05T18:00:00Z', legalBasis: 'ухвала слідчого судді',
};

/** Overwrites b-tree pages in the middle of the file: quick_check must notice. */
function damage(dataDir: string): void {
  const file = databasePath(dataDir);
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.close();
  const fd = fs.openSync(file, 'r+');
  for (let p = 2; p < pages; p += 2) fs.writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, p * pageSize + 8);
  fs.closeSync(fd);
}

describe('backups', () => {
  it('writes consistent backups through the online backup API and rotates per kind', async () => {
    const { ctx } = fresh();
    loadDemo(ctx);
    setBackupKeep(ctx, 2);
    for (let i = 0; i < 3; i++) await backupNow(ctx);
    const all = listBackups(backupDir(ctx));
    expect(all.filter((b) => b.kind === 'manual')).toHaveLength(2);
    for (const b of all) expect(validateBackupFile(b.file, latestSchemaVersion())).toMatchObject({ ok: true });
    const copy = new Database(all[0]!.file, { readonly: true });
    expect((copy.prepare('SELECT count(*) AS n FROM operations').get() as { n: number }).n).toBe(1);
    copy.close();
  });

  it('takes a validated pre-migration backup before updating an older schema', () => {
    const dataDir = tempDataDir('spilno-dur-');
    dirs.push(dataDir);
    const old = openDatabaseFile(databasePath(dataDir), { skipMigrations: true });
    migrate(old, null, loadMigrations().slice(0, 1));
    old.close();
    const ctx = reopen(dataDir);
    const pre = listBackups(backupDir(ctx)).filter((b) => b.kind === 'pre-migration');
    expect(pre).toHaveLength(1);
    expect(pre[0]!.schemaVersion).toBe(1);
    expect(validateBackupFile(pre[0]!.file, latestSchemaVersion())).toMatchObject({ ok: true, schemaVersion: 1 });
  });

  it('--out writes exactly that file and leaves rotation alone', async () => {
    const { ctx, dataDir } = fresh();
    const out = path.join(dataDir, 'elsewhere', 'copy.db');
    const info = await backupNow(ctx, { out });
    expect(info.file).toBe(out);
    expect(fs.existsSync(out)).toBe(true);
    expect(listBackups(backupDir(ctx))).toHaveLength(0);
  });

  it('the daily scheduler backs up once per day, not on every check', async () => {
    let now = new Date('2026-12-01T08:00:00Z');
    const { ctx } = fresh(() => now);
    const scheduler = startBackupScheduler(ctx, { checkEveryMs: 3_600_000, onError: (e) => { throw e; } });
    try {
      expect(await scheduler.tick()).not.toBeNull();
      // Checked again the same day: nothing new.
      expect(await scheduler.tick()).toBeNull();
      expect(listBackups(backupDir(ctx)).filter((b) => b.kind === 'daily')).toHaveLength(1);
      now = new Date('2026-12-02T08:30:00Z');
      expect(await scheduler.tick()).not.toBeNull();
      expect(listBackups(backupDir(ctx)).filter((b) => b.kind === 'daily')).toHaveLength(2);
    } finally {
      scheduler.stop();
    }
  });

  it('restore refuses a damaged file, a newer schema and a file that is not Spilno', async () => {
    const { ctx, dataDir } = fresh();
    const info = await backupNow(ctx);
    const newer = path.join(dataDir, 'newer.db');
    fs.copyFileSync(info.file, newer);
    const n = new Database(newer);
    n.pragma('user_version = 999');
    n.close();
    expect(validateBackupFile(newer, latestSchemaVersion()).problem).toMatch(/newer/);
    const junk = path.join(dataDir, 'junk.db');
    fs.writeFileSync(junk, 'not a database at all, just text that is long enough to look like a header');
    expect(validateBackupFile(junk, latestSchemaVersion()).ok).toBe(false);
    const empty = path.join(dataDir, 'empty.db');
    new Database(empty).close();
    expect(validateBackupFile(empty, latestSchemaVersion()).problem).toMatch(/Not a Spilno/);
    const r = await dispatch(ctx, 'durability', 'restore', { fileName: '../newer.db' }, silent);
    expect(r.ok).toBe(false);
    expect(r.ok ? null : r.error.code).toBe('invalid_input');
    for (const fileName of ['..', '.', 'spilno.db', 'db-key.json']) {
      const bad = await dispatch(ctx, 'durability', 'restore', { fileName }, silent);
      expect(bad.ok ? null : bad.error.code, fileName).toBe('invalid_input');
    }
  });

  it('restore through the API refuses a link planted in the backup folder under a backup name', async () => {
    const { ctx, dataDir } = fresh();
    const info = await backupNow(ctx);
    const elsewhere = path.join(dataDir, 'elsewhere.db');
    fs.copyFileSync(info.file, elsewhere);
    const planted = path.join(path.dirname(info.file), 'spilno-manual-v1-20260101T000000Z.db');
    fs.symlinkSync(elsewhere, planted);
    const r = await dispatch(ctx, 'durability', 'restore', { fileName: path.basename(planted) }, silent);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'invalid_input', details: { messageKey: 'file.notRegular' } });
  });
});

describe('integrity check on open', () => {
  it('blocks writes on a damaged file, says so, and restores the newest good backup', async () => {
    const { ctx, dataDir } = fresh();
    const { operationId } = loadDemo(ctx);
    await backupNow(ctx);
    ctx.db.close();
    damage(dataDir);
    const damaged = reopen(dataDir);
    expect(damaged.durability).toMatchObject({ writable: false, blockedBy: 'integrity' });
    const write = await dispatch(damaged, 'operations', 'create', draft, silent);
    expect(write).toMatchObject({ ok: false, error: { code: 'integrity' } });
    const status = await dispatch(damaged, 'durability', 'status', {}, silent);
    expect(status.ok && status.value).toMatchObject({ writable: false, blockedBy: 'integrity' });
    expect(status.ok && (status.value as { message: string }).message).toMatch(/damaged/);
    expect(status.ok && (status.value as { newestGoodBackup: string | null }).newestGoodBackup).toMatch(/^spilno-manual-/);
    // A damaged store is never backed up (it would rotate good backups out).
    expect(await dispatch(damaged, 'durability', 'backupNow', {}, silent)).toMatchObject({ ok: false, error: { code: 'integrity' } });

    const restored = await dispatch(damaged, 'durability', 'restore', {}, silent);
    expect(restored.ok).toBe(true);
    expect(damaged.durability).toMatchObject({ writable: true, blockedBy: null });
    expect(quickCheck(damaged.db)).toBeNull();
    const list = await dispatch(damaged, 'operations', 'list', {}, silent);
    expect(list.ok && (list.value as { id: string }[]).map((o) => o.id)).toContain(operationId);
    expect((await dispatch(damaged, 'operations', 'create', draft, silent)).ok).toBe(true);
    // The damaged file was kept aside, not deleted.
    expect(listBackups(backupDir(damaged)).some((b) => b.kind === 'replaced')).toBe(true);
  });
});

describe('disk full and read-only store', () => {
  it('a full disk answers storage_full, rolls the whole call back, and the app keeps working', async () => {
    const { ctx } = fresh();
    const changes = countChanges(ctx.db);
    const audit = (ctx.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const pages = ctx.db.pragma('page_count', { simple: true }) as number;
    // SQLite's own limit on the file size: the same SQLITE_FULL a full disk gives.
    ctx.db.pragma(`max_page_count = ${pages}`);
    const r = await dispatch(ctx, 'system', 'loadDemo', {}, silent);
    expect(r).toMatchObject({ ok: false, error: { code: 'storage_full' } });
    expect(countChanges(ctx.db)).toBe(changes);
    expect((ctx.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(audit);
    expect((ctx.db.prepare('SELECT count(*) AS n FROM operations').get() as { n: number }).n).toBe(0);
    expect((await dispatch(ctx, 'operations', 'list', {}, silent)).ok).toBe(true);
    ctx.db.pragma('max_page_count = 1073741823');
    expect((await dispatch(ctx, 'system', 'loadDemo', {}, silent)).ok).toBe(true);
  });

  it('a store opened read-only answers read_only to writes and still reads', async () => {
    const { ctx, dataDir } = fresh();
    loadDemo(ctx);
    ctx.db.close();
    const ro = openServiceContext({ dataDir, mode: 'cli', readonly: true });
    open.push(ro);
    expect(ro.durability).toMatchObject({ writable: false, blockedBy: 'read_only' });
    const before = countChanges(ro.db);
    expect(await dispatch(ro, 'operations', 'create', draft, silent)).toMatchObject({ ok: false, error: { code: 'read_only' } });
    expect(countChanges(ro.db)).toBe(before);
    const list = await dispatch(ro, 'operations', 'list', {}, silent);
    expect(list.ok && (list.value as unknown[]).length).toBe(1);
    const info = await dispatch(ro, 'system', 'info', {}, silent);
    expect(info.ok && (info.value as { readOnly: boolean }).readOnly).toBe(true);
  });

  it('openDataDir reports a healthy file as writable', () => {
    const dataDir = tempDataDir('spilno-dur-');
    dirs.push(dataDir);
    const db = openDataDir(dataDir);
    expect(quickCheck(db)).toBeNull();
    db.close();
  });
});
