/**
 * Exports service: briefing packs, calendars, contacts and encrypted packs, each recorded in the
 * export log (who — this site, its agency and unit —, for whom, when, which operation, and the
 * SHA-256 of the bytes handed out). What a recipient agency gets is its view under the one
 * need-to-know rule (shared/visibility/rule.ts), applied before anything is rendered; a
 * recipient agency must take part in the operation. A store that cannot be written still
 * exports; its record waits aside until it can (services/export-record.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  BriefingRequest, ExportedFile, ExportKind, ExportLogEntry, IcsRequest, IcsScope, PackRequest,
  VcardRequest,
} from '../../shared/api/exports.js';
import type { Agency } from '../../shared/domain/directory.js';
import { chooseCopy, distributionOf, type PackCopy } from '../../shared/domain/distribution.js';
import { operationAgencyIds, type Operation } from '../../shared/domain/operation.js';
import type { Task } from '../../shared/domain/task.js';
import type { Lang } from '../../shared/i18n/index.js';
import { exportFileName } from '../../shared/domain/export-names.js';
import { listAgencies } from '../db/repos/agencies.repo.js';
import { getPerson, getResource, getUnit } from '../db/repos/directory.repo.js';
import { listExchangeEntries } from '../db/repos/exchange.repo.js';
import { listLegalRows } from '../db/repos/legal.repo.js';
import { listExportLog } from '../db/repos/exports.repo.js';
import { listPhases } from '../db/repos/operations.repo.js';
import { listTasksByOperation } from '../db/repos/tasks.repo.js';
import { viewOfOperationPlan } from '../../shared/visibility/operation-view.js';
import { buildBriefingModel, type BriefingAlert, type BriefingSource } from '../exports/briefing-model.js';
import { renderBriefingPdf } from '../exports/briefing-pdf.js';
import { buildIcs } from '../exports/ics.js';
import { encryptToRecipients, tarFiles, type PackFile } from '../exports/pack.js';
import { buildVcards } from '../exports/vcard.js';
import { deconflictStored, scanOperation } from './conflicts.js';
import type { ServiceContext } from './context.js';
import type { ProgressFn } from './progress.js';
import { recordExport } from './export-record.js';
import { invalidField, requireOperation } from './guards.js';
import { existingByIds } from './lookup.js';

/** An export's bytes with what the log recorded about them. */
export interface ExportResult {
  exportId: string;
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
  sha256: string;
}

/** Everything about one operation a pack could draw from (need-to-know is applied later). */
export function loadBriefingSource(ctx: ServiceContext, operationId: string): BriefingSource {
  const operation = requireOperation(ctx, operationId);
  const tasks = listTasksByOperation(ctx.db, operationId);
  const people = existingByIds(tasks.flatMap((x) => x.personIds), (id) => getPerson(ctx.db, id));
  const unitIds = [...tasks.map((x) => x.unitId), ...people.map((p) => p.unitId)].filter((u): u is string => u !== null);
  return {
    operation,
    phases: listPhases(ctx.db, operationId),
    tasks,
    agencies: listAgencies(ctx.db),
    units: existingByIds(unitIds, (id) => getUnit(ctx.db, id)),
    people,
    resources: existingByIds(tasks.flatMap((x) => x.resourceIds), (id) => getResource(ctx.db, id)),
    exchange: listExchangeEntries(ctx.db, { operationId, agencyId: null, kindsJson: '[]' }),
    conflicts: scanOperation(ctx, operationId).conflicts.filter((c) => c.override === null),
    alerts: openAlerts(ctx, operationId),
    agreements: listLegalRows(ctx.db, 'agreement', operationId),
  };
}

