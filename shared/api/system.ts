/** The system domain: who this installation is, the demo dataset, and the change record. */
import { z } from 'zod';
import { ChangeRecord } from '../sync/change.js';
import { defineDomain } from './contract.js';

export const SystemInfo = z.object({
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  siteId: z.string(),
  mode: z.enum(['electron', 'browser', 'cli']),
  dataDir: z.string(),
  readOnly: z.boolean(),
  /** Spilno is not a certified system for state secrets and says so wherever it is shown. */
  classificationNotice: z.string(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

export const systemApi = defineDomain({
  info: { input: z.object({}).default({}), output: SystemInfo },
  loadDemo: { input: z.object({}).default({}), output: z.object({ operationId: z.string() }) },
  listChanges: {
    input: z.object({
      afterSeq: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(10000).default(1000),
    }),
    output: z.array(ChangeRecord.extend({ seq: z.number().int() })),
  },
});
