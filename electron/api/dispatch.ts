/**
 * The single entry every transport uses: look the method up in the contract, parse the input
 * with its schema, call the service, and answer `{ ok, value } | { ok: false, error }`.
 * Unknown methods and malformed input never reach a service; unexpected exceptions become
 * `internal` without leaking their text (it may hold SQL or paths), and are logged instead.
 *
 * Every call runs in an audit scope: writes made through `transact` are audited in their own
 * transaction under this method's name; a call that wrote without it (exports, imports, key
 * changes) gets an entry here naming the records its output mentions. When the context is
 * blocked (damaged file, read-only folder, locked store) the database is open read-only, so
 * a write fails inside SQLite before anything changes, and the answer carries the reason.
 *
 * With SPILNO_CHECK_OUTPUTS=1 (the test suites set it, and the processes and workers they start
 * inherit it) every answer is also parsed with the method's output schema, and one that does
 * not match is an `internal` error: a service that drifts from the contract fails its tests
 * instead of handing the renderer a shape it does not expect. Off in the app: the services'
 * types already say the same, and the check costs a full walk of large answers.
 */
import { z } from 'zod';
import { DomainError, issuesFromZod, type ApiResult } from '../../shared/api/errors.js';
import { apiContract, type ApiDomain } from '../../shared/api/index.js';
import { totalChanges } from '../db/repos/audit.repo.js';
import { affectedFromOutput, currentAuditScope, recordAudit, withAuditScope } from '../services/audit.js';
import type { ServiceContext } from '../services/context.js';
import { noteActivity } from '../security/at-rest.js';
import { handlers } from './handlers.js';

type AnyHandler = (ctx: ServiceContext, input: unknown) => unknown;

const CHECK_OUTPUTS = process.env['SPILNO_CHECK_OUTPUTS'] === '1';

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

const INTEGRITY_MESSAGE =
  'The database failed its integrity check; changes are blocked until it is restored from a backup.';

/** Maps storage failures the user can act on to typed errors (disk full, read-only folder,
 *  damaged file, locked store). SQLite reports extended codes (SQLITE_READONLY_DBMOVED…). */
/** The `code` an SQLite or file-system error carries ('' when none). */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

export function storageError(ctx: ServiceContext, error: unknown): DomainError | null {
  const code = errorCode(error);
  if (code.startsWith('SQLITE_FULL')) return new DomainError('storage_full', 'The disk is full; nothing was saved.');
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return new DomainError('integrity', INTEGRITY_MESSAGE);
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'EROFS' || code === 'EACCES') {
    if (ctx.durability.blockedBy === 'integrity') return new DomainError('integrity', INTEGRITY_MESSAGE);
    if (ctx.durability.blockedBy === 'locked') return new DomainError('locked', 'Spilno is locked; unlock it to make changes.', { messageKey: 'error.appLocked' });
    return new DomainError('read_only', 'The data folder is read-only; nothing was saved.');
  }
  if (code === 'ENOSPC') return new DomainError('storage_full', 'The disk is full; nothing was saved.');
  return null;
}

function changesOf(db: ServiceContext['db']): number | null {
  try {
    return totalChanges(db);
  } catch {
    return null;
  }
}

/** Audits a call that changed the database without going through `transact`, naming the
 *  records its input and output mention. */
function auditUnrecordedWrite(
  ctx: ServiceContext, db: ServiceContext['db'], domain: string, before: number | null, value: unknown,
  input: unknown, logError: ErrorLogger, method: string,
): void {
  const scope = currentAuditScope();
  if (!scope || scope.entriesWritten > 0 || before === null || ctx.db !== db) return;
  const after = changesOf(db);
  if (after === null || after === before) return;
  try {
    const opOf = (v: unknown) => (v && typeof v === 'object' && typeof (v as { operationId?: unknown }).operationId === 'string'
      ? (v as { operationId: string }).operationId : null);
    recordAudit(ctx, {
      action: scope.action,
      affected: [...affectedFromOutput(value, domain), ...affectedFromOutput(input, domain)],
      operationId: opOf(input) ?? opOf(value),
    });
  } catch (e) {
    // The work itself is saved; reporting failure would make the user redo it.
    logError(domain, method, e);
  }
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
  const spec = (apiContract[domain as ApiDomain] as Record<string, { input: z.ZodType; output: z.ZodType }>)[method]!;
  const parsed = spec.input.safeParse(rawInput);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'invalid_input', message: z.prettifyError(parsed.error), issues: issuesFromZod(parsed.error) },
    };
  }
  if (ctx.durability.blockedBy === 'locked' && domain !== 'security') {
    // The messageKey tells the renderer it is the store that is locked (not the sync keys,
    // which answer `locked` too): it ends the session and shows the lock form.
    return { ok: false, error: { code: 'locked', message: 'Spilno is locked; enter the passphrase to continue.', details: { messageKey: 'error.appLocked' } } };
  }
  if (domain !== 'security' || method === 'touch') noteActivity(ctx);
  const handler = (handlers[domain as ApiDomain] as unknown as Record<string, AnyHandler>)[method]!;
  try {
    const value = await withAuditScope(`${domain}.${method}`, parsed.data, async () => {
      const db = ctx.db;
      const before = changesOf(db);
      const v = await handler(ctx, parsed.data);
      auditUnrecordedWrite(ctx, db, domain, before, v, parsed.data, logError, method);
      return v;
    });
    if (CHECK_OUTPUTS) {
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        logError(domain, method, new Error(`output breaks the contract: ${z.prettifyError(checked.error)}`));
        return { ok: false, error: { code: 'internal', message: `${domain}.${method} answered outside its contract: ${z.prettifyError(checked.error)}` } };
      }
    }
    return { ok: true, value };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: error.toApiError() };
    const storage = storageError(ctx, error);
    if (storage) return { ok: false, error: storage.toApiError() };
    logError(domain, method, error);
    return { ok: false, error: { code: 'internal', message: 'Internal error; see the application log.' } };
  }
}