/** The engine's deconfliction, reduced to open hits seen from this operation's side. */
function openAlerts(ctx: ServiceContext, operationId: string): BriefingAlert[] {
  return deconflictStored(ctx, operationId)
    .filter((a) => a.clearedAt === null && a.acknowledgedAt === null)
    .map((a) => {
      const other = a.a.id === operationId ? a.b : a.a;
      return {
        kind: a.kind, label: a.label, distanceMeters: a.distanceMeters, windowsOverlap: a.windowsOverlap,
        other: { id: other.id, codeName: other.codeName, leadAgencyId: other.leadAgencyId },
      };
    });
}

export function requireRecipient(op: Operation, agencyId: string | null, path: string): void {
  if (agencyId !== null && !operationAgencyIds(op).includes(agencyId)) {
    throw invalidField([path], 'v.agencyNotInOperation');
  }
}

export function agencyCode(agencies: Agency[], id: string | null): string {
  return id === null ? 'all' : agencies.find((a) => a.id === id)?.code ?? id;
}

/** The file's name: code name, the recipient agency when scoped, today in the operation's zone. */
export function fileNameFor(
  ctx: ServiceContext, op: Operation, agencies: Agency[], agencyId: string | null,
  kind: string, ext: string, details: readonly string[] = [],
): string {
  return exportFileName({
    codeName: op.codeName,
    agencyCode: agencyId === null ? null : agencyCode(agencies, agencyId),
    at: ctx.now(),
    timeZone: op.timeZone,
    kind,
    details,
    ext,
  });
}

function record(
  ctx: ServiceContext,
  e: { operationId: string; kind: z.infer<typeof ExportKind>; recipientAgencyId: string | null; scope: string; lang: string; bytes: Uint8Array; encryptedTo: number },
): { exportId: string; sha256: string } {
  const exportId = randomUUID();
  const sha256 = createHash('sha256').update(e.bytes).digest('hex');
  recordExport(ctx, {
    id: exportId,
    operationId: e.operationId,
    kind: e.kind,
    recipientAgencyId: e.recipientAgencyId,
    scope: e.scope,
    lang: e.lang,
    siteId: ctx.siteId,
    siteAgencyId: ctx.agencyId,
    siteUnitName: ctx.unitName,
    createdAt: ctx.now().toISOString(),
    sha256,
    byteSize: e.bytes.length,
    encryptedTo: e.encryptedTo,
  });
  return { exportId, sha256 };
}

export type Built = { fileName: string; mimeType: string; bytes: Uint8Array; recipientAgencyId: string | null; scope: string };

/** The numbered copy a request prints (shared/domain/distribution.ts), or a typed error. */
function requireCopy(op: Operation, agencyId: string | null, copyNumber: number | null): PackCopy {
  const choice = chooseCopy(distributionOf(op), agencyId, copyNumber);
  if (!choice.ok) {
    throw choice.reason === 'not_on_distribution'
      ? invalidField(['agencyId'], 'v.notOnDistribution')
      : invalidField(['copy'], choice.reason === 'no_such_copy' ? 'v.noSuchCopy' : 'v.copyOfOtherAgency');
  }
  requireRecipient(op, choice.copy.agencyId, copyNumber === null ? 'agencyId' : 'copy');
  return choice.copy;
}

async function buildBriefing(
  ctx: ServiceContext, req: z.output<typeof BriefingRequest>, onProgress?: ProgressFn,
): Promise<Built & { operation: Operation; agencies: Agency[]; copy: PackCopy }> {
  const src = loadBriefingSource(ctx, req.operationId);
  requireRecipient(src.operation, req.agencyId, 'agencyId');
  const copy = requireCopy(src.operation, req.agencyId, req.copy);
  const model = buildBriefingModel(src, {
    recipientAgencyId: copy.agencyId,
    copy,
    generatedAt: ctx.now(),
    ...(req.validUntil ? { validUntil: new Date(req.validUntil) } : {}),
  });
  // Pages are counted as they are begun; how many there will be is known only at the end.
  const bytes = await renderBriefingPdf(model, {
    lang: req.lang, ...(onProgress ? { onPage: (pages: number) => void onProgress({ phase: 'render', done: pages, total: 0 }) } : {}),
  });
  return {
    fileName: fileNameFor(ctx, src.operation, src.agencies, copy.agencyId, 'briefing', 'pdf', [`copy${copy.number}`, req.lang]),
    mimeType: 'application/pdf',
    bytes,
    recipientAgencyId: copy.agencyId,
    // The export log says which copy went out, besides whose view it carried.
    scope: `${copy.agencyId === null ? 'operation' : `agency:${copy.agencyId}`};copy:${copy.number}`,
    operation: src.operation,
    agencies: src.agencies,
    copy,
  };
}

