/**
 * The one window factory, and the guards every web contents gets.
 *
 * Policy (Electron security checklist): the renderer shows plans typed by other agencies and
 * imported from sync bundles, so it is treated as hostile. It runs sandboxed and
 * context-isolated without Node, sees only `window.api` from the preload, cannot navigate away
 * from `app://spilno`, open windows, attach webviews or obtain any permission (camera,
 * geolocation, notifications, clipboard, ...), or download anything but files it made itself.
 * Nothing the renderer sends is ever handed to `shell.openExternal`: the shell does not open
 * external links at all.
 */
import { BrowserWindow, type Session, type WebContents } from 'electron';
import { isAppBlobUrl, isAppUrl } from './app-path.js';

export interface WindowOptions {
  preloadPath: string;
  /** DevTools only in development builds; a packaged app has none to attach to. */
  devTools: boolean;
}

/** Refuses navigation (top frame or sub-frame, links, redirects) to anything but the app. */
export function guardWebContents(contents: WebContents): void {
  const stayInApp = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => stayInApp(event, event.url));
  contents.on('will-frame-navigate', (event) => stayInApp(event, event.url));
  contents.on('will-redirect', (event) => stayInApp(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** No permission is ever granted: the app needs none, so every request and check says no. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/**
 * Saving files is allowed only for what the page itself produced (exports handed over as
 * `blob:app://spilno/...`): a compromised page must not pull remote files onto the disk.
 */
export function restrictDownloads(session: Session): void {
  session.on('will-download', (event, item) => {
    if (!isAppBlobUrl(item.getURL())) event.preventDefault();
  });
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Spilno',
    // Spelled out here, not built elsewhere, so a reviewer (and Electronegativity) sees every
    // preference at the one place windows are made.
    webPreferences: {
      preload: options.preloadPath,
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
      // Middle-click would otherwise try to open links in a new window.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      safeDialogs: true,
      devTools: options.devTools,
    },
  });
  guardWebContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  return win;
}
