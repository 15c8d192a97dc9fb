/**
 * The single entry every transport uses: look the method up in the contract, parse the input
 * with its schema, call the service, and answer `{ ok, value } | { ok: false, error }`.
 * Unknown methods and malformed input never reach a service; unexpected exceptions become
 * `internal` without leaking their text (it may hold SQL or paths), and are logged instead.
 */
import { z } from 'zod';
import { DomainError, issuesFromZod, type ApiResult } from '../../shared/api/errors.js';
import { apiContract, type ApiDomain } from '../../shared/api/index.js';
import type { ServiceContext } from '../services/context.js';
import { handlers } from './handlers.js';

type AnyHandler = (ctx: ServiceContext, input: unknown) => unknown;

export function isApiMethod(domain: string, method: string): boolean {
  return (
    Object.hasOwn(apiContract, domain) &&
    Object.hasOwn(apiContract[domain as ApiDomain], method)
  );
}

export type ErrorLogger = (domain: string, method: string, error: unknown) => void;
const defaultLogger: ErrorLogger = (domain, method, error) => {
  console.error(`[spilno] ${domain}.${method} failed:`, error);
};

/** Maps storage failures the user can act on to typed errors (disk full, read-only folder). */
function storageError(error: unknown): DomainError | null {
  const code = (error as { code?: unknown })?.code;
  if (code === 'SQLITE_FULL') return new DomainError('storage_full', 'The disk is full; nothing was saved.');
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
    return new DomainError('read_only', 'The data folder is read-only; nothing was saved.');
  }
  return null;
}

export async function dispatch(
  ctx: ServiceContext,
  domain: string,
  method: string,
  rawInput: unknown,
  logError: ErrorLogger = defaultLogger,
): Promise<ApiResult<unknown>> {
  if (!isApiMethod(domain, method)) {
    return { ok: false, error: { code: 'unknown_method', message: `Unknown method ${domain}.${method}` } };
  }
  const spec = (apiContract[domain as ApiDomain] as Record<string, { input: z.ZodType }>)[method]!;
  const parsed = spec.input.safeParse(rawInput);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'invalid_input', message: z.prettifyError(parsed.error), issues: issuesFromZod(parsed.error) },
    };
  }
  const handler = (handlers[domain as ApiDomain] as unknown as Record<string, AnyHandler>)[method]!;
  try {
    return { ok: true, value: await handler(ctx, parsed.data) };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: error.toApiError() };
    const storage = storageError(error);
    if (storage) return { ok: false, error: storage.toApiError() };
    logError(domain, method, error);
    return { ok: false, error: { code: 'internal', message: 'Internal error; see the application log.' } };
  }
}
