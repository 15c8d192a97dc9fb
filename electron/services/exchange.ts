/** Exchange-log service: Article 558 obligations and the six forms' exchanges. */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { DomainError, issuesFromZod } from '../../shared/api/errors.js';
import type { ExchangeListQuery } from '../../shared/api/exchange.js';
import {
  ExchangeEntry as ExchangeSchema, exchangeState, isMandatoryExchange, type ExchangeDraft,
  ExchangePatchFields, type ExchangeEntry,
} from '../../shared/domain/exchange.js';
import { ENTITIES } from '../db/entities.js';
import { getExchangeEntry, listExchangeEntries } from '../db/repos/exchange.repo.js';
import { changedFields } from './change-writer.js';
import { transact, type ServiceContext } from './context.js';
import { notFound, requireAgency, requireOperation } from './guards.js';

const EXCHANGE_FIELDS = Object.keys(ENTITIES.exchange.fields).filter((f) => f !== 'createdAt');

function checkReferences(ctx: ServiceContext, e: ExchangeDraft): void {
  requireAgency(ctx, e.fromAgencyId, ['fromAgencyId']);
  requireAgency(ctx, e.toAgencyId, ['toAgencyId']);
  if (e.operationId) requireOperation(ctx, e.operationId);
}

export function listExchange(ctx: ServiceContext, q: z.output<typeof ExchangeListQuery>): ExchangeEntry[] {
  const all = listExchangeEntries(ctx.db, {
    operationId: q.operationId, agencyId: q.agencyId, kindsJson: JSON.stringify(q.kinds),
  });
  if (!q.overdueOnly) return all;
  const now = ctx.now();
  return all.filter((e) => isMandatoryExchange(e.kind) && exchangeState(e, now) === 'overdue');
}

export function createExchange(ctx: ServiceContext, draft: ExchangeDraft): ExchangeEntry {
  checkReferences(ctx, draft);
  const id = randomUUID();
  transact(ctx, () =>
    ctx.writer.create('exchange', id, { ...draft, createdAt: ctx.now().toISOString() }, draft.operationId),
  );
  return getExchangeEntry(ctx.db, id)!;
}

function requireEntry(ctx: ServiceContext, id: string): ExchangeEntry {
  const e = getExchangeEntry(ctx.db, id);
  if (!e) throw notFound('Exchange entry', id);
  return e;
}

export function updateExchange(
  ctx: ServiceContext, id: string, patch: z.output<typeof ExchangePatchFields>,
): ExchangeEntry {
  const current = requireEntry(ctx, id);
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const parsed = ExchangeSchema.safeParse({ ...current, ...defined });
  if (!parsed.success) {
    throw new DomainError('invalid_input', 'Invalid exchange entry', undefined, issuesFromZod(parsed.error));
  }
  checkReferences(ctx, parsed.data);
  // An entry moved to another operation is recorded under the new one: the need-to-know key.
  transact(ctx, () =>
    ctx.writer.update('exchange', id, changedFields(current, parsed.data, EXCHANGE_FIELDS), parsed.data.operationId),
  );
  return requireEntry(ctx, id);
}

export function markExchangeSent(ctx: ServiceContext, id: string, at: string): ExchangeEntry {
  const e = requireEntry(ctx, id);
  transact(ctx, () => ctx.writer.update('exchange', id, { sentAt: at }, e.operationId));
  return requireEntry(ctx, id);
}

export function acknowledgeExchange(ctx: ServiceContext, id: string, at: string): ExchangeEntry {
  const e = requireEntry(ctx, id);
  transact(ctx, () =>
    ctx.writer.update('exchange', id, { acknowledgedAt: at, ...(e.sentAt ? {} : { sentAt: at }) }, e.operationId),
  );
  return requireEntry(ctx, id);
}

export function removeExchange(ctx: ServiceContext, id: string): { id: string } {
  const e = requireEntry(ctx, id);
  transact(ctx, () => ctx.writer.remove('exchange', id, e.operationId));
  return { id };
}
