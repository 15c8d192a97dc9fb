/** Reference checks shared by services: a typed error naming the field, before anything is written. */
import { DomainError } from '../../shared/api/errors.js';
import type { Operation } from '../../shared/domain/operation.js';
import { getAgency } from '../db/repos/agencies.repo.js';
import { getOperation } from '../db/repos/operations.repo.js';
import type { ServiceContext } from './context.js';

export function invalidField(path: (string | number)[], message: string): DomainError {
  return new DomainError('invalid_input', `${path.join('.')}: ${message}`, undefined, [
    { path, message },
  ]);
}

export function requireAgency(ctx: ServiceContext, id: string, path: (string | number)[]): void {
  if (!getAgency(ctx.db, id)) throw invalidField(path, 'v.unknownAgency');
}

export function requireOperation(ctx: ServiceContext, id: string): Operation {
  const op = getOperation(ctx.db, id);
  if (!op) throw new DomainError('not_found', `Operation ${id} not found`);
  return op;
}

/**
 * A completed operation is a record: its plan, tasks, legal spine, consignments and execution log
 * no longer change (the after-action report and the statistics read them as they were). Only its
 * results (seizures, evidence and custody, detentions, protocols, proceedings opened) and its
 * lessons may still be recorded — evidence keeps moving and a protocol may be written days later.
 * A reopen is not offered from completed (shared/domain/lifecycle.ts).
 */
export function requirePlanOpen(ctx: ServiceContext, operationId: string): Operation {
  const op = requireOperation(ctx, operationId);
  if (op.status === 'completed') {
    throw new DomainError('operation_completed', `Operation ${op.codeName} is completed: only its results and lessons may change`, { operationId });
  }
  return op;
}

export function notFound(what: string, id: string): DomainError {
  return new DomainError('not_found', `${what} ${id} not found`);
}