function scopeLabel(scope: IcsScope): string {
  switch (scope.kind) {
    case 'operation': return 'operation';
    case 'agency': return `agency:${scope.agencyId}`;
    case 'person': return `person:${scope.personId}`;
  }
}

function buildCalendar(ctx: ServiceContext, req: z.output<typeof IcsRequest>): Built {
  const src = loadBriefingSource(ctx, req.operationId);
  const scope = req.scope;
  let name = src.operation.codeName;
  let recipientAgencyId: string | null = null;
  let nameDetails: string[] = [];
  let only: (t: Task) => boolean = () => true;
  if (scope.kind === 'agency') {
    requireRecipient(src.operation, scope.agencyId, 'scope.agencyId');
    recipientAgencyId = scope.agencyId;
    name = `${name} — ${agencyCode(src.agencies, scope.agencyId)}`;
  } else if (scope.kind === 'person') {
    const person = src.people.find((p) => p.id === scope.personId);
    if (!person) throw invalidField(['scope', 'personId'], 'v.personNotInOperation');
    only = (x) => x.personIds.includes(scope.personId);
    recipientAgencyId = person.agencyId;
    nameDetails = [person.fullName];
    name = `${name} — ${person.fullName}`;
  }
  const seen = viewOfOperationPlan(src, recipientAgencyId === null ? null : { agencyId: recipientAgencyId });
  const text = buildIcs({
    operation: seen.operation,
    phases: [...seen.phases],
    tasks: seen.tasks.filter(only).sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0)),
    agencies: new Map(src.agencies.map((a) => [a.id, a])),
    people: new Map(seen.people.map((p) => [p.id, p])),
    resources: new Map(seen.resources.map((r) => [r.id, r])),
    calendarName: name,
    generatedAt: ctx.now(),
    lang: req.lang,
  });
  return {
    fileName: fileNameFor(ctx, src.operation, src.agencies, recipientAgencyId, 'calendar', 'ics', nameDetails),
    mimeType: 'text/calendar; charset=utf-8',
    bytes: Buffer.from(text, 'utf8'),
    recipientAgencyId,
    scope: scopeLabel(scope),
  };
}

/** The operation's contact sheet as the recipient agency may see it (null: every contact). */
function buildContacts(ctx: ServiceContext, req: z.output<typeof VcardRequest>): Built {
  const src = loadBriefingSource(ctx, req.operationId);
  requireRecipient(src.operation, req.agencyId, 'agencyId');
  const seen = viewOfOperationPlan(src, req.agencyId === null ? null : { agencyId: req.agencyId });
  const text = buildVcards({
    operation: seen.operation,
    people: [...seen.people].sort((a, b) => a.agencyId.localeCompare(b.agencyId) || a.fullName.localeCompare(b.fullName)),
    comms: seen.operation.comms,
    agencies: new Map(src.agencies.map((a) => [a.id, a])),
    units: new Map(seen.units.map((u) => [u.id, u])),
    generatedAt: ctx.now(),
    lang: req.lang,
  });
  return {
    fileName: fileNameFor(ctx, src.operation, src.agencies, req.agencyId, 'contacts', 'vcf'),
    mimeType: 'text/vcard; charset=utf-8',
    bytes: Buffer.from(text, 'utf8'),
    recipientAgencyId: req.agencyId,
    scope: req.agencyId === null ? 'operation' : `agency:${req.agencyId}`,
  };
}

