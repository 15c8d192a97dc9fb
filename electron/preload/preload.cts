/**
 * The preload: the renderer's only door to the main process.
 *
 * Policy: expose `window.api.<domain>.<method>(input)` — one function per contract method,
 * answering `{ ok, value } | { ok: false, error }` — and `window.spilnoEvents.subscribe(fn)`,
 * which hands the page the core's events (what changed, job progress) and returns an
 * unsubscribe, and `window.spilnoFiles.choose(request)`, which asks main for a file dialog and
 * answers a handle the core issued (never a path); nothing else: never `ipcRenderer`,
 * never a generic "send anything" function (Electron security checklist, "Do not expose
 * Electron APIs to untrusted web content"). The preload runs sandboxed, where `require` knows
 * only 'electron', so it is self-contained: the method names come synchronously from main
 * (which answers only its own top frame) before the page's scripts run. Main validates every
 * call again; this list is a convenience for the renderer, not the security boundary.
 */
import { contextBridge, ipcRenderer } from 'electron';

// Must equal IPC_CALL_CHANNEL / IPC_MANIFEST_CHANNEL / IPC_EVENT_CHANNEL / IPC_CHOOSE_CHANNEL in electron/main/ipc.ts (tested).
const CALL_CHANNEL = 'spilno:call';
const MANIFEST_CHANNEL = 'spilno:manifest';
const EVENT_CHANNEL = 'spilno:event';
const CHOOSE_CHANNEL = 'spilno:choose';

type ApiCall = (input?: unknown) => Promise<unknown>;
type BridgeApi = Record<string, Readonly<Record<string, ApiCall>>>;

const NAME = /^[A-Za-z][A-Za-z0-9]*$/;

function isManifest(value: unknown): value is Record<string, string[]> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.entries(value).every(
      ([domain, methods]) =>
        NAME.test(domain) && Array.isArray(methods) && methods.every((m) => typeof m === 'string' && NAME.test(m)),
    )
  );
}

function buildApi(manifest: Record<string, string[]>): BridgeApi {
  const api: BridgeApi = {};
  for (const [domain, methods] of Object.entries(manifest)) {
    const calls: Record<string, ApiCall> = {};
    for (const method of methods) {
      // Only the input crosses; the event object and ipcRenderer never reach the page.
      calls[method] = (input?: unknown) => ipcRenderer.invoke(CALL_CHANNEL, domain, method, input);
    }
    api[domain] = Object.freeze(calls);
  }
  return Object.freeze(api);
}

/** Only the event's data reaches the page, never the IPC event object (it carries `sender`). */
function subscribe(listener: unknown): () => void {
  if (typeof listener !== 'function') throw new TypeError('subscribe expects a function');
  const onEvent = (_event: unknown, data: unknown) => (listener as (data: unknown) => void)(data);
  ipcRenderer.on(EVENT_CHANNEL, onEvent);
  return () => void ipcRenderer.removeListener(EVENT_CHANNEL, onEvent);
}

/** Asks main for a file dialog; the answer is a handle and a name, never a path. */
function choose(request: unknown): Promise<unknown> {
  return ipcRenderer.invoke(CHOOSE_CHANNEL, request);
}

const manifest: unknown = ipcRenderer.sendSync(MANIFEST_CHANNEL);
if (isManifest(manifest)) {
  contextBridge.exposeInMainWorld('api', buildApi(manifest));
  contextBridge.exposeInMainWorld('spilnoEvents', Object.freeze({ subscribe }));
  contextBridge.exposeInMainWorld('spilnoFiles', Object.freeze({ choose }));
}
