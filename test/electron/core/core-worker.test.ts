/**
 * The core in its worker (electron/core/): calls relayed by message, change events after every
 * commit — local, another process on the same file, the store locked — progress events that
 * arrive while the worker's transaction runs, the OS keychain reached from the worker, and a
 * clean close. Runs the compiled worker (`npm test` builds first), on real SQLite files.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangedEvent, CoreEvent } from '../../../shared/api/events.js';
import { startCoreWorker, type CoreHandle } from '../../../electron/core/core-client.js';
import { openServiceContext } from '../../../electron/services/context.js';
import type { OsSecretStore } from '../../../electron/sync/key-protector.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { newOperation, openUnit, operationWithTasks, send, TEST_PASSPHRASE, trustAll, withIdentity } from '../sync/sync-helpers.js';

const cores: CoreHandle[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function start(dataDir: string, extra: Partial<Parameters<typeof startCoreWorker>[0]> = {}) {
  const core = await startCoreWorker({ dataDir, mode: 'browser', background: false, watchMs: 50, ...extra });
  cores.push(core);
  const events: CoreEvent[] = [];
  core.subscribe((e) => events.push(e));
  return { core, events };
}

function freshDir(): string {
  const d = tempDataDir('spilno-core-');
  dirs.push(d);
  return d;
}

const draft = {
  codeName: 'ВОРКЕР', type: 'working_group', leadAgencyId: 'DMS', formality: 'informal',
  startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T10:00:00Z',
};

async function until<T>(find: () => T | undefined, ms = 5000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = find();
    if (v !== undefined) return v;
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const changed = (events: CoreEvent[]) => events.filter((e): e is ChangedEvent => e.type === 'changed');

describe('the core worker', () => {
  it('answers as the JSON the core wrote, in bytes: the same answer parsed, refusals too', async () => {
    const { core } = await start(freshDir());
    await core.call('operations', 'create', draft);
    for (const [domain, method, input] of [['operations', 'list', {}], ['geo', 'map', {}], ['nope', 'nothing', {}]] as const) {
      const json = await core.callJson(domain, method, input);
      expect(json).toBeInstanceOf(Uint8Array);
      expect(JSON.parse(Buffer.from(json).toString('utf8'))).toEqual(await core.call(domain, method, input));
    }
    expect(JSON.parse(Buffer.from(await core.callJson('nope', 'nothing', {})).toString('utf8'))).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('answers contract calls and says what each commit changed', async () => {
    const dataDir = freshDir();
    const { core, events } = await start(dataDir);
    expect(await core.call('system', 'info', {})).toMatchObject({ ok: true, value: { mode: 'browser', dataDir } });
    expect(await core.call('operations', 'create', { ...draft, codeName: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await core.call('nope', 'nothing', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(changed(events)).toEqual([]);

    const created = await core.call('operations', 'create', draft);
    expect(created.ok).toBe(true);
    const id = (created as { value: { id: string } }).value.id;
    const e = await until(() => changed(events).at(-1));
    expect(e).toMatchObject({ source: 'local', operations: [id], domains: ['operations'], all: false, locked: false });
    expect(e.entities).toContain('operation');

    // A write outside the change record names its domain.
    await core.call('audit', 'setOperator', { name: 'Оператор Петренко' });
    expect(changed(events).at(-1)).toMatchObject({ source: 'local', entities: [], domains: ['audit'] });
  });

  it('notices another process committing to the same file (as the CLI does) and names what it changed', async () => {
    const dataDir = freshDir();
    const { core, events } = await start(dataDir);
    await core.call('system', 'info', {});
    const cli = openServiceContext({ dataDir, mode: 'cli' });
    try {
      const op = newOperation(cli, { codeName: 'ЗЗОВНІ' });
      const e = await until(() => changed(events).find((x) => x.source === 'external'));
      expect(e).toMatchObject({ operations: [op.id], all: false });
      expect(e.entities).toContain('operation');
    } finally {
      cli.db.close();
    }
    const list = await core.call('operations', 'list', {});
    expect(JSON.stringify(list)).toContain('ЗЗОВНІ');
  });

  it('publishes import progress while the worker is inside its apply transaction, then the change', async () => {
    const a = await withIdentity(openUnit('NPU'));
    const b = await withIdentity(openUnit('DMS'));
    trustAll([a, b]);
    const dir = freshDir();
    try {
      operationWithTasks(a, 120);
      const bundle = await send(a, [b], dir);
      b.ctx.db.close();
      const { core, events } = await start(b.dataDir);
      expect(await core.call('sync', 'unlock', { passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true });
      const jobId = randomUUID();
      // Main's loop turns while the worker works: count its ticks during the import.
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 5);
      const progressBeforeAnswer: string[] = [];
      const off = core.subscribe((e) => {
        if (e.type === 'progress' && e.jobId === jobId) progressBeforeAnswer.push(e.progress.phase);
      });
      const granted = await core.grant({ kind: 'read', path: bundle.file });
      if (!granted.ok) throw new Error(granted.error.message);
      const result = await core.call('sync', 'importBundle', { file: granted.value.handle, progressId: jobId });
      clearInterval(ticker);
      off();
      expect(result).toMatchObject({ ok: true, value: { status: 'new' } });
      expect([...new Set(progressBeforeAnswer)]).toEqual(['decrypt', 'verify', 'validate', 'apply']);
      expect(ticks).toBeGreaterThan(0);
      const e = await until(() => changed(events).find((x) => x.entities.includes('task')));
      expect(e).toMatchObject({ source: 'local', all: false });
      expect(e.operations.length).toBeGreaterThan(0);
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });

  it('says the whole store changed when it is locked and unlocked', async () => {
    const dataDir = freshDir();
    const { core, events } = await start(dataDir);
    expect(await core.call('security', 'enable', { passphrase: TEST_PASSPHRASE, autoLockMinutes: 0 })).toMatchObject({ ok: true });
    await until(() => changed(events).find((x) => x.source === 'store'));
    expect(await core.call('security', 'lock', {})).toMatchObject({ ok: true, value: { locked: true } });
    expect(changed(events).at(-1)).toMatchObject({ source: 'store', all: true, locked: true });
    expect(await core.call('operations', 'list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await core.call('security', 'unlock', { passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true, value: { locked: false } });
    expect(changed(events).at(-1)).toMatchObject({ source: 'store', all: true, locked: false });
  });

  it('says the whole store changed when a backup is restored, and reads the restored store after', async () => {
    const dataDir = freshDir();
    const { core, events } = await start(dataDir);
    const backup = await core.call('durability', 'backupNow', {});
    expect(backup.ok).toBe(true);
    await core.call('operations', 'create', { ...draft, codeName: 'ПІСЛЯ-КОПІЇ' });
    const restored = await core.call('durability', 'restore', { fileName: (backup as { value: { fileName: string } }).value.fileName });
    expect(restored).toMatchObject({ ok: true });
    expect(changed(events).at(-1)).toMatchObject({ source: 'store', all: true, locked: false });
    // The event's sequence is the restored store's, and later commits are announced from there.
    expect(JSON.stringify(await core.call('operations', 'list', {}))).not.toContain('ПІСЛЯ-КОПІЇ');
    await core.call('operations', 'create', { ...draft, codeName: 'НОВА' });
    expect(changed(events).at(-1)).toMatchObject({ source: 'local', entities: expect.arrayContaining(['operation']), all: false });
  });

  it('reaches the OS keychain of the relaying thread synchronously from the worker', async () => {
    const key = randomBytes(32);
    let encrypted = 0;
    // Stand-in for Electron's safeStorage (the only thing mocked: Electron itself cannot run here).
    const store: OsSecretStore = {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString(text) {
        encrypted++;
        const iv = randomBytes(12);
        const c = createCipheriv('aes-256-gcm', key, iv);
        const ct = Buffer.concat([c.update(text, 'utf8'), c.final()]);
        return Buffer.concat([iv, c.getAuthTag(), ct]);
      },
      decryptString(b) {
        const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
        d.setAuthTag(b.subarray(12, 28));
        return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
      },
    };
    const dataDir = freshDir();
    let { core } = await start(dataDir, { osSecretStore: store });
    expect(await core.call('sync', 'keyProtection', {})).toEqual({ ok: true, value: { osKeychain: true } });
    expect(await core.call('sync', 'createIdentity', {})).toMatchObject({ ok: true, value: { protectedBy: 'os-keychain', unlocked: true } });
    expect(encrypted).toBe(2);
    await core.close();
    // Reopened: the keys open through the keychain again, no passphrase asked.
    ({ core } = await start(dataDir, { osSecretStore: store }));
    expect(await core.call('sync', 'identity', {})).toMatchObject({ ok: true, value: { protectedBy: 'os-keychain', unlocked: true } });
  });

  it('refuses to start on a data folder it cannot open, with the reason', async () => {
    const dir = freshDir();
    const blocked = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocked, 'x');
    await expect(startCoreWorker({ dataDir: blocked, mode: 'browser', background: false })).rejects.toThrow();
  });

  it('lets a running call finish on close, then answers that it stopped', async () => {
    const dataDir = freshDir();
    const core = await startCoreWorker({ dataDir, mode: 'browser', background: false });
    const running = core.call('system', 'loadDemo', {});
    await core.close();
    expect(await running).toMatchObject({ ok: true, value: { operationId: expect.any(String) } });
    expect(await core.call('system', 'info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
