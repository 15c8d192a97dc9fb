/**
 * The core's events in the renderer: what changed after each commit (any window, another
 * process, a restore, the lock) and how long jobs are getting on. In Electron the preload's
 * `window.spilnoEvents.subscribe`; in browser mode one server-sent-event stream per page, read
 * with fetch so the launch token travels in a header (EventSource cannot send one). The stream
 * reconnects after a drop; when it comes back, a synthetic "everything changed" event tells the
 * views that they may have missed something.
 */
import { CoreEvent, type CoreEventListener } from '../../../shared/api/events.js';
import { isElectron, sessionToken } from './client.js';

declare global {
  interface Window {
    spilnoEvents?: { subscribe(listener: (event: unknown) => void): () => void };
  }
}

const listeners = new Set<CoreEventListener>();
let stop: (() => void) | null = null;

function deliver(raw: unknown): void {
  // Main and the server are trusted, but a malformed event must not break every view.
  const parsed = CoreEvent.safeParse(raw);
  if (!parsed.success) return;
  for (const l of [...listeners]) l(parsed.data);
}

const RESYNC: CoreEvent = { type: 'changed', source: 'store', entities: [], operations: [], domains: [], all: true, locked: false, seq: 0 };
const RETRY_MS = [500, 1000, 2000, 5000];

function openStream(): () => void {
  const abort = new AbortController();
  let attempt = 0;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  void (async () => {
    while (!abort.signal.aborted) {
      try {
        const res = await fetch('/api/events', { headers: { 'X-Spilno-Token': sessionToken ?? '' }, signal: abort.signal, cache: 'no-store' });
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        // Reconnected: whatever happened meanwhile was not heard.
        if (attempt > 0) deliver({ ...RESYNC, locked: false });
        attempt = 0;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
            if (data) {
              try {
                deliver(JSON.parse(data));
              } catch {
                // A frame that is not JSON is skipped; the next one stands on its own.
              }
            }
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      await sleep(RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]!);
    }
  })();
  return () => abort.abort();
}

/** Calls `listener` with every core event until the returned function is called. */
export function subscribeToCoreEvents(listener: CoreEventListener): () => void {
  listeners.add(listener);
  if (!stop) stop = isElectron() && window.spilnoEvents ? window.spilnoEvents.subscribe(deliver) : openStream();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && stop) {
      stop();
      stop = null;
    }
  };
}
