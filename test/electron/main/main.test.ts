import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

// A recorder standing in for the Electron runtime: what main asks of it, in order.
const electron = vi.hoisted(() => {
  const calls: string[] = [];
  const state = { userData: '', lock: true, keychainBackend: 'basic_text', windows: [] as { options: Record<string, unknown>; loaded: string[] }[] };
  const listeners = new Map<string, ((...a: unknown[]) => void)[]>();
  const ipcHandlers = new Map<string, (...a: unknown[]) => unknown>();
  const on = (name: string, fn: (...a: unknown[]) => void) => {
    listeners.set(name, [...(listeners.get(name) ?? []), fn]);
  };
  return { calls, state, listeners, ipcHandlers, on };
});

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const { calls, state, ipcHandlers, on } = electron;
  class BrowserWindow extends EventEmitter {
    readonly webContents = Object.assign(new EventEmitter(), { setWindowOpenHandler() {} });
    readonly loaded: string[] = [];
    constructor(readonly options: Record<string, unknown>) {
      super();
      calls.push('window');
      state.windows.push(this);
    }
    async loadURL(url: string) {
      calls.push(`load ${url}`);
      this.loaded.push(url);
    }
    show() {}
    isMinimized() { return false; }
    restore() {}
    focus() { calls.push('focus'); }
  }
  const session = {
    setPermissionRequestHandler: () => calls.push('permissions'),
    setPermissionCheckHandler: () => {},
    setDevicePermissionHandler: () => {},
    on: (name: string) => calls.push(`session ${name}`),
  };
  return {
    BrowserWindow,
    app: {
      enableSandbox: () => calls.push('enableSandbox'),
      requestSingleInstanceLock: () => (calls.push('lock'), state.lock),
      whenReady: () => (calls.push('whenReady'), Promise.resolve()),
      getPath: (name: string) => (name === 'userData' ? state.userData : os.tmpdir()),
      getAppPath: () => state.userData,
      getLocale: () => 'uk-UA',
      isPackaged: false,
      on: (name: string, fn: (...a: unknown[]) => void) => on(name, fn),
      quit: () => calls.push('quit'),
      exit: (code: number) => calls.push(`exit ${code}`),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => calls.push(`privileged ${schemes.map((s) => s.scheme).join()}`),
      handle: (scheme: string) => calls.push(`handle ${scheme}`),
    },
    ipcMain: {
      handle: (ch: string, fn: (...a: unknown[]) => unknown) => (calls.push(`ipc ${ch}`), ipcHandlers.set(ch, fn)),
      on: (ch: string, fn: (...a: unknown[]) => unknown) => (calls.push(`ipc ${ch}`), ipcHandlers.set(ch, fn)),
    },
    session: { defaultSession: session },
    webContents: { getAllWebContents: () => [] },
    dialog: { showErrorBox: (title: string) => calls.push(`error ${title}`) },
    // The OS keychain: AES-256-GCM under a key standing for the login's secret.
    safeStorage: await (async () => {
      const { createCipheriv, createDecipheriv, randomBytes } = await import('node:crypto');
      const key = randomBytes(32);
      return {
        isEncryptionAvailable: () => true,
        getSelectedStorageBackend: () => state.keychainBackend,
        encryptString: (text: string) => {
          const iv = randomBytes(12);
          const c = createCipheriv('aes-256-gcm', key, iv);
          const ct = Buffer.concat([c.update(text, 'utf8'), c.final()]);
          return Buffer.concat([iv, c.getAuthTag(), ct]);
        },
        decryptString: (b: Buffer) => {
          const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
          d.setAuthTag(b.subarray(12, 28));
          return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
        },
      };
    })(),
  };
});

const ROOT = path.resolve(import.meta.dirname, '../../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spilno-main-'));
(process as { resourcesPath?: string }).resourcesPath = path.join(tmp, 'resources');

