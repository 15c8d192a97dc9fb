/** The system domain: who this installation is, the demo dataset, and the change record. */
import { z } from 'zod';
import { ChangeRecord } from '../sync/change.js';
import { RequiredText } from '../domain/bounds.js';
import { Id } from '../domain/common.js';
import { defineDomain } from './contract.js';

export const SystemInfo = z.object({
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  siteId: z.string(),
  /** This unit's agency: the forms show the lead's need-to-know fields only to the lead's units. */
  agencyId: z.string(),
  mode: z.enum(['electron', 'browser', 'cli']),
  dataDir: z.string(),
  readOnly: z.boolean(),
  /** Spilno is not a certified system for state secrets and says so wherever it is shown. */
  classificationNotice: z.string(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

/**
 * Who this installation is: its agency (whose need-to-know applies here and whose rights its
 * edits are judged by), its unit and the operator its records are made under. A new store asks
 * for them first (`needed`); afterwards the unit and the operator can change at any time, the
 * agency only while the store has recorded nothing and holds no sync keys — from then on peers
 * know this unit by it, and its recorded edits were judged as that agency's.
 */
export const SiteSetup = z.object({
  needed: z.boolean(),
  agencyId: z.string(),
  unitName: z.string(),
  operatorName: z.string(),
  agencyFixed: z.boolean(),
});
export type SiteSetup = z.infer<typeof SiteSetup>;

export const SiteSetupInput = z.object({
  agencyId: Id,
  unitName: RequiredText(200),
  operatorName: RequiredText(120),
  /** Also load the demo operation, as a separate sample. */
  loadDemo: z.boolean().default(false),
});
export type SiteSetupInput = z.infer<typeof SiteSetupInput>;

export const systemApi = defineDomain({
  info: { input: z.object({}).default({}), output: SystemInfo },
  loadDemo: {
    input: z.object({ withCompleted: z.boolean().default(false) }).default({ withCompleted: false }),
    output: z.object({ operationId: z.string(), completedOperationId: z.string().nullable() }),
  },
  setup: { input: z.object({}).default({}), output: SiteSetup },
  completeSetup: { input: SiteSetupInput, output: SiteSetup.extend({ demoOperationId: z.string().nullable() }) },
  listChanges: {
    input: z.object({
      afterSeq: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(10000).default(1000),
    }),
    output: z.array(ChangeRecord.extend({ seq: z.number().int() })),
  },
});
