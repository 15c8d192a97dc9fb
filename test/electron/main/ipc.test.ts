import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcMain } from 'electron';
import { apiContract } from '../../../shared/api/index.js';
import { Core } from '../../../electron/core/core.js';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  IPC_CALL_CHANNEL, IPC_CHOOSE_CHANNEL, IPC_EVENT_CHANNEL, IPC_MANIFEST_CHANNEL, apiManifest, forwardCoreEvents, isTrustedSender, registerApiIpc,
  type ShellDialogs,
} from '../../../electron/main/ipc.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

// ipcMain as main sees it: channels mapped to the registered listeners.
function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const listeners = new Map<string, (event: { senderFrame: unknown; returnValue?: unknown }) => void>();
  const ipcMain = {
    handle: (ch: string, fn: never) => void handlers.set(ch, fn),
    on: (ch: string, fn: never) => void listeners.set(ch, fn),
    removeHandler: (ch: string) => void handlers.delete(ch),
    removeListener: (ch: string) => void listeners.delete(ch),
  };
  return { ipcMain: ipcMain as unknown as IpcMain, handlers, listeners };
}

const top = { url: 'app://spilno/index.html', parent: null };
const draft = {
  codeName: 'IPC', type: 'working_group', leadAgencyId: 'DMS', formality: 'informal',
  startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T10:00:00Z',
};

let t: TempContext;
let ipc: ReturnType<typeof fakeIpcMain>;
let unregister: () => void;
let core: Core;
/** What the stand-in dialog answers next, and the requests it was shown. */
let dialogAnswer: string | null = null;
const dialogRequests: unknown[] = [];
const dialogs: ShellDialogs = {
  chooseFile: async (_owner, request) => {
    dialogRequests.push(request);
    return dialogAnswer;
  },
};
beforeAll(() => {
  t = openTempContext();
  ipc = fakeIpcMain();
  // The core in this thread (the app runs it in a worker; core-worker.test.ts covers that).
  core = new Core(t.ctx, { watchMs: 0 });
  unregister = registerApiIpc(ipc.ipcMain, core, dialogs);
});
afterAll(() => t.cleanup());

