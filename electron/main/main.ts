/**
 * The Electron main process: one instance, one sandboxed window on `app://spilno`, the API on
 * IPC relayed to the core worker (the same core browser mode runs), data in the OS user-data
 * folder. Main never touches the database: a bundle import or a briefing pack runs in the
 * worker while main keeps routing the window's input.
 *
 * Order matters: the scheme is registered as privileged and the sandbox enabled before `ready`;
 * the permission handlers, the protocol handler and the IPC channels exist before the window
 * loads anything, so no request of the page ever meets a default.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, webContents, type WebContents } from 'electron';
import type { ChooseRequest } from '../../shared/api/files.js';
import { t, type Lang } from '../../shared/i18n/index.js';
import { startCoreWorker, type CoreHandle } from '../core/core-client.js';
import { APP_ENTRY_URL } from './app-path.js';
import { APP_SCHEME_PRIVILEGES, handleAppProtocol } from './app-protocol.js';
import { forwardCoreEvents, registerApiIpc, type ShellDialogs } from './ipc.js';
import { osSecretStore } from './keychain.js';
import { findNativeBinding } from './native-binding.js';
import { createMainWindow, denyAllPermissions, restrictDownloads } from './window.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.resolve(here, '../../renderer');
const PRELOAD_PATH = path.resolve(here, '../preload/preload.cjs');

let mainWindow: BrowserWindow | null = null;

function uiLang(): Lang {
  return app.getLocale().toLowerCase().startsWith('uk') ? 'uk' : 'en';
}

function startCore(): Promise<CoreHandle> {
  const places = { resourcesPath: process.resourcesPath, appPath: app.getAppPath(), platform: process.platform, arch: process.arch };
  const nativeBinding = findNativeBinding(places, 'sqlite');
  const cipherNativeBinding = findNativeBinding(places, 'cipher');
  return startCoreWorker({
    dataDir: path.join(app.getPath('userData'), 'data'),
    mode: 'electron',
    osSecretStore: osSecretStore(),
    ...(nativeBinding ? { nativeBinding } : {}),
    ...(cipherNativeBinding ? { cipherNativeBinding } : {}),
  });
}

/** Electron's own dialogs, modal to the window that asked; titles in the UI's language. */
const shellDialogs: ShellDialogs = {
  async chooseFile(owner: WebContents, request: ChooseRequest): Promise<string | null> {
    const win = BrowserWindow.fromWebContents(owner);
    if (!win) return null;
    const lang = uiLang();
    const tiles = request.mode === 'open' && request.purpose === 'mapTiles';
    const filters = tiles
      ? [{ name: t(lang, 'files.filter.mapTiles'), extensions: ['mbtiles'] }]
      : [{ name: t(lang, 'files.filter.bundle'), extensions: ['spilno'] }];
    if (request.mode === 'save') {
      const r = await dialog.showSaveDialog(win, { title: t(lang, 'files.dialog.saveBundle'), defaultPath: request.suggestedName, filters });
      return r.canceled || !r.filePath ? null : r.filePath;
    }
    const r = request.mode === 'open'
      ? await dialog.showOpenDialog(win, { title: t(lang, tiles ? 'files.dialog.openMapTiles' : 'files.dialog.openBundle'), properties: ['openFile'], filters })
      : await dialog.showOpenDialog(win, {
        title: t(lang, request.role === 'outbox' ? 'files.dialog.outbox' : 'files.dialog.inbox'),
        properties: ['openDirectory', 'createDirectory'],
      });
    return r.canceled ? null : r.filePaths[0] ?? null;
  },
};

function openWindow(): void {
  mainWindow = createMainWindow({ preloadPath: PRELOAD_PATH, devTools: !app.isPackaged });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(APP_ENTRY_URL);
}

async function start(): Promise<void> {
  let core: CoreHandle;
  try {
    core = await startCore();
  } catch (error) {
    const lang = uiLang();
    dialog.showErrorBox(
      t(lang, 'shell.startFailed.title'),
      t(lang, 'shell.startFailed.body', {
        dataDir: path.join(app.getPath('userData'), 'data'),
        reason: error instanceof Error ? error.message : String(error),
      }),
    );
    app.exit(1);
    return;
  }
  denyAllPermissions(session.defaultSession);
  restrictDownloads(session.defaultSession);
  handleAppProtocol(protocol, RENDERER_DIR);
  registerApiIpc(ipcMain, core, shellDialogs);
  forwardCoreEvents(core, () => webContents.getAllWebContents());
  // Quit waits once for the core: a running import commits or rolls back whole, and the store
  // is closed cleanly (backups and auto-lock stop with it).
  let coreClosed = false;
  app.on('will-quit', (event) => {
    if (coreClosed) return;
    event.preventDefault();
    void core.close().finally(() => {
      coreClosed = true;
      app.quit();
    });
  });
  openWindow();
}

app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// The desktop smoke test (test/smoke/desktop.smoke.mjs) runs the unpackaged app on a temp data
// folder; a packaged app never takes its data folder from the environment.
const smokeUserData = process.env['SPILNO_USER_DATA_DIR'];
if (smokeUserData && !app.isPackaged) app.setPath('userData', smokeUserData);

// A second instance would open the same SQLite file; hand its launch to the running window.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}
