/** The exchange-log domain: Article 558 obligations and the six forms' exchanges. */
import { z } from 'zod';
import { List } from '../domain/bounds.js';
import { Id, Instant } from '../domain/common.js';
import { ExchangeKind } from '../domain/enums.js';
import { ExchangeDraft, ExchangeEntry, ExchangePatchFields } from '../domain/exchange.js';
import { defineDomain } from './contract.js';
import { ById } from './operations.js';

export const ExchangeListQuery = z
  .object({
    operationId: Id.nullable().default(null),
    agencyId: Id.nullable().default(null),
    kinds: List(ExchangeKind, 50).default([]),
    overdueOnly: z.boolean().default(false),
  })
  .default({ operationId: null, agencyId: null, kinds: [], overdueOnly: false });

export const exchangeApi = defineDomain({
  list: { input: ExchangeListQuery, output: z.array(ExchangeEntry) },
  create: { input: ExchangeDraft, output: ExchangeEntry },
  update: { input: z.object({ id: Id, patch: ExchangePatchFields }), output: ExchangeEntry },
  markSent: { input: z.object({ id: Id, at: Instant }), output: ExchangeEntry },
  acknowledge: { input: z.object({ id: Id, at: Instant }), output: ExchangeEntry },
  remove: { input: ById, output: ById },
});