/** Row counts of every table: "the service was never called" means none of them moved. */
function snapshot(): Record<string, number> {
  const tables = t.ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (t.ctx.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

const call = (senderFrame: unknown, ...args: unknown[]) => ipc.handlers.get(IPC_CALL_CHANNEL)!({ senderFrame }, ...args);

describe('IPC registration', () => {
  it('registers exactly the call, chooser and manifest channels', () => {
    expect([...ipc.handlers.keys()]).toEqual([IPC_CALL_CHANNEL, IPC_CHOOSE_CHANNEL]);
    expect([...ipc.listeners.keys()]).toEqual([IPC_MANIFEST_CHANNEL]);
  });

  it('refuses calls from foreign origins, sub-frames and destroyed frames; nothing is written', async () => {
    const senders = [
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///home/user/evil.html', parent: null },
      { url: 'app://evil/index.html', parent: null },
      { url: 'app://spilno.evil/index.html', parent: null },
      { url: 'http://127.0.0.1:5173/', parent: null },
      { url: 'about:blank', parent: null },
      { url: 'app://spilno/index.html', parent: top },
      { url: 'https://evil.example/', parent: top },
      null,
      undefined,
    ];
    const before = snapshot();
    for (const sender of senders) {
      const result = await call(sender, 'operations', 'create', draft);
      expect(result, JSON.stringify(sender)).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    }
    expect(snapshot()).toEqual(before);
  });

  it('accepts only contract methods, even from the app window', async () => {
    const before = snapshot();
    for (const [domain, method] of [['operations', 'drop'], ['__proto__', 'toString'], ['operations', 'constructor'], [42, 'create'], ['operations', null]]) {
      const result = (await call(top, domain, method, draft)) as { ok: boolean; error?: { code: string } };
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('unknown_method');
    }
    expect(snapshot()).toEqual(before);
  });

  it('a valid call from the app window goes through dispatch to the service and is stored', async () => {
    const created = (await call(top, 'operations', 'create', draft)) as { ok: true; value: { id: string; codeName: string } };
    expect(created).toMatchObject({ ok: true, value: { codeName: 'IPC' } });
    const listed = (await call(top, 'operations', 'list', {})) as { ok: true; value: unknown };
    expect(JSON.stringify(listed.value)).toContain(created.value.id);
    const invalid = (await call(top, 'operations', 'create', { ...draft, codeName: '' })) as { ok: false; error: { code: string } };
    expect(invalid.error.code).toBe('invalid_input');
  });

  it('answers the method manifest to the app window only', () => {
    const ask = (senderFrame: unknown) => {
      const event: { senderFrame: unknown; returnValue?: unknown } = { senderFrame };
      ipc.listeners.get(IPC_MANIFEST_CHANNEL)!(event);
      return event.returnValue;
    };
    const manifest = ask(top) as Record<string, string[]>;
    expect(manifest).toEqual(apiManifest());
    expect(Object.keys(manifest).sort()).toEqual(Object.keys(apiContract).sort());
    for (const [domain, methods] of Object.entries(apiContract)) expect(manifest[domain]).toEqual(Object.keys(methods));
    expect(ask({ url: 'https://evil.example/', parent: null })).toBeNull();
    expect(ask({ url: 'app://spilno/index.html', parent: top })).toBeNull();
  });

  it('trusts the top frame of app://spilno only', () => {
    expect(isTrustedSender(top as never)).toBe(true);
    expect(isTrustedSender({ url: 'app://spilno/index.html', parent: top } as never)).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  it('forwards core events to pages of the app only, until unsubscribed', async () => {
    const page = (url: string, destroyed = false) => ({ url, sent: [] as unknown[][], isDestroyed: () => destroyed, getURL() { return this.url; }, send(...a: unknown[]) { this.sent.push(a); } });
    const app = page('app://spilno/index.html');
    const foreign = page('https://evil.example/');
    const gone = page('app://spilno/index.html', true);
    const stop = forwardCoreEvents(core, () => [app, foreign, gone] as never);
    await call(top, 'operations', 'create', { ...draft, codeName: 'EVENT' });
    expect(app.sent).toEqual([[IPC_EVENT_CHANNEL, expect.objectContaining({ type: 'changed', source: 'local', entities: expect.arrayContaining(['operation']) })]]);
    expect(foreign.sent).toEqual([]);
    expect(gone.sent).toEqual([]);
    stop();
    await call(top, 'operations', 'create', { ...draft, codeName: 'QUIET' });
    expect(app.sent).toHaveLength(1);
  });

  it('shows a dialog for the app window only, and hands back a handle and a name, never the path', async () => {
    const choose = (senderFrame: unknown, request: unknown) => ipc.handlers.get(IPC_CHOOSE_CHANNEL)!({ senderFrame, sender: {} }, request);
    const dir = fs.mkdtempSync(path.join(t.dataDir, 'chosen-'));
    const bundle = path.join(dir, 'from-police.spilno');
    fs.writeFileSync(bundle, 'not really a bundle');
    dialogAnswer = bundle;
    dialogRequests.length = 0;
    expect(await choose({ url: 'https://evil.example/', parent: null }, { mode: 'open', purpose: 'bundle' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await choose(top, { mode: 'open', purpose: 'anything', path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(dialogRequests).toEqual([]);

    const r = await choose(top, { mode: 'open', purpose: 'bundle' }) as { ok: true; value: { handle: string; name: string } };
    expect(r).toMatchObject({ ok: true, value: { kind: 'read', name: 'from-police.spilno', size: 19 } });
    expect(JSON.stringify(r)).not.toContain(dir);
    // The handle is what the contract takes: the core opens the file the user chose.
    const preview = await call(top, 'sync', 'previewImport', { file: r.value.handle });
    expect(preview).toMatchObject({ ok: false });
    expect((preview as { error: { code: string } }).error.code).not.toBe('internal');

    dialogAnswer = null;
    expect(await choose(top, { mode: 'folder', role: 'inbox' })).toEqual({ ok: true, value: null });
    const fifo = path.join(dir, 'pipe.spilno');
    execFileSync('mkfifo', [fifo]);
    dialogAnswer = fifo;
    expect(await choose(top, { mode: 'open', purpose: 'bundle' })).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { messageKey: 'file.notRegular' } } });
    dialogAnswer = dir;
    expect(await choose(top, { mode: 'folder', role: 'outbox' })).toMatchObject({ ok: true, value: { kind: 'folder', role: 'outbox' } });
    expect(await call(top, 'files', 'folders', {})).toMatchObject({ ok: true, value: { outbox: { name: path.basename(dir) }, inbox: null } });
  });

  it('unregisters both channels', () => {
    unregister();
    expect(ipc.handlers.size + ipc.listeners.size).toBe(0);
  });
});
