import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { listBackups } from '../../../electron/db/backup.js';
import { DB_KEY_FILE, cipherKeyOf, databasePath } from '../../../electron/db/connection.js';
import { openServiceContext, type ServiceContext } from '../../../electron/services/context.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { backupDir, backupNow } from '../../../electron/services/durability.js';
import { startAutoLock, WIPE_CONFIRMATION } from '../../../electron/security/at-rest.js';
import { verifyAudit } from '../../../electron/services/audit.js';
import type { CliIo } from '../../../electron/cli/cli-kit.js';
import { runCli } from '../../../electron/cli/main.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

const silent = () => {};
const PASS = 'correct horse battery staple';
let t: TempContext;
const extra: ServiceContext[] = [];
beforeEach(() => {
  t = openTempContext();
});
afterEach(() => {
  for (const c of extra.splice(0)) if (c.db.open) c.db.close();
  t.cleanup();
});

/** Every file of the store: the database, its WAL, and the backups. */
function storeFiles(dataDir: string): string[] {
  const db = databasePath(dataDir);
  return [db, `${db}-wal`, ...listBackups(path.join(dataDir, 'backups')).map((b) => b.file)].filter((f) => fs.existsSync(f));
}

function containsPlain(dataDir: string, needle: string): string[] {
  return storeFiles(dataDir).filter((f) => fs.readFileSync(f).includes(Buffer.from(needle)));
}

async function call(ctx: ServiceContext, domain: string, method: string, input: unknown = {}) {
  return dispatch(ctx, domain, method, input, silent);
}

