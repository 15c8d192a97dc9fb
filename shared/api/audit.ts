/** The audit domain: the hash-chained trail of who changed what, and its verification. */
import { z } from 'zod';
import { RequiredText, Text } from '../domain/bounds.js';
import { defineDomain } from './contract.js';

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  siteId: z.string(),
  agencyId: z.string(),
  unitName: z.string(),
  actor: z.string(),
  action: z.string(),
  operationId: z.string().nullable(),
  /** "entity:id" references of the records the action touched. */
  affected: z.array(z.string()),
  inputDigest: z.string(),
  detail: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  operationId: Text(200).optional(),
  actor: Text(200).optional(),
  /** Exact action or a prefix ending in '.' ('operations.'). */
  action: Text(200).optional(),
  beforeSeq: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type AuditQuery = z.input<typeof AuditQuery>;

export const AuditVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  /** seq of the first entry that does not fit the chain (null when ok). */
  brokenAt: z.number().int().nullable(),
  problem: z.enum(['edited', 'missing', 'reordered', 'truncated']).nullable(),
  message: z.string(),
  headHash: z.string().nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

export const auditApi = defineDomain({
  list: { input: AuditQuery.default({ limit: 200 }), output: z.array(AuditEntry) },
  facets: {
    input: z.object({}).default({}),
    output: z.object({ actors: z.array(z.string()), actions: z.array(z.string()) }),
  },
  verify: { input: z.object({}).default({}), output: AuditVerification },
  /** Who is recorded as acting at this workstation (defaults to the OS account name). */
  operator: { input: z.object({}).default({}), output: z.object({ name: z.string() }) },
  setOperator: { input: z.object({ name: RequiredText(120) }), output: z.object({ name: z.string() }) },
});
