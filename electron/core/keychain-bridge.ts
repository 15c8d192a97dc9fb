/**
 * The OS keychain, reached synchronously from the core worker.
 *
 * Electron's `safeStorage` exists only in the main process, and a KeyProtector is synchronous
 * (keys are opened inside request handlers, inside transactions). So the worker asks main over
 * a MessagePort and blocks on a shared flag (Atomics.wait) until main has answered; the answer
 * is then read from the port without the event loop (receiveMessageOnPort). Main's own loop is
 * never blocked: it answers like any other message. A request that gets no answer in
 * ANSWER_TIMEOUT_MS fails like a refused keychain (typed `locked` error upstream).
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { OsSecretStore } from '../sync/key-protector.js';

type Request =
  | { op: 'isEncryptionAvailable' }
  | { op: 'getSelectedStorageBackend' }
  | { op: 'encryptString'; text: string }
  | { op: 'decryptString'; data: Uint8Array };

type Answer = { ok: true; value: unknown } | { ok: false; message: string };

const ANSWER_TIMEOUT_MS = 30_000;

/** What main hands to the worker (transferable port + shared flag). */
export interface KeychainLink {
  port: MessagePort;
  signal: SharedArrayBuffer;
}

/** Main side: serves `store` to the worker at the other end of the returned link. */
export function serveKeychain(store: OsSecretStore): { link: KeychainLink; close(): void } {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  port1.on('message', (req: Request) => {
    let answer: Answer;
    try {
      switch (req.op) {
        case 'isEncryptionAvailable': answer = { ok: true, value: store.isEncryptionAvailable() }; break;
        case 'getSelectedStorageBackend': answer = { ok: true, value: store.getSelectedStorageBackend() }; break;
        case 'encryptString': answer = { ok: true, value: new Uint8Array(store.encryptString(req.text)) }; break;
        case 'decryptString': answer = { ok: true, value: store.decryptString(Buffer.from(req.data)) }; break;
        default: answer = { ok: false, message: 'unknown keychain request' };
      }
    } catch (e) {
      answer = { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    port1.postMessage(answer);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
  port1.unref();
  return { link: { port: port2, signal }, close: () => port1.close() };
}

/** Worker side: a synchronous OsSecretStore over the link. */
export function keychainClient(link: KeychainLink): OsSecretStore {
  const flag = new Int32Array(link.signal);
  const ask = (req: Request): unknown => {
    Atomics.store(flag, 0, 0);
    link.port.postMessage(req);
    if (Atomics.wait(flag, 0, 0, ANSWER_TIMEOUT_MS) === 'timed-out') throw new Error('The OS keychain did not answer');
    const got = receiveMessageOnPort(link.port);
    if (!got) throw new Error('The OS keychain answer was lost');
    const answer = got.message as Answer;
    if (!answer.ok) throw new Error(answer.message);
    return answer.value;
  };
  return {
    isEncryptionAvailable: () => ask({ op: 'isEncryptionAvailable' }) as boolean,
    getSelectedStorageBackend: () => ask({ op: 'getSelectedStorageBackend' }) as string,
    encryptString: (text) => Buffer.from(ask({ op: 'encryptString', text }) as Uint8Array),
    decryptString: (data) => ask({ op: 'decryptString', data: new Uint8Array(data) }) as string,
  };
}
