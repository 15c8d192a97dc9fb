/**
 * The one module that registers the API on Electron IPC.
 *
 * Threat: any frame that manages to run in a renderer — an iframe of some other origin, a page
 * the window was tricked into loading — can send IPC messages; the preload is only one client
 * among them. So every message is checked here, in main, before it reaches a service: the
 * sender must be the top frame of a page of the app's own origin (Electron security checklist,
 * "Validate the sender of all IPC messages"), and the method must be a contract method
 * (dispatch then validates the input with the contract's zod schema). Two channels only: a
 * synchronous manifest (the preload needs the method names before the page runs) and the call.
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import type { ApiResult } from '../../shared/api/errors.js';
import { apiContract } from '../../shared/api/index.js';
import { dispatch, isApiMethod } from '../api/dispatch.js';
import type { ServiceContext } from '../services/context.js';
import { isAppUrl } from './app-path.js';

/** Channel names; the sandboxed preload cannot import this module and repeats them (tested). */
export const IPC_CALL_CHANNEL = 'spilno:call';
export const IPC_MANIFEST_CHANNEL = 'spilno:manifest';

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
  ctx: ServiceContext,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  domain: unknown,
  method: unknown,
  input: unknown,
): Promise<ApiResult<unknown>> {
  if (!isTrustedSender(event.senderFrame)) return refused;
  if (typeof domain !== 'string' || typeof method !== 'string' || !isApiMethod(domain, method)) {
    return { ok: false, error: { code: 'unknown_method', message: `Unknown method ${String(domain)}.${String(method)}` } };
  }
  return dispatch(ctx, domain, method, input);
}

/** Registers both channels; returns a function that removes them (for shutdown and tests). */
export function registerApiIpc(ipcMain: IpcMain, ctx: ServiceContext): () => void {
  const manifest = apiManifest();
  const onManifest = (event: IpcMainEvent) => {
    event.returnValue = isTrustedSender(event.senderFrame) ? manifest : null;
  };
  ipcMain.on(IPC_MANIFEST_CHANNEL, onManifest);
  ipcMain.handle(IPC_CALL_CHANNEL, (event, domain: unknown, method: unknown, input: unknown) =>
    handleCall(ctx, event, domain, method, input),
  );
  return () => {
    ipcMain.removeListener(IPC_MANIFEST_CHANNEL, onManifest);
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
  };
}
