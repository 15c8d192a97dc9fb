/**
 * The relaying side of the core: starts the core worker and gives the transports (Electron IPC,
 * the browser-mode server) a `CoreHandle` — call a contract method, subscribe to events, close.
 *
 * Why a `worker_threads` Worker and not Electron's `utilityProcess`: the same code runs in
 * Electron's main process and in browser mode under plain Node (utilityProcess exists only in
 * Electron, and its binary cannot be fetched here, so that path could not be tested);
 * better-sqlite3 and its cipher build are context-aware addons that load in workers; and the
 * OS keychain, which only main can reach, stays reachable synchronously through a shared flag
 * (keychain-bridge.ts). The price: a native crash in the worker takes the whole process down,
 * which a separate process would survive.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ApiResult } from '../../shared/api/errors.js';
import type { CoreEvent, CoreEventListener } from '../../shared/api/events.js';
import type { FileChoice } from '../../shared/api/files.js';
import type { GrantRequest } from '../files/grants.js';
import type { RunMode } from '../services/context.js';
import type { OsSecretStore } from '../sync/key-protector.js';
import { decodeAnswer, encodeAnswer } from './answer-json.js';
import { serveKeychain } from './keychain-bridge.js';
import type { CoreWorkerData, FromCore, ToCore } from './protocol.js';

/** What a transport needs of the core, wherever it runs. */
export interface CoreHandle {
  call(domain: string, method: string, input: unknown): Promise<ApiResult<unknown>>;
  /** The same answer as the core wrote it, JSON in UTF-8 (answer-json.ts): a transport that
   *  sends JSON forwards these bytes without reading them. */
  callJson(domain: string, method: string, input: unknown): Promise<Uint8Array>;
  /** The shell's alone: a file or folder the user chose (a dialog, the command line). */
  grant(request: GrantRequest): Promise<ApiResult<FileChoice>>;
  subscribe(listener: CoreEventListener): () => void;
  close(): Promise<void>;
}

export interface CoreWorkerOptions {
  dataDir: string;
  mode: RunMode;
  nativeBinding?: string;
  cipherNativeBinding?: string;
  /** Electron's safeStorage, only where it really encrypts (keychain.ts decides). */
  osSecretStore?: OsSecretStore | null;
  watchMs?: number;
  /** Daily backups and the idle auto-lock (default on). */
  background?: boolean;
}

const STOPPED: ApiResult<never> = { ok: false, error: { code: 'internal', message: 'The Spilno core stopped; restart the app.' } };
const UNSENDABLE: ApiResult<never> = { ok: false, error: { code: 'invalid_input', message: 'The input cannot be sent to the core' } };

/**
 * The compiled worker beside this module; when this module runs from its TypeScript source
 * (tests), the build's copy (`npm run build` first).
 */
export function coreWorkerFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'worker.js');
  if (fs.existsSync(beside)) return beside;
  return path.resolve(here, '../../dist/electron/core/worker.js');
}

export function startCoreWorker(options: CoreWorkerOptions): Promise<CoreHandle> {
  const keychain = options.osSecretStore ? serveKeychain(options.osSecretStore) : null;
  const data: CoreWorkerData = {
    dataDir: options.dataDir,
    mode: options.mode,
    platform: process.platform,
    background: options.background ?? true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.cipherNativeBinding ? { cipherNativeBinding: options.cipherNativeBinding } : {}),
    ...(options.watchMs !== undefined ? { watchMs: options.watchMs } : {}),
    ...(keychain ? { keychain: keychain.link } : {}),
  };
  const worker = new Worker(coreWorkerFile(), {
    workerData: data,
    transferList: keychain ? [keychain.link.port] : [],
  });
  const pending = new Map<number, (json: Uint8Array) => void>();
  const pendingGrants = new Map<number, (r: ApiResult<FileChoice>) => void>();
  const listeners = new Set<CoreEventListener>();
  let nextId = 1;
  let alive = true;
  let onClosed: (() => void) | null = null;

  const stopped = () => {
    alive = false;
    keychain?.close();
    for (const answer of pending.values()) answer(encodeAnswer(STOPPED));
    pending.clear();
    for (const answer of pendingGrants.values()) answer(STOPPED);
    pendingGrants.clear();
    onClosed?.();
  };

  return new Promise<CoreHandle>((resolve, reject) => {
    let started = false;
    worker.on('message', (m: FromCore) => {
      switch (m.type) {
        case 'ready':
          started = true;
          resolve(handle);
          break;
        case 'failed':
          reject(new Error(m.message));
          break;
        case 'result':
          pending.get(m.id)?.(m.json);
          pending.delete(m.id);
          break;
        case 'granted':
          pendingGrants.get(m.id)?.(m.result);
          pendingGrants.delete(m.id);
          break;
        case 'event':
          for (const l of [...listeners]) deliver(l, m.event);
          break;
        case 'closed':
          void worker.terminate();
          break;
      }
    });
    worker.on('error', (e) => {
      console.error('[spilno] the core worker failed:', e);
      if (!started) reject(e);
    });
    worker.on('exit', () => {
      stopped();
      if (!started) reject(new Error('The Spilno core stopped while opening the data folder'));
    });

    const handle: CoreHandle = {
      async call(domain, method, input) {
        return decodeAnswer(await handle.callJson(domain, method, input));
      },
      callJson(domain, method, input) {
        if (!alive) return Promise.resolve(encodeAnswer(STOPPED));
        const id = nextId++;
        return new Promise((answer) => {
          pending.set(id, answer);
          const msg: ToCore = { type: 'call', id, domain, method, input };
          try {
            worker.postMessage(msg);
          } catch {
            // Input that cannot cross threads (a function, a symbol) is not valid contract input.
            pending.delete(id);
            answer(encodeAnswer(UNSENDABLE));
          }
        });
      },
      grant(request) {
        if (!alive) return Promise.resolve(STOPPED);
        const id = nextId++;
        return new Promise((answer) => {
          pendingGrants.set(id, answer);
          worker.postMessage({ type: 'grant', id, request } satisfies ToCore);
        });
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      close() {
        if (!alive) return Promise.resolve();
        return new Promise<void>((done) => {
          onClosed = done;
          worker.postMessage({ type: 'close' } satisfies ToCore);
        });
      },
    };
  });
}

function deliver(listener: CoreEventListener, event: CoreEvent): void {
  try {
    listener(event);
  } catch (e) {
    console.error('[spilno] event listener failed:', e);
  }
}