/** Logs an export (who, for whom, when, the SHA-256 handed out) and hands back its bytes. */
export function finishExport(ctx: ServiceContext, operationId: string, kind: z.infer<typeof ExportKind>, lang: Lang, b: Built, encryptedTo = 0): ExportResult {
  const { exportId, sha256 } = record(ctx, {
    operationId, kind, recipientAgencyId: b.recipientAgencyId, scope: b.scope, lang, bytes: b.bytes, encryptedTo,
  });
  return { exportId, fileName: b.fileName, mimeType: b.mimeType, bytes: b.bytes, sha256 };
}

export async function exportBriefing(ctx: ServiceContext, req: z.output<typeof BriefingRequest>, onProgress?: ProgressFn): Promise<ExportResult> {
  return finishExport(ctx, req.operationId, 'briefing', req.lang, await buildBriefing(ctx, req, onProgress));
}

export function exportIcs(ctx: ServiceContext, req: z.output<typeof IcsRequest>): ExportResult {
  return finishExport(ctx, req.operationId, 'ics', req.lang, buildCalendar(ctx, req));
}

export function exportVcard(ctx: ServiceContext, req: z.output<typeof VcardRequest>): ExportResult {
  return finishExport(ctx, req.operationId, 'vcard', req.lang, buildContacts(ctx, req));
}

/**
 * PDF + calendar + contacts in one tar, each file the recipient agency's view (the coordinator's
 * pack, agency null, carries everything).
 */
export async function exportPack(ctx: ServiceContext, req: z.output<typeof PackRequest>, onProgress?: ProgressFn): Promise<ExportResult> {
  const pdf = await buildBriefing(ctx, { operationId: req.operationId, agencyId: req.agencyId, lang: req.lang, validUntil: null, copy: req.copy }, onProgress);
  // The copy decides whose view every file of the pack carries.
  const agencyId = pdf.recipientAgencyId;
  const files: PackFile[] = [{ name: pdf.fileName, bytes: pdf.bytes }];
  if (req.includeIcs) {
    const scope: IcsScope = agencyId === null ? { kind: 'operation' } : { kind: 'agency', agencyId };
    const ics = buildCalendar(ctx, { operationId: req.operationId, scope, lang: req.lang });
    files.push({ name: ics.fileName, bytes: ics.bytes });
  }
  if (req.includeVcard) {
    const vcf = buildContacts(ctx, { operationId: req.operationId, agencyId, lang: req.lang });
    files.push({ name: vcf.fileName, bytes: vcf.bytes });
  }
  const tar = tarFiles(files, ctx.now());
  const encrypted = req.recipients.length > 0;
  if (encrypted) await onProgress?.({ phase: 'seal', done: 0, total: 0 });
  const bytes = encrypted ? await encryptToRecipients(tar, req.recipients) : tar;
  return finishExport(ctx, req.operationId, 'pack', req.lang, {
    fileName: fileNameFor(ctx, pdf.operation, pdf.agencies, agencyId, 'pack', encrypted ? 'tar.age' : 'tar', [`copy${pdf.copy.number}`, req.lang]),
    mimeType: encrypted ? 'application/octet-stream' : 'application/x-tar',
    bytes,
    recipientAgencyId: agencyId,
    scope: pdf.scope,
  }, req.recipients.length);
}

export function listExports(ctx: ServiceContext, operationId: string | null, limit: number): ExportLogEntry[] {
  return listExportLog(ctx.db, operationId, limit);
}

/** The API's answer: bytes as base64 (see shared/api/exports.ts). */
export function toExportedFile(r: ExportResult): ExportedFile {
  return {
    exportId: r.exportId,
    fileName: r.fileName,
    mimeType: r.mimeType,
    byteSize: r.bytes.length,
    sha256: r.sha256,
    base64: Buffer.from(r.bytes).toString('base64'),
  };
}
