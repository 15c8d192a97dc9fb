/**
 * Field errors next to fields: the same zod schema validates in the form and in the service,
 * and both sides report issues as (path, i18n key). This maps either source to `path → key`
 * so a form shows the message under the field it concerns.
 */
import type { z } from 'zod';
import { ApiCallError } from '../api/client.js';

export type FieldErrors = Record<string, string>;

export function pathKey(path: readonly (string | number | symbol)[]): string {
  return path.map(String).join('.');
}

export function errorsFromIssues(issues: readonly { path: readonly (string | number | symbol)[]; message: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const k = pathKey(i.path);
    if (!(k in out)) out[k] = i.message;
  }
  return out;
}

/** Client-side check with the contract's schema; null when valid. */
export function validateWith<S extends z.ZodType>(schema: S, value: unknown): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, data: r.data } : { ok: false, errors: errorsFromIssues(r.error.issues) };
}

/** Field errors carried by a failed API call (input validation or a service's field check). */
export function errorsFromApi(e: unknown): FieldErrors | null {
  if (e instanceof ApiCallError && e.error.issues?.length) return errorsFromIssues(e.error.issues);
  return null;
}

/** Zod's own messages are not i18n keys; fall back to a generic key for them. */
export function messageKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  return raw.startsWith('v.') ? raw : 'v.invalid';
}
