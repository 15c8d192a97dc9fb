/**
 * Consignments and results of an operation (issue 17): consignments followed, seizures, evidence
 * and its chain of custody, detentions, protocols on customs-rule violations, the outcome and
 * lessons; and the links of its subjects to other operations.
 *
 * Policies:
 * - A completed operation is a record (guards.ts requirePlanOpen): its consignments no longer
 *   change, but results and lessons may still be recorded — evidence keeps moving after the
 *   operation ends and a protocol may be drawn up days later.
 * - Custody hand-overs are append-only: recorded with who recorded them and when, never edited
 *   or removed here (a wrong entry is corrected by the next one, and the chain shows both). A
 *   gap or a broken or changed seal is a warning (shared/results/custody.ts), not a refusal:
 *   the record must say what happened.
 * - Rows go through the change writer like any planning row: they sync and the rights rule
 *   judges them; every writing API method is audited under its own label.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { DomainError, issuesFromZod } from '../../shared/api/errors.js';
import {
  Consignment as ConsignmentSchema, Detention as DetentionSchema, EvidenceItem as EvidenceSchema,
  Seizure as SeizureSchema, ViolationProtocol as ProtocolSchema,
  type Consignment, type ConsignmentDraft, type CustodyDraft, type CustodyTransfer, type Detention, type DetentionDraft,
  type EvidenceDraft, type EvidenceItem, type OperationOutcome, type OperationResults, type OutcomePatch,
  type ProtocolDraft, type Seizure, type SeizureDraft, type ViolationProtocol,
} from '../../shared/domain/results.js';
import { custodyChains, type CustodyChain } from '../../shared/results/custody.js';
import { linksOf, type LinkSource, type SubjectLink } from '../../shared/results/links.js';
import { ENTITIES } from '../db/entities.js';
import { getLegalRow } from '../db/repos/legal.repo.js';
import { listLiveOperationIds } from '../db/repos/conflicts.repo.js';
import { getOperation } from '../db/repos/operations.repo.js';
import {
  getOperationOutcome, getResultRow, listConsignmentIdentifiers, listResultRows, operationResultsOf, resultRowExists,
  type ResultEntity,
} from '../db/repos/results.repo.js';
import { currentActor } from './audit.js';
import { changedFields } from './change-writer.js';
import { transact, type ServiceContext } from './context.js';
import { invalidField, notFound, requireAgency, requireOperation, requirePlanOpen } from './guards.js';

export function getResults(ctx: ServiceContext, operationId: string): OperationResults {
  requireOperation(ctx, operationId);
  return operationResultsOf(ctx.db, operationId);
}

/** Each evidence item's chain of custody with its warnings. */
export function getCustodyChains(ctx: ServiceContext, operationId: string): CustodyChain<CustodyTransfer>[] {
  requireOperation(ctx, operationId);
  return custodyChains(listResultRows(ctx.db, 'evidence', operationId), listResultRows(ctx.db, 'custody_transfer', operationId));
}

// ---------------------------------------------------------------------------------------------
// Generic row writes

type Editable = 'consignment' | 'seizure' | 'evidence' | 'detention' | 'violation_protocol';
const FIELDS = (entity: ResultEntity) => Object.keys(ENTITIES[entity].fields);

