/**
 * The one module that registers the API on Electron IPC.
 *
 * Threat: any frame that manages to run in a renderer — an iframe of some other origin, a page
 * the window was tricked into loading — can send IPC messages; the preload is only one client
 * among them. So every message is checked here, in main, before it reaches a service: the
 * sender must be the top frame of a page of the app's own origin (Electron security checklist,
 * "Validate the sender of all IPC messages"), and the method must be a contract method
 * (the core then validates the input with the contract's zod schema). Main only relays: the
 * call goes to the core worker, which answers while main's loop stays free for the window.
 * Four channels: a synchronous manifest (the preload needs the method names before the page
 * runs), the call, the core's events pushed to the app's own pages, and the file chooser: the
 * page asks for a dialog (open a bundle, save one, pick an exchange folder), main shows it and
 * hands the chosen path to the core, and the page gets back only the core's handle and the
 * file's name — the renderer never sees or names a path (issue 15).
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import type { ApiResult } from '../../shared/api/errors.js';
import { ChooseRequest, type FileChoice } from '../../shared/api/files.js';
import { apiContract } from '../../shared/api/index.js';
import type { CoreEvent } from '../../shared/api/events.js';
import { isApiMethod } from '../api/dispatch.js';
import type { CoreHandle } from '../core/core-client.js';
import { isAppUrl } from './app-path.js';

/** Channel names; the sandboxed preload cannot import this module and repeats them (tested). */
export const IPC_CALL_CHANNEL = 'spilno:call';
export const IPC_MANIFEST_CHANNEL = 'spilno:manifest';
export const IPC_EVENT_CHANNEL = 'spilno:event';
export const IPC_CHOOSE_CHANNEL = 'spilno:choose';

/** The dialogs of the main process, owned by the window that asked (main.ts wires Electron's). */
export interface ShellDialogs {
  chooseFile(owner: WebContents, request: ChooseRequest): Promise<string | null>;
}

export type ApiManifest = Record<string, string[]>;

/** Domain → method names of the contract: all the preload may expose. */
export function apiManifest(): ApiManifest {
  return Object.fromEntries(Object.entries(apiContract).map(([domain, methods]) => [domain, Object.keys(methods)]));
}

/** The app's own top frame, and nothing else. */
export function isTrustedSender(frame: WebFrameMain | null | undefined): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

const refused: ApiResult<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'IPC call refused: not from the app window' },
};

export async function handleCall(
  core: CoreHandle,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  domain: unknown,
  method: unknown,
  input: unknown,
): Promise<ApiResult<unknown>> {
  if (!isTrustedSender(event.senderFrame)) return refused;
  if (typeof domain !== 'string' || typeof method !== 'string' || !isApiMethod(domain, method)) {
    return { ok: false, error: { code: 'unknown_method', message: `Unknown method ${String(domain)}.${String(method)}` } };
  }
  return core.call(domain, method, input);
}

/**
 * A dialog the page asked for: shown by main, its answer granted by the core. Null when the
 * user cancelled; the path itself never goes back to the page.
 */
export async function handleChoose(
  core: CoreHandle,
  dialogs: ShellDialogs,
  event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>,
  raw: unknown,
): Promise<ApiResult<FileChoice | null>> {
  if (!isTrustedSender(event.senderFrame)) return refused;
  const request = ChooseRequest.safeParse(raw);
  if (!request.success) return { ok: false, error: { code: 'invalid_input', message: 'Unknown file dialog request' } };
  const chosen = await dialogs.chooseFile(event.sender, request.data);
  if (chosen === null) return { ok: true, value: null };
  const r = request.data;
  return core.grant(r.mode === 'folder'
    ? { kind: 'folder', path: chosen, role: r.role }
    : { kind: r.mode === 'open' ? 'read' : 'write', path: chosen });
}

/** Registers the channels; returns a function that removes them (for shutdown and tests). */
export function registerApiIpc(ipcMain: IpcMain, core: CoreHandle, dialogs?: ShellDialogs): () => void {
  const manifest = apiManifest();
  const onManifest = (event: IpcMainEvent) => {
    event.returnValue = isTrustedSender(event.senderFrame) ? manifest : null;
  };
  ipcMain.on(IPC_MANIFEST_CHANNEL, onManifest);
  ipcMain.handle(IPC_CALL_CHANNEL, (event, domain: unknown, method: unknown, input: unknown) =>
    handleCall(core, event, domain, method, input),
  );
  if (dialogs) ipcMain.handle(IPC_CHOOSE_CHANNEL, (event, request: unknown) => handleChoose(core, dialogs, event, request));
  return () => {
    ipcMain.removeListener(IPC_MANIFEST_CHANNEL, onManifest);
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    if (dialogs) ipcMain.removeHandler(IPC_CHOOSE_CHANNEL);
  };
}

/**
 * Pushes every core event to the app's own pages (a page that navigated elsewhere gets
 * nothing; navigation away is cancelled anyway). Returns the unsubscribe.
 */
export function forwardCoreEvents(core: CoreHandle, pages: () => readonly WebContents[]): () => void {
  return core.subscribe((event: CoreEvent) => {
    for (const wc of pages()) {
      if (!wc.isDestroyed() && isAppUrl(wc.getURL())) wc.send(IPC_EVENT_CHANNEL, event);
    }
  });
}