/** Main starts the core worker after `ready`; wait until it loaded the window or gave up. */
async function settled(): Promise<void> {
  const t0 = Date.now();
  while (!electron.calls.some((c) => c.startsWith('load ') || c === 'exit 1' || c === 'quit') && Date.now() - t0 < 20_000) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What Electron does on quit: main's will-quit handlers, which close the core worker. */
async function quit(): Promise<void> {
  const handlers = electron.listeners.get('will-quit') ?? [];
  electron.listeners.delete('will-quit');
  let prevented = 0;
  for (const fn of handlers) fn({ preventDefault: () => prevented++ });
  if (prevented === 0) return;
  const t0 = Date.now();
  while (!electron.calls.includes('quit') && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
}

async function startMain(lock: boolean) {
  electron.calls.length = 0;
  electron.listeners.clear();
  electron.ipcHandlers.clear();
  electron.state.windows.length = 0;
  electron.state.lock = lock;
  electron.state.userData = fs.mkdtempSync(path.join(tmp, 'user-'));
  vi.resetModules();
  await import('../../../electron/main/main.js');
  await settled();
}

beforeEach(async () => {
  await quit();
});
afterAll(async () => {
  await quit();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('main process', () => {
  it('sandboxes and registers the scheme before ready, then guards everything before loading the UI', async () => {
    await startMain(true);
    const c = electron.calls;
    expect(c.slice(0, 3)).toEqual(['enableSandbox', 'privileged app', 'lock']);
    const load = c.indexOf('load app://spilno/index.html');
    expect(load).toBeGreaterThan(0);
    for (const step of ['permissions', 'session will-download', 'handle app', 'ipc spilno:call', 'ipc spilno:manifest', 'window']) {
      expect(c.indexOf(step), step).toBeGreaterThan(c.indexOf('whenReady'));
      expect(c.indexOf(step), step).toBeLessThan(load);
    }
    const prefs = electron.state.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs.preload).toMatch(/[\\/]preload[\\/]preload\.cjs$/);
    expect(prefs.devTools).toBe(true);
  });

  it('keeps the data in the user-data folder and answers IPC in electron mode', async () => {
    await startMain(true);
    expect(fs.existsSync(path.join(electron.state.userData, 'data', 'spilno.db'))).toBe(true);
    const call = electron.ipcHandlers.get('spilno:call')!;
    const info = (await call({ senderFrame: { url: 'app://spilno/index.html', parent: null } }, 'system', 'info', undefined)) as {
      ok: boolean; value: { mode: string; dataDir: string };
    };
    expect(info).toMatchObject({ ok: true, value: { mode: 'electron', dataDir: path.join(electron.state.userData, 'data') } });
  });

  it('keeps unit keys in the OS keychain without a passphrase, but never in a plaintext one', async () => {
    const top = { senderFrame: { url: 'app://spilno/index.html', parent: null } };
    try {
      electron.state.keychainBackend = 'gnome_libsecret';
      await startMain(true);
      let call = electron.ipcHandlers.get('spilno:call')!;
      expect(await call(top, 'sync', 'keyProtection', {})).toEqual({ ok: true, value: { osKeychain: true } });
      expect(await call(top, 'sync', 'createIdentity', {})).toMatchObject({ ok: true, value: { protectedBy: 'os-keychain', unlocked: true } });

      await quit();
      electron.state.keychainBackend = 'basic_text';
      await startMain(true);
      call = electron.ipcHandlers.get('spilno:call')!;
      expect(await call(top, 'sync', 'keyProtection', {})).toEqual({ ok: true, value: { osKeychain: false } });
      expect(await call(top, 'sync', 'createIdentity', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(await call(top, 'sync', 'createIdentity', { passphrase: 'correct horse battery' })).toMatchObject({ ok: true, value: { protectedBy: 'passphrase' } });
    } finally {
      electron.state.keychainBackend = 'basic_text';
    }
  });

  it('loads SQLite through the addon in resources/native when one is there', async () => {
    // Stand-in for the Electron build: the Node build copied to where a package carries it.
    const resources = path.join(tmp, 'packaged-resources');
    const addon = path.join(resources, 'native', `${process.platform}-${process.arch}`, 'better_sqlite3.node');
    fs.mkdirSync(path.dirname(addon), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), addon);
    (process as { resourcesPath?: string }).resourcesPath = resources;
    try {
      await startMain(true);
      expect(electron.calls).toContain('load app://spilno/index.html');
      // The dynamic loader's map of this process names the copy: it is the one in use.
      expect(fs.readFileSync('/proc/self/maps', 'utf8')).toContain(fs.realpathSync(addon));
    } finally {
      (process as { resourcesPath?: string }).resourcesPath = path.join(tmp, 'resources');
    }
  });

  it('a second instance hands over to the first and opens nothing', async () => {
    await startMain(false);
    expect(electron.calls).toContain('quit');
    expect(electron.calls).not.toContain('whenReady');
    expect(electron.calls).not.toContain('window');
    expect(fs.readdirSync(electron.state.userData)).toEqual([]);
  });

  it('a database that cannot be opened is reported in a dialog and the app exits', async () => {
    electron.calls.length = 0;
    electron.listeners.clear();
    electron.state.lock = true;
    const blocked = path.join(tmp, 'not-a-folder');
    fs.writeFileSync(blocked, 'x');
    electron.state.userData = blocked;
    vi.resetModules();
    await import('../../../electron/main/main.js');
    await settled();
    expect(electron.calls).toContain('error Spilno не вдалося запустити');
    expect(electron.calls).toContain('exit 1');
    expect(electron.calls).not.toContain('window');
  });
});
