/**
 * The lock's own settings (issue 14, defect 7): unlock attempts back off, lock settings and
 * turning encryption off ask for the passphrase, the data folder is private, and a re-encryption
 * a crash cut short finishes (or is undone) on the next open.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { listBackups } from '../../../electron/db/backup.js';
import { DB_KEY_FILE, databasePath } from '../../../electron/db/connection.js';
import { copyStore } from '../../../electron/db/rekey.js';
import { ENCRYPTING_SUFFIX, isPlainSqlite } from '../../../electron/db/store-files.js';
import { FREE_ATTEMPTS, unsealKey } from '../../../electron/security/at-rest.js';
import { openServiceContext, type ServiceContext } from '../../../electron/services/context.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { backupDir, backupNow } from '../../../electron/services/durability.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

const PASS = 'correct horse battery staple';
const silent = () => {};
let now = Date.parse('2026-12-01T08:00:00Z');
const clock = () => new Date(now);
let t: TempContext;
const extra: ServiceContext[] = [];
afterEach(() => {
  for (const c of extra.splice(0)) if (c.db.open) c.db.close();
  t?.cleanup();
});

async function call(ctx: ServiceContext, domain: string, method: string, input: unknown = {}) {
  return dispatch(ctx, domain, method, input, silent);
}

function reopenLocked(): ServiceContext {
  if (t.ctx.db.open) t.ctx.db.close();
  const ctx = openServiceContext({ dataDir: t.dataDir, mode: 'cli', now: clock });
  extra.push(ctx);
  return ctx;
}

const mode = (f: string) => fs.statSync(f).mode & 0o777;

describe('unlock attempts back off', () => {
  it('after the free attempts each wrong passphrase doubles the wait; even the right one waits; the count survives a restart', async () => {
    t = openTempContext({ now: clock });
    await call(t.ctx, 'security', 'enable', { passphrase: PASS, autoLockMinutes: 0 });
    let ctx = reopenLocked();
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      expect(await call(ctx, 'security', 'unlock', { passphrase: `wrong guess ${i}` })).toMatchObject({ ok: false, error: { code: 'locked' } });
    }
    // The next attempt waits a second, even with the right passphrase.
    const refused = await call(ctx, 'security', 'unlock', { passphrase: PASS });
    expect(refused).toMatchObject({ ok: false, error: { code: 'too_many_attempts', details: { messageKey: 'sec.retryAfter' } } });
    expect((await call(ctx, 'security', 'status')).ok && (await call(ctx, 'security', 'status') as { value: { retryAfterMs: number } }).value.retryAfterMs).toBeGreaterThan(0);

    // A restart does not reset the count.
    ctx = reopenLocked();
    expect(await call(ctx, 'security', 'unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
    now += 1_100;
    expect(await call(ctx, 'security', 'unlock', { passphrase: 'wrong guess y' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    now += 1_000; // the wait doubled: 1 s is not enough any more
    expect(await call(ctx, 'security', 'unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
    now += 1_500;
    expect(await call(ctx, 'security', 'unlock', { passphrase: PASS })).toMatchObject({ ok: true, value: { locked: false, retryAfterMs: 0 } });
    // The right passphrase reset the count.
    expect(JSON.parse(fs.readFileSync(path.join(t.dataDir, DB_KEY_FILE), 'utf8')).failures).toBeUndefined();
  });
});

describe('lock settings, turning encryption off and the wipe ask for the passphrase', () => {
  it('auto-lock cannot be changed without it, locked or not, and a new time is what the status says at once', async () => {
    t = openTempContext({ now: clock });
    loadDemo(t.ctx);
    await call(t.ctx, 'security', 'enable', { passphrase: PASS, autoLockMinutes: 15 });
    expect(await call(t.ctx, 'security', 'setAutoLock', { minutes: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(t.ctx, 'security', 'setAutoLock', { minutes: 0, passphrase: 'not the passphrase' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await call(t.ctx, 'security', 'setAutoLock', { minutes: 2, passphrase: PASS })).toMatchObject({ ok: true, value: { autoLockMinutes: 2 } });
    await call(t.ctx, 'security', 'lock');
    // Issue 14: while locked, anyone could turn auto-lock off.
    expect(await call(t.ctx, 'security', 'setAutoLock', { minutes: 0 })).toMatchObject({ ok: false });
    expect(await call(t.ctx, 'security', 'status')).toMatchObject({ ok: true, value: { locked: true, autoLockMinutes: 2 } });
  });

  it('turning encryption off needs the passphrase, then leaves a plain store and plain backups with every record', async () => {
    t = openTempContext({ now: clock });
    loadDemo(t.ctx);
    const ops = (await call(t.ctx, 'operations', 'list', {})) as { value: unknown[] };
    await call(t.ctx, 'security', 'enable', { passphrase: PASS, autoLockMinutes: 0 });
    await backupNow(t.ctx);
    expect(await call(t.ctx, 'security', 'disable', { passphrase: 'not the passphrase' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(fs.existsSync(path.join(t.dataDir, DB_KEY_FILE))).toBe(true);
    expect(await call(t.ctx, 'security', 'disable', { passphrase: PASS })).toMatchObject({ ok: true, value: { encrypted: false, locked: false } });
    expect(fs.existsSync(path.join(t.dataDir, DB_KEY_FILE))).toBe(false);
    expect(isPlainSqlite(databasePath(t.dataDir))).toBe(true);
    const backups = listBackups(backupDir(t.ctx));
    expect(backups.length).toBeGreaterThan(0);
    for (const b of backups) expect(isPlainSqlite(b.file)).toBe(true);
    expect(await call(t.ctx, 'operations', 'list', {})).toMatchObject({ ok: true, value: ops.value });
    // And it opens as a plain store after a restart.
    t.reopen();
    expect(t.ctx.durability.blockedBy).toBeNull();
    expect(await call(t.ctx, 'operations', 'list', {})).toMatchObject({ ok: true, value: ops.value });
  });
});

describe('the data folder is private', () => {
  it('folder 0700, database, WAL, shared memory, backups and sealed key 0600 (whatever the umask)', async () => {
    const old = process.umask(0o022);
    try {
      t = openTempContext({ now: clock });
      loadDemo(t.ctx);
      await backupNow(t.ctx);
      const db = databasePath(t.dataDir);
      expect(mode(t.dataDir)).toBe(0o700);
      expect(mode(backupDir(t.ctx))).toBe(0o700);
      for (const f of [db, `${db}-wal`, `${db}-shm`, ...listBackups(backupDir(t.ctx)).map((b) => b.file)]) expect([f, mode(f)]).toEqual([f, 0o600]);
      await call(t.ctx, 'security', 'enable', { passphrase: PASS, autoLockMinutes: 0 });
      await backupNow(t.ctx);
      for (const f of [db, path.join(t.dataDir, DB_KEY_FILE), ...listBackups(backupDir(t.ctx)).map((b) => b.file)]) expect([f, mode(f)]).toEqual([f, 0o600]);
      // A folder made loose by hand is narrowed again on open.
      t.ctx.db.close();
      fs.chmodSync(t.dataDir, 0o755);
      fs.chmodSync(db, 0o644);
      reopenLocked();
      expect(mode(t.dataDir)).toBe(0o700);
      expect(mode(db)).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });
});

describe('a re-encryption cut short by a crash', () => {
  it('an encrypted copy beside a sealed key is swapped in on the next open; the plain original is gone', async () => {
    t = openTempContext({ now: clock });
    loadDemo(t.ctx);
    await call(t.ctx, 'security', 'enable', { passphrase: PASS, autoLockMinutes: 0 });
    const key = unsealKey(t.ctx, PASS);
    // Rebuild the moment between "sealed key written" and "copy swapped in": the plain store
    // and its encrypted copy side by side.
    const db = databasePath(t.dataDir);
    t.ctx.db.close();
    copyStore({ file: db, key }, { file: `${db}.plain`, key: null });
    fs.renameSync(db, db + ENCRYPTING_SUFFIX);
    fs.renameSync(`${db}.plain`, db);
    expect(isPlainSqlite(db)).toBe(true);
    const ctx = reopenLocked();
    expect(fs.existsSync(db + ENCRYPTING_SUFFIX)).toBe(false);
    expect(isPlainSqlite(db)).toBe(false);
    expect(await call(ctx, 'security', 'unlock', { passphrase: PASS })).toMatchObject({ ok: true });
    expect((await call(ctx, 'operations', 'list', {}) as { value: unknown[] }).value).toHaveLength(1);
  });

  it('a copy with no sealed key is discarded and the plain store stays the store', async () => {
    t = openTempContext({ now: clock });
    loadDemo(t.ctx);
    const db = databasePath(t.dataDir);
    t.ctx.db.close();
    copyStore({ file: db, key: null }, { file: db + ENCRYPTING_SUFFIX, key: Buffer.alloc(32, 7) });
    const ctx = reopenLocked();
    expect(fs.existsSync(db + ENCRYPTING_SUFFIX)).toBe(false);
    expect(ctx.durability.blockedBy).toBeNull();
    expect((await call(ctx, 'operations', 'list', {}) as { value: unknown[] }).value).toHaveLength(1);
  });
});
