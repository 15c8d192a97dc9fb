/**
 * Backups only of real stores (issue 14, defect 4): while an encrypted store is locked the
 * context is bound to an empty in-memory store, and the daily backup used to copy that — in
 * clear — into the backup folder, where rotation counted it and pushed real backups out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { backupDatabase, listBackups, rotateBackups } from '../../../electron/db/backup.js';
import { isPlainSqlite } from '../../../electron/db/store-files.js';
import { lock } from '../../../electron/security/at-rest.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { backupDir, backupNow, setBackupKeep, startBackupScheduler } from '../../../electron/services/durability.js';
import { openTempContext, tempDataDir, type TempContext } from '../../helpers/temp-context.js';

const PASS = 'correct horse battery staple';
let now = Date.parse('2026-12-01T08:00:00Z');
const clock = () => new Date(now);
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function temp(): TempContext {
  const t = openTempContext({ now: clock });
  cleanups.push(() => t.cleanup());
  return t;
}

const dailies = (t: TempContext) => listBackups(backupDir(t.ctx)).filter((b) => b.kind === 'daily');

describe('backups of an encrypted store while it is locked', () => {
  it('the daily backup skips the locked store (no copy of the empty in-memory store, none in clear)', async () => {
    const t = temp();
    loadDemo(t.ctx);
    await dispatch(t.ctx, 'security', 'enable', { passphrase: PASS, autoLockMinutes: 0 }, () => {});
    const scheduler = startBackupScheduler(t.ctx, { checkEveryMs: 3_600_000, firstCheckMs: 3_600_000, onError: (e) => { throw e; } });
    cleanups.push(() => scheduler.stop());
    expect(await scheduler.tick()).not.toBeNull();
    const before = listBackups(backupDir(t.ctx)).map((b) => b.file);
    lock(t.ctx);
    now += 3 * 86_400_000;
    expect(await scheduler.tick()).toBeNull();
    expect(listBackups(backupDir(t.ctx)).map((b) => b.file)).toEqual(before);
    for (const f of fs.readdirSync(backupDir(t.ctx))) expect([f, isPlainSqlite(path.join(backupDir(t.ctx), f))]).toEqual([f, false]);
  });

  it('a backup asked for while locked is a typed locked error, to the folder or to a file of its own', async () => {
    const t = temp();
    loadDemo(t.ctx);
    await dispatch(t.ctx, 'security', 'enable', { passphrase: PASS, autoLockMinutes: 0 }, () => {});
    lock(t.ctx);
    const out = path.join(t.dataDir, 'copy.db');
    await expect(backupNow(t.ctx)).rejects.toMatchObject({ code: 'locked' });
    await expect(backupNow(t.ctx, { out })).rejects.toMatchObject({ code: 'locked' });
    expect(fs.existsSync(out)).toBe(false);
    expect(listBackups(backupDir(t.ctx))).toEqual([]);
  });

  it('the backup module itself refuses a store that lives only in memory', async () => {
    const t = temp();
    await dispatch(t.ctx, 'security', 'enable', { passphrase: PASS, autoLockMinutes: 0 }, () => {});
    lock(t.ctx);
    expect(t.ctx.db.memory).toBe(true);
    await expect(backupDatabase(t.ctx.db, { kind: 'manual', dir: backupDir(t.ctx), now: clock() })).rejects.toThrow(/in memory/);
    expect(listBackups(backupDir(t.ctx))).toEqual([]);
  });
});

describe('rotation keeps real backups', () => {
  it('never drops a backup that holds data in favour of newer empty ones', async () => {
    const t = temp();
    loadDemo(t.ctx);
    setBackupKeep(t.ctx, 2);
    const real1 = await backupNow(t.ctx, { kind: 'daily' });
    now += 86_400_000;
    const real2 = await backupNow(t.ctx, { kind: 'daily' });
    // Two newer daily backups of a store with nothing in it (what the locked scheduler wrote).
    const empty = openTempContext({ now: clock });
    cleanups.push(() => empty.cleanup());
    for (let i = 0; i < 2; i++) {
      now += 86_400_000;
      await backupDatabase(empty.ctx.db, { kind: 'daily', dir: backupDir(t.ctx), keep: 100, now: clock() });
    }
    expect(dailies(t)).toHaveLength(4);
    now += 86_400_000;
    const real3 = await backupNow(t.ctx, { kind: 'daily' });
    expect(dailies(t).map((b) => b.file)).toEqual([real3.file, real2.file]);
    expect(fs.existsSync(real1.file)).toBe(false);
  });

  it('an empty store rotates its (empty) backups by age as before', async () => {
    const dir = tempDataDir('spilno-rot-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const t = temp();
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      now += 60_000;
      made.push((await backupDatabase(t.ctx.db, { kind: 'manual', dir, keep: 100, now: clock() })).file);
    }
    expect(rotateBackups(dir, 'manual', 2)).toEqual([made[0]]);
  });
});
