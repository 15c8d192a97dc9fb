/**
 * Every API call answers `{ ok: true, value } | { ok: false, error }`. Errors are typed by code
 * so the renderer can react (show field errors, snap a dragged event back, offer an override)
 * instead of parsing messages.
 */
import { z } from 'zod';

export const API_ERROR_CODES = [
  'invalid_input', 'not_found', 'invalid_transition', 'conflict', 'blocking_conflict',
  'forbidden', 'unauthorized', 'unknown_method', 'read_only', 'storage_full', 'locked',
  'integrity', 'too_large', 'timeout', 'too_many_attempts', 'internal',
  // The legal spine: a marking above the installation's ceiling; approval or activation
  // waiting for decisions, a proceeding or agreement marks (details name what is missing).
  'above_ceiling', 'legal_basis_missing',
  // Issue 17: a completed operation's plan and execution are closed; only results and lessons change.
  'operation_completed',
] as const;
export const ApiErrorCode = z.enum(API_ERROR_CODES);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const FieldIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  /** An i18n key (`v.required`) or a plain message from zod's own checks. */
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

export const ApiError = z.object({
  code: ApiErrorCode,
  message: z.string(),
  issues: z.array(FieldIssue).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/**
 * Thrown by services for expected failures; transports turn it into `{ ok: false, error }`.
 * Anything else thrown is a bug and becomes `internal` with no detail leaked.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toApiError(): ApiError {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: i.message,
  }));
}