describe('app lock and encryption at rest', () => {
  it('encrypts the store and its backups; nothing readable stays on disk', async () => {
    const { ctx } = t;
    loadDemo(ctx);
    await backupNow(ctx);
    const codeName = (ctx.db.prepare('SELECT code_name FROM operations').get() as { code_name: string }).code_name;
    expect(containsPlain(t.dataDir, codeName).length).toBeGreaterThan(0);

    const r = await call(ctx, 'security', 'enable', { passphrase: PASS });
    expect(r).toMatchObject({ ok: true, value: { encrypted: true, locked: false } });
    ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    await backupNow(ctx);
    expect(listBackups(backupDir(ctx)).length).toBe(2);
    expect(containsPlain(t.dataDir, codeName)).toEqual([]);
    for (const f of storeFiles(t.dataDir)) expect(fs.readFileSync(f).subarray(0, 15).toString()).not.toBe('SQLite format 3');
    // Still fully usable while unlocked.
    const list = await call(ctx, 'operations', 'list', {});
    expect(list.ok && (list.value as unknown[]).length).toBe(1);
    // The key is sealed, never in clear.
    const key = cipherKeyOf(ctx.db)!;
    const sealed = fs.readFileSync(path.join(t.dataDir, DB_KEY_FILE), 'utf8');
    expect(sealed).not.toContain(key.toString('hex'));
    expect(sealed).not.toContain(key.toString('base64'));
    expect(verifyAudit(ctx.db).ok).toBe(true);
  });

  it('starts locked without the passphrase; a wrong one is a typed locked error; the right one unlocks', async () => {
    loadDemo(t.ctx);
    await call(t.ctx, 'security', 'enable', { passphrase: PASS });
    t.ctx.db.close();
    const ctx = openServiceContext({ dataDir: t.dataDir, mode: 'cli' });
    extra.push(ctx);
    expect(ctx.durability.blockedBy).toBe('locked');
    expect(await call(ctx, 'operations', 'list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await call(ctx, 'security', 'status')).toMatchObject({ ok: true, value: { encrypted: true, locked: true } });
    expect(await call(ctx, 'security', 'unlock', { passphrase: 'wrong passphrase' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await call(ctx, 'security', 'unlock', { passphrase: PASS })).toMatchObject({ ok: true, value: { locked: false } });
    const list = await call(ctx, 'operations', 'list', {});
    expect(list.ok && (list.value as unknown[]).length).toBe(1);
    expect((await call(ctx, 'operations', 'create', {
      codeName: 'ГРАНІТ', type: 'joint_search', leadAgencyId: 'NPU', participatingAgencyIds: ['DMS', 'NPU'],
      startsAt: '2026-12-05T06:00:00Z', endsAt: '2026-12-05T18:00:00Z', legalBasis: 'ухвала',
    })).ok).toBe(true);
  });

  it('lock closes the store; backups of the encrypted store restore with its key', async () => {
    const { ctx } = t;
    loadDemo(ctx);
    await call(ctx, 'security', 'enable', { passphrase: PASS });
    await backupNow(ctx);
    expect(await call(ctx, 'security', 'lock')).toMatchObject({ ok: true, value: { locked: true } });
    expect(await call(ctx, 'operations', 'list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    await call(ctx, 'security', 'unlock', { passphrase: PASS });
    const restored = await call(ctx, 'durability', 'restore', {});
    expect(restored.ok).toBe(true);
    const list = await call(ctx, 'operations', 'list', {});
    expect(list.ok && (list.value as unknown[]).length).toBe(1);
  });

  it('the CLI answers locked on an encrypted store, and works with SPILNO_PASSPHRASE_FILE', async () => {
    loadDemo(t.ctx);
    await call(t.ctx, 'security', 'enable', { passphrase: PASS });
    t.ctx.db.close();
    let out = '';
    let err = '';
    const io: CliIo = { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) };
    expect(await runCli(['operations', 'list', '--json', '--data-dir', t.dataDir], io)).not.toBe(0);
    expect(err).toMatch(/locked/);
    const passFile = path.join(t.dataDir, 'pass.txt');
    fs.writeFileSync(passFile, `${PASS}\n`, { mode: 0o600 });
    process.env.SPILNO_PASSPHRASE_FILE = passFile;
    try {
      expect(await runCli(['operations', 'list', '--json', '--data-dir', t.dataDir], io)).toBe(0);
    } finally {
      delete process.env.SPILNO_PASSPHRASE_FILE;
    }
    expect((JSON.parse(out) as unknown[]).length).toBe(1);
    t.reopen();
  });

  it('auto-locks after the configured idle time, and not before', async () => {
    let now = Date.parse('2026-12-01T08:00:00Z');
    t.cleanup();
    t = openTempContext({ now: () => new Date(now) });
    await call(t.ctx, 'security', 'enable', { passphrase: PASS });
    await call(t.ctx, 'security', 'setAutoLock', { minutes: 5, passphrase: PASS });
    const auto = startAutoLock(t.ctx, 60_000);
    try {
      now += 4 * 60_000;
      expect(auto.check()).toBe(false);
      now += 2 * 60_000;
      expect(auto.check()).toBe(true);
      expect(t.ctx.durability.blockedBy).toBe('locked');
    } finally {
      auto.stop();
    }
  });

  it('a new auto-lock time applies at once to the running timer', async () => {
    let now = Date.parse('2026-12-01T08:00:00Z');
    t.cleanup();
    t = openTempContext({ now: () => new Date(now) });
    await call(t.ctx, 'security', 'enable', { passphrase: PASS, autoLockMinutes: 30 });
    const auto = startAutoLock(t.ctx, 60_000);
    try {
      now += 10 * 60_000;
      expect(auto.check()).toBe(false);
      expect(await call(t.ctx, 'security', 'setAutoLock', { minutes: 2, passphrase: PASS })).toMatchObject({ ok: true, value: { autoLockMinutes: 2 } });
      now += 90_000;
      expect(auto.check()).toBe(false);
      now += 60_000;
      expect(auto.check()).toBe(true);
      expect(t.ctx.durability.blockedBy).toBe('locked');
    } finally {
      auto.stop();
    }
  });

  it('emergency wipe of an encrypted store asks for the passphrase (a typed phrase is not enough), then destroys database, WAL, backups and key', async () => {
    const { ctx } = t;
    loadDemo(ctx);
    await call(ctx, 'security', 'enable', { passphrase: PASS });
    await backupNow(ctx);
    // Issue 14: the fixed phrase alone let anyone at the window wipe an encrypted store.
    expect(await call(ctx, 'security', 'wipe', { confirmation: WIPE_CONFIRMATION })).toMatchObject({ ok: false, error: { code: 'locked', details: { messageKey: 'sec.passphraseNeeded' } } });
    expect(await call(ctx, 'security', 'wipe', { confirmation: WIPE_CONFIRMATION, passphrase: 'not the passphrase' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(fs.existsSync(databasePath(t.dataDir))).toBe(true);
    expect((await call(ctx, 'operations', 'list', {})).ok).toBe(true);
    const r = await call(ctx, 'security', 'wipe', { passphrase: PASS });
    expect(r.ok).toBe(true);
    expect((r as { value: { wiped: string[] } }).value.wiped).toEqual(expect.arrayContaining([DB_KEY_FILE, 'spilno.db']));
    expect(fs.readdirSync(t.dataDir).filter((f) => f.startsWith('spilno.db') || f === DB_KEY_FILE || f === 'backups')).toEqual([]);
  });

  it('an unencrypted store (no passphrase to ask) is wiped only with the typed confirmation', async () => {
    loadDemo(t.ctx);
    expect(await call(t.ctx, 'security', 'wipe', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(t.ctx, 'security', 'wipe', { confirmation: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(fs.existsSync(databasePath(t.dataDir))).toBe(true);
    expect(await call(t.ctx, 'security', 'wipe', { confirmation: WIPE_CONFIRMATION })).toMatchObject({ ok: true });
    expect(fs.existsSync(databasePath(t.dataDir))).toBe(false);
  });
});
