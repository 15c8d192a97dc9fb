/**
 * The exports domain: briefing packs (PDF), calendars (.ics), contacts (.vcf) and the whole pack
 * as one tar, optionally age-encrypted. Files come back base64-encoded in the answer: the
 * renderer turns them into a download in browser mode and in Electron alike, so no transport
 * needs a file path or a second channel. The CLI calls the services directly and writes files.
 */
import { z } from 'zod';
import { LIMITS } from '../domain/bounds.js';
import { Id, Instant } from '../domain/common.js';
import { defineDomain } from './contract.js';
import { ProgressId } from './sync.js';

export const ExportLang = z.enum(['uk', 'en']);

/** An age X25519 recipient (`age1…`, Bech32): the same strings sync bundles use. */
export const AgeRecipient = z.string().trim().max(100, { error: 'v.ageRecipient' }).regex(/^age1[02-9ac-hj-np-z]{58}$/, { error: 'v.ageRecipient' });

const PackCopyNumber = z.number().int().min(1, { error: 'v.range' }).max(LIMITS.distributionCopies, { error: 'v.range' })
  .nullable().default(null);

export const BriefingRequest = z.object({
  operationId: Id,
  /** A fresh id to follow the pages drawn as progress events (services/progress.ts). */
  progressId: ProgressId.optional(),
  /** The agency the pack is for; null = all agencies (the coordinator's pack). */
  agencyId: Id.nullable().default(null),
  lang: ExportLang.default('uk'),
  /** Defaults to the end of the operation. */
  validUntil: Instant.nullable().default(null),
  /**
   * The copy on the operation's distribution list (shared/domain/distribution.ts); null: the
   * first copy of `agencyId`. Every pack is one numbered copy for one named recipient.
   */
  copy: PackCopyNumber,
});
export type BriefingRequest = z.input<typeof BriefingRequest>;

export const IcsScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('operation') }),
  z.object({ kind: z.literal('agency'), agencyId: Id }),
  z.object({ kind: z.literal('person'), personId: Id }),
]);
export type IcsScope = z.infer<typeof IcsScope>;

export const IcsRequest = z.object({
  operationId: Id,
  scope: IcsScope.default({ kind: 'operation' }),
  lang: ExportLang.default('uk'),
});

/** The contact sheet of one recipient agency's view (null: every contact, the coordinator's). */
export const VcardRequest = z.object({ operationId: Id, agencyId: Id.nullable().default(null), lang: ExportLang.default('uk') });

export const PackRequest = z.object({
  operationId: Id,
  progressId: ProgressId.optional(),
  agencyId: Id.nullable().default(null),
  lang: ExportLang.default('uk'),
  includeIcs: z.boolean().default(true),
  includeVcard: z.boolean().default(true),
  /** The copy the PDF in it is (as in BriefingRequest). */
  copy: PackCopyNumber,
  /** Empty = a plain tar; otherwise encrypted so that any one recipient can open it. */
  recipients: z.array(AgeRecipient).max(100).default([]),
});
export type PackRequest = z.input<typeof PackRequest>;

/** The after-action report of an operation, for all agencies (null) or one agency's view. */
export const ReportRequest = z.object({ operationId: Id, agencyId: Id.nullable().default(null), lang: ExportLang.default('uk') });
export type ReportRequest = z.input<typeof ReportRequest>;

export const ExportedFile = z.object({
  exportId: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  byteSize: z.number().int(),
  sha256: z.string(),
  base64: z.string(),
});
export type ExportedFile = z.infer<typeof ExportedFile>;

export const ExportKind = z.enum(['briefing', 'ics', 'vcard', 'pack', 'geojson', 'kml', 'tak']);

export const ExportLogEntry = z.object({
  id: z.string(),
  operationId: Id,
  kind: ExportKind,
  recipientAgencyId: Id.nullable(),
  scope: z.string(),
  lang: z.string(),
  siteId: z.string(),
  siteAgencyId: z.string(),
  siteUnitName: z.string(),
  createdAt: Instant,
  sha256: z.string(),
  byteSize: z.number().int(),
  encryptedTo: z.number().int(),
});
export type ExportLogEntry = z.infer<typeof ExportLogEntry>;

export const exportsApi = defineDomain({
  briefing: { input: BriefingRequest, output: ExportedFile },
  ics: { input: IcsRequest, output: ExportedFile },
  vcard: { input: VcardRequest, output: ExportedFile },
  pack: { input: PackRequest, output: ExportedFile },
  report: { input: ReportRequest, output: ExportedFile },
  log: {
    input: z.object({
      operationId: Id.nullable().default(null),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    output: z.array(ExportLogEntry),
  },
});
