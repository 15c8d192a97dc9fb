/**
 * The renderer's API client: the same typed `Api` whether the app runs in Electron (the
 * preload's `window.api`) or in browser mode (HTTP to 127.0.0.1 with the per-launch token).
 * Results are unwrapped here: a failed call throws `ApiCallError` carrying the typed error, so
 * views can show field issues or snap a drag back by code.
 */
import { apiContract, type Api, type ApiDomain } from '../../../shared/api/index.js';
import type { ApiError, ApiResult } from '../../../shared/api/errors.js';

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
  }
  get code() {
    return this.error.code;
  }
}

type RawCall = (domain: string, method: string, input: unknown) => Promise<ApiResult<unknown>>;

/** The preload bridge (Electron): one function per contract method, answering ApiResult. */
type BridgeApi = Record<string, Record<string, (input: unknown) => Promise<ApiResult<unknown>>>>;

declare global {
  interface Window {
    api?: BridgeApi;
  }
}

const TOKEN_KEY = 'spilno.token';

/** Browser mode passes the token in the URL fragment (never sent to a server or a Referer). */
export function takeTokenFromLocation(): string | null {
  const m = /(?:^|[#&])token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return m[1]!;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

const utf8 = new TextDecoder();

function httpTransport(token: string | null): RawCall {
  return async (domain, method, input) => {
    const res = await fetch(`/api/${domain}/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Spilno-Token': token ?? '' },
      body: input === undefined ? '' : JSON.stringify(input),
    });
    if (res.status === 401) {
      return { ok: false, error: { code: 'unauthorized', message: 'The session token is missing or wrong. Open the URL printed by "npm start".' } };
    }
    // Read as bytes and decoded once: `res.json()` decodes the body chunk by chunk on the
    // page's thread as it arrives. For the 4.7 MB map of 1,000 operations (the map bench's
    // data) headers to parsed answer took 256–287 ms that way, 206–209 ms this way (same page).
    return JSON.parse(utf8.decode(await res.arrayBuffer())) as ApiResult<unknown>;
  };
}

function bridgeTransport(bridge: BridgeApi): RawCall {
  return (domain, method, input) => {
    const fn = bridge[domain]?.[method];
    if (!fn) return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `${domain}.${method}` } });
    return fn(input);
  };
}

/** Told when a call was refused because the store is locked: the lock may have come while no
 *  event could reach this page (a dropped stream), and the page must not keep showing data. */
const lockedListeners = new Set<() => void>();

export function onStoreLockedAnswer(listener: () => void): () => void {
  lockedListeners.add(listener);
  return () => lockedListeners.delete(listener);
}

export function createApiClient(call: RawCall): Api {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const [domain, methods] of Object.entries(apiContract)) {
    api[domain] = {};
    for (const method of Object.keys(methods)) {
      api[domain][method] = async (input: unknown) => {
        const result = await call(domain, method, input);
        if (!result.ok) {
          if (result.error.code === 'locked' && result.error.details?.['messageKey'] === 'error.appLocked') {
            for (const l of [...lockedListeners]) l();
          }
          throw new ApiCallError(result.error);
        }
        return result.value;
      };
    }
  }
  return api as unknown as Api;
}

export function isElectron(): boolean {
  return typeof window.api === 'object' && window.api !== null;
}

/** Browser mode's per-launch token (null in Electron, where IPC needs none). */
export const sessionToken: string | null = isElectron() ? null : takeTokenFromLocation();

export const api: Api = createApiClient(
  isElectron() ? bridgeTransport(window.api!) : httpTransport(sessionToken),
);

export type { ApiDomain };