function requireRow<E extends ResultEntity>(ctx: ServiceContext, entity: E, id: string) {
  const row = getResultRow(ctx.db, entity, id);
  if (!row) throw notFound(entity, id);
  return row;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Consignments are the plan's; the rest are results, recorded whatever the status. */
function requireWritable(ctx: ServiceContext, entity: Editable, operationId: string): void {
  if (entity === 'consignment') requirePlanOpen(ctx, operationId);
  else requireOperation(ctx, operationId);
}

function createRow(ctx: ServiceContext, entity: Editable, fields: { operationId: string } & Record<string, unknown>): string {
  requireWritable(ctx, entity, fields.operationId);
  const id = randomUUID();
  transact(ctx, () => ctx.writer.create(entity, id, fields, fields.operationId));
  return id;
}

function updateRow(
  ctx: ServiceContext, entity: Editable, id: string, patch: object,
  schema: z.ZodType, check: (next: Record<string, unknown>) => void,
): void {
  const current = requireRow(ctx, entity, id) as unknown as Record<string, unknown> & { operationId: string };
  requireWritable(ctx, entity, current.operationId);
  const parsed = schema.safeParse({ ...current, ...stripUndefined(patch) });
  if (!parsed.success) throw new DomainError('invalid_input', `Invalid ${entity}`, undefined, issuesFromZod(parsed.error));
  const next = parsed.data as Record<string, unknown>;
  check(next);
  transact(ctx, () => ctx.writer.update(entity, id, changedFields(current, next, FIELDS(entity).filter((f) => f !== 'operationId')), current.operationId));
}

function removeRow(ctx: ServiceContext, entity: Editable, id: string): { id: string } {
  const row = requireRow(ctx, entity, id) as { operationId: string };
  requireWritable(ctx, entity, row.operationId);
  transact(ctx, () => ctx.writer.remove(entity, id, row.operationId));
  return { id };
}

function requireOwn(ctx: ServiceContext, entity: 'consignment' | 'seizure' | 'evidence', operationId: string, id: string | null, path: string): void {
  if (id === null) return;
  const row = getResultRow(ctx.db, entity, id);
  if (!row || row.operationId !== operationId) throw invalidField([path], 'v.invalid');
}

function requireProceedingOf(ctx: ServiceContext, operationId: string, proceedingId: string | null): void {
  if (proceedingId === null) return;
  const p = getLegalRow(ctx.db, 'proceeding', proceedingId);
  if (!p || p.operationId !== operationId) throw invalidField(['proceedingId'], 'v.invalid');
}

// ---------------------------------------------------------------------------------------------
// Consignments

export function addConsignment(ctx: ServiceContext, d: z.output<typeof ConsignmentDraft>): Consignment {
  return requireRow(ctx, 'consignment', createRow(ctx, 'consignment', d));
}
export function updateConsignment(ctx: ServiceContext, id: string, patch: object): Consignment {
  updateRow(ctx, 'consignment', id, patch, ConsignmentSchema, () => {});
  return requireRow(ctx, 'consignment', id);
}
export const removeConsignment = (ctx: ServiceContext, id: string) => removeRow(ctx, 'consignment', id);

// ---------------------------------------------------------------------------------------------
// Seizures

function checkSeizure(ctx: ServiceContext, s: Pick<Seizure, 'operationId' | 'consignmentId' | 'proceedingId' | 'seizedByAgencyId'>): void {
  requireAgency(ctx, s.seizedByAgencyId, ['seizedByAgencyId']);
  requireOwn(ctx, 'consignment', s.operationId, s.consignmentId, 'consignmentId');
  requireProceedingOf(ctx, s.operationId, s.proceedingId);
}
export function addSeizure(ctx: ServiceContext, d: z.output<typeof SeizureDraft>): Seizure {
  requireOperation(ctx, d.operationId);
  checkSeizure(ctx, d);
  return requireRow(ctx, 'seizure', createRow(ctx, 'seizure', d));
}
export function updateSeizure(ctx: ServiceContext, id: string, patch: object): Seizure {
  updateRow(ctx, 'seizure', id, patch, SeizureSchema, (n) => checkSeizure(ctx, n as unknown as Seizure));
  return requireRow(ctx, 'seizure', id);
}
export const removeSeizure = (ctx: ServiceContext, id: string) => removeRow(ctx, 'seizure', id);

// ---------------------------------------------------------------------------------------------
// Evidence and custody

function checkEvidence(ctx: ServiceContext, e: Pick<EvidenceItem, 'operationId' | 'seizureId' | 'packedByAgencyId'>): void {
  requireAgency(ctx, e.packedByAgencyId, ['packedByAgencyId']);
  requireOwn(ctx, 'seizure', e.operationId, e.seizureId, 'seizureId');
}
export function addEvidence(ctx: ServiceContext, d: z.output<typeof EvidenceDraft>): EvidenceItem {
  requireOperation(ctx, d.operationId);
  checkEvidence(ctx, d);
  return requireRow(ctx, 'evidence', createRow(ctx, 'evidence', d));
}
export function updateEvidence(ctx: ServiceContext, id: string, patch: object): EvidenceItem {
  updateRow(ctx, 'evidence', id, patch, EvidenceSchema, (n) => checkEvidence(ctx, n as unknown as EvidenceItem));
  return requireRow(ctx, 'evidence', id);
}
export const removeEvidence = (ctx: ServiceContext, id: string) => removeRow(ctx, 'evidence', id);

/** Records one hand-over (append-only), with who recorded it and when. */
export function recordCustody(ctx: ServiceContext, d: z.output<typeof CustodyDraft>): CustodyTransfer {
  requireOperation(ctx, d.operationId);
  requireOwn(ctx, 'evidence', d.operationId, d.evidenceId, 'evidenceId');
  requireAgency(ctx, d.toAgencyId, ['toAgencyId']);
  const id = randomUUID();
  transact(ctx, () => ctx.writer.create('custody_transfer', id, {
    ...d, recordedBy: currentActor(ctx.db), recordedAt: ctx.now().toISOString(),
  }, d.operationId));
  return requireRow(ctx, 'custody_transfer', id);
}

// ---------------------------------------------------------------------------------------------
// Detentions and protocols

function checkDetention(ctx: ServiceContext, d: Pick<Detention, 'operationId' | 'proceedingId' | 'detainedByAgencyId'>): void {
  requireAgency(ctx, d.detainedByAgencyId, ['detainedByAgencyId']);
  requireProceedingOf(ctx, d.operationId, d.proceedingId);
}
export function addDetention(ctx: ServiceContext, d: z.output<typeof DetentionDraft>): Detention {
  requireOperation(ctx, d.operationId);
  checkDetention(ctx, d);
  return requireRow(ctx, 'detention', createRow(ctx, 'detention', d));
}
export function updateDetention(ctx: ServiceContext, id: string, patch: object): Detention {
  updateRow(ctx, 'detention', id, patch, DetentionSchema, (n) => checkDetention(ctx, n as unknown as Detention));
  return requireRow(ctx, 'detention', id);
}
export const removeDetention = (ctx: ServiceContext, id: string) => removeRow(ctx, 'detention', id);

function checkProtocol(ctx: ServiceContext, p: Pick<ViolationProtocol, 'operationId' | 'drawnByAgencyId' | 'seizureId'>): void {
  requireAgency(ctx, p.drawnByAgencyId, ['drawnByAgencyId']);
  requireOwn(ctx, 'seizure', p.operationId, p.seizureId, 'seizureId');
}
export function addProtocol(ctx: ServiceContext, d: z.output<typeof ProtocolDraft>): ViolationProtocol {
  requireOperation(ctx, d.operationId);
  checkProtocol(ctx, d);
  return requireRow(ctx, 'violation_protocol', createRow(ctx, 'violation_protocol', d));
}
export function updateProtocol(ctx: ServiceContext, id: string, patch: object): ViolationProtocol {
  updateRow(ctx, 'violation_protocol', id, patch, ProtocolSchema, (n) => checkProtocol(ctx, n as unknown as ViolationProtocol));
  return requireRow(ctx, 'violation_protocol', id);
}
export const removeProtocol = (ctx: ServiceContext, id: string) => removeRow(ctx, 'violation_protocol', id);

// ---------------------------------------------------------------------------------------------
// Outcome and lessons

/** Writes the operation's outcome row (id = the operation's), creating it the first time.
 *  The caller holds the transaction. */
export function writeOutcome(ctx: ServiceContext, operationId: string, fields: Partial<Pick<OperationOutcome, 'outcome' | 'completionReason' | 'lessons'>>): void {
  const current = getOperationOutcome(ctx.db, operationId);
  if (current) {
    ctx.writer.update('operation_outcome', operationId, changedFields(current, { ...current, ...fields }, ['outcome', 'completionReason', 'lessons']), operationId);
  } else if (resultRowExists(ctx.db, 'operation_outcome', operationId)) {
    throw new DomainError('conflict', 'The outcome of this operation was removed');
  } else {
    ctx.writer.create('operation_outcome', operationId, {
      operationId, outcome: '', completionReason: '', lessons: '', ...fields,
    }, operationId);
  }
}

/** Outcome and lessons: recorded at any status, a completed operation included. */
export function setOutcome(ctx: ServiceContext, p: z.output<typeof OutcomePatch>): OperationOutcome {
  requireOperation(ctx, p.operationId);
  transact(ctx, () => writeOutcome(ctx, p.operationId, stripUndefined({ outcome: p.outcome, lessons: p.lessons })));
  return getOperationOutcome(ctx.db, p.operationId)!;
}

// ---------------------------------------------------------------------------------------------
// Links across operations

/** The subjects and consignment identifiers this operation shares with other operations held here. */
export function getLinks(ctx: ServiceContext, operationId: string): (SubjectLink & { operations: { id: string; codeName: string; status: string }[] })[] {
  requireOperation(ctx, operationId);
  const consignments = new Map<string, ReturnType<typeof listConsignmentIdentifiers>>();
  for (const c of listConsignmentIdentifiers(ctx.db)) {
    let list = consignments.get(c.operationId);
    if (!list) consignments.set(c.operationId, (list = []));
    list.push(c);
  }
  const sources: LinkSource[] = [];
  const ops = new Map<string, { id: string; codeName: string; status: string }>();
  for (const id of listLiveOperationIds(ctx.db)) {
    const op = getOperation(ctx.db, id);
    if (!op) continue;
    ops.set(id, { id, codeName: op.codeName, status: op.status });
    sources.push({ operationId: id, subjects: op.subjects, consignments: consignments.get(id) ?? [] });
  }
  return linksOf(operationId, sources).map((l) => ({ ...l, operations: l.operationIds.map((id) => ops.get(id)!) }));
}
