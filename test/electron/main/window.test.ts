import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The Electron runtime cannot run here: BrowserWindow is a recorder of what the factory asks for.
const created = vi.hoisted(() => [] as { options: Record<string, unknown>; webContents: unknown }[]);
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeWebContents extends Emitter {
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    setWindowOpenHandler(h: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = h;
    }
  }
  class BrowserWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    constructor(readonly options: Record<string, unknown>) {
      super();
      created.push(this);
    }
    show() {}
  }
  return { BrowserWindow };
});

const { createMainWindow, denyAllPermissions, guardWebContents, restrictDownloads } = await import('../../../electron/main/window.js');

type FakeContents = EventEmitter & { windowOpenHandler: ((d: { url: string }) => { action: string }) | null };

function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

beforeEach(() => {
  created.length = 0;
});

describe('window factory', () => {
  it('creates windows sandboxed, context-isolated, without Node or experimental features', () => {
    createMainWindow({ preloadPath: '/app/dist/electron/preload/preload.cjs', devTools: false });
    const prefs = created[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
    });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });

  it('denies navigation and redirects away from app://spilno, in the top frame and sub-frames', () => {
    createMainWindow({ preloadPath: '/p.cjs', devTools: true });
    const contents = created[0]!.webContents as FakeContents;
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of ['https://example.org/', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)', 'http://127.0.0.1:8080/']) {
        const e = navigationEvent(url);
        contents.emit(event, e);
        expect(e.preventDefault, `${event} ${url}`).toHaveBeenCalled();
      }
      const inside = navigationEvent('app://spilno/index.html#/operations');
      contents.emit(event, inside);
      expect(inside.preventDefault).not.toHaveBeenCalled();
    }
  });

  it('denies window.open and new windows, whatever the URL', () => {
    createMainWindow({ preloadPath: '/p.cjs', devTools: false });
    const contents = created[0]!.webContents as FakeContents;
    for (const url of ['https://example.org/', 'app://spilno/index.html', 'about:blank']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
  });

  it('prevents webviews from being attached', () => {
    const contents = Object.assign(new EventEmitter(), { windowOpenHandler: null, setWindowOpenHandler() {} });
    guardWebContents(contents as never);
    const e = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', e, {}, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      setDevicePermissionHandler: (h: never) => (handlers.device = h),
    };
    denyAllPermissions(session as never);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      handlers.request!({}, permission, callback, { requestingUrl: 'app://spilno/index.html' });
      expect(callback).toHaveBeenCalledWith(false);
      expect(handlers.check!({}, permission, 'app://spilno', {})).toBe(false);
    }
    expect(handlers.device!({ deviceType: 'usb' })).toBe(false);
  });

  it('lets the page save only files it made itself (app blob: URLs)', () => {
    const session = new EventEmitter();
    restrictDownloads(session as never);
    const download = (url: string) => {
      const e = { preventDefault: vi.fn() };
      session.emit('will-download', e, { getURL: () => url }, {});
      return e.preventDefault.mock.calls.length === 0;
    };
    expect(download('blob:app://spilno/5f0c0a9e-7d4e-4b53-9d7c-1d2f3b4a5c6d')).toBe(true);
    for (const url of ['https://evil.example/payload.exe', 'blob:https://evil.example/x', 'file:///etc/passwd', 'app://spilno/index.html', 'data:text/plain,x']) {
      expect(download(url), url).toBe(false);
    }
  });
});
