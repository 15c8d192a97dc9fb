/**
 * Every answer of the core leaves it as JSON text in UTF-8 bytes, written once, in the core.
 *
 * Why: browser mode sends JSON anyway, and an answer handed over as an object was paid three
 * times on its way — cloned out of the worker, rebuilt on the relaying thread, then stringified
 * and encoded there again — all but the clone on the thread that serves the page. Bytes are
 * transferred between threads without a copy, and the server writes them as they are. The
 * Electron shell, which must give IPC an object, parses them once (core-client.ts).
 *
 * Answers are JSON data by contract already (browser mode has always sent them as JSON).
 */
import type { ApiResult } from '../../shared/api/errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const UNWRITABLE: ApiResult<never> = { ok: false, error: { code: 'internal', message: 'Internal error; see the application log.' } };

/** The answer's bytes, in an ArrayBuffer of their own (so they can be transferred). */
export function encodeAnswer(result: ApiResult<unknown>): Uint8Array<ArrayBuffer> {
  let text: string;
  try {
    text = JSON.stringify(result);
  } catch (e) {
    // A value JSON cannot write (a BigInt, a cycle) is a bug in a service, not the caller's.
    console.error('[spilno] an answer could not be written as JSON:', e);
    text = JSON.stringify(UNWRITABLE);
  }
  return encoder.encode(text);
}

export function decodeAnswer(json: Uint8Array): ApiResult<unknown> {
  return JSON.parse(decoder.decode(json)) as ApiResult<unknown>;
}
