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

export function notFound(what: string, id: string): DomainError {
  return new DomainError('not_found', `${what} ${id} not found`);
}
