/**
 * The Electron main process: one instance, one sandboxed window on `app://spilno`, the API on
 * IPC over the same services as browser mode and the CLI, data in the OS user-data folder.
 *
 * Order matters: the scheme is registered as privileged and the sandbox enabled before `ready`;
 * the permission handlers, the protocol handler and the IPC channels exist before the window
 * loads anything, so no request of the page ever meets a default.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, protocol, session, type BrowserWindow } from 'electron';
import { t, type Lang } from '../../shared/i18n/index.js';
import { startDurabilityTasks } from '../services/background.js';
import { openServiceContext, type ServiceContext } from '../services/context.js';
import { APP_ENTRY_URL } from './app-path.js';
import { APP_SCHEME_PRIVILEGES, handleAppProtocol } from './app-protocol.js';
import { registerApiIpc } from './ipc.js';
import { osKeychain } from './keychain.js';
import { findNativeBinding } from './native-binding.js';
import { createMainWindow, denyAllPermissions, restrictDownloads } from './window.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.resolve(here, '../../renderer');
const PRELOAD_PATH = path.resolve(here, '../preload/preload.cjs');

let mainWindow: BrowserWindow | null = null;

function uiLang(): Lang {
  return app.getLocale().toLowerCase().startsWith('uk') ? 'uk' : 'en';
}

function openContext(): ServiceContext {
  const places = { resourcesPath: process.resourcesPath, appPath: app.getAppPath(), platform: process.platform, arch: process.arch };
  const nativeBinding = findNativeBinding(places, 'sqlite');
  const cipherNativeBinding = findNativeBinding(places, 'cipher');
  return openServiceContext({
    dataDir: path.join(app.getPath('userData'), 'data'),
    mode: 'electron',
    osKeychain: osKeychain(),
    ...(nativeBinding ? { nativeBinding } : {}),
    ...(cipherNativeBinding ? { cipherNativeBinding } : {}),
  });
}

function openWindow(): void {
  mainWindow = createMainWindow({ preloadPath: PRELOAD_PATH, devTools: !app.isPackaged });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(APP_ENTRY_URL);
}

function start(): void {
  let ctx: ServiceContext;
  try {
    ctx = openContext();
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
  registerApiIpc(ipcMain, ctx);
  const durability = startDurabilityTasks(ctx);
  app.on('will-quit', () => {
    durability.stop();
    ctx.db.close();
  });
  openWindow();
}

app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

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
