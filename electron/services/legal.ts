/**
 * The legal spine of an operation: proceedings, procedural roles, the decisions register,
 * agreement marks, international cooperation, and the lifecycle gates they set.
 *
 * Policies:
 * - Marking ceiling. Spilno is not certified for state secrets; an installation holds at most
 *   «Для службового користування», or less if its administrator says so. A marking above the
 *   ceiling is refused by name (`above_ceiling`) before anything is written, whatever the form
 *   or transport; the classified details go to the classified file, which a record points to.
 * - Gates. Approval and activation wait for what the law needs first: every action that needs a
 *   decision is covered by a valid one and a proceeding is recorded where the actions need one
 *   (the engine's `decision_missing` and `proceeding_missing`); approval also waits for the
 *   agreement mark of every participating Ukrainian agency and names the approver (the head of
 *   the lead agency). A refusal names everything missing at once (`legal_basis_missing`).
 * - Rows written here go through the change writer like any planning row, so the sync rights
 *   rule judges them (an agreement mark is its own agency's act).
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { DomainError, issuesFromZod } from '../../shared/api/errors.js';
import type { AgreeRequest, LegalSettings } from '../../shared/api/legal.js';
import { CEILINGS, markingRank, type Ceiling, type Marking } from '../../shared/domain/enums.js';
import {
  Decision as DecisionSchema, InternationalItem as InternationalSchema, OperationRole as RoleSchema,
  Proceeding as ProceedingSchema, type Agreement, type Decision, type DecisionDraftInput, type InternationalItem,
  type LegalSpine, type OperationRole, type Proceeding,
} from '../../shared/domain/legal.js';
import type { DecisionDraft, InternationalDraft, ProceedingDraft, RoleDraft } from '../../shared/domain/legal.js';
import type { Operation } from '../../shared/domain/operation.js';
import { ScheduleIndex, operationConflicts } from '../../shared/scheduling/engine.js';
import type { Conflict } from '../../shared/scheduling/model.js';
import { ENTITIES } from '../db/entities.js';
import { getAgency } from '../db/repos/agencies.repo.js';
import { getLegalRow, legalSpineOf, listLegalRows, type LegalEntity } from '../db/repos/legal.repo.js';
import { getMeta, setMeta } from '../db/repos/meta.repo.js';
import { listTasksByOperation } from '../db/repos/tasks.repo.js';
import { changedFields } from './change-writer.js';
import { loadScopeInput } from './conflict-guard.js';
import { transact, type ServiceContext } from './context.js';
import { invalidField, notFound, requireAgency, requireOperation, requirePlanOpen } from './guards.js';

const CEILING_META_KEY = 'legal.marking_ceiling';

export function getLegalSettings(ctx: ServiceContext): LegalSettings {
  const v = getMeta(ctx.db, CEILING_META_KEY);
  return { ceiling: (CEILINGS as readonly string[]).includes(v ?? '') ? (v as Ceiling) : 'dsk' };
}

export function setLegalSettings(ctx: ServiceContext, s: LegalSettings): LegalSettings {
  setMeta(ctx.db, CEILING_META_KEY, s.ceiling);
  return getLegalSettings(ctx);
}

/** Refuses a marking above the installation's ceiling, naming the field. */
export function requireWithinCeiling(ctx: ServiceContext, marking: Marking | undefined, path: (string | number)[]): void {
  if (marking === undefined) return;
  const { ceiling } = getLegalSettings(ctx);
  if (markingRank(marking) > markingRank(ceiling)) {
    throw new DomainError('above_ceiling', `Marking ${marking} is above this installation's ceiling (${ceiling})`, { marking, ceiling }, [
      { path, message: 'legal.aboveCeiling' },
    ]);
  }
}

export function getLegalSpine(ctx: ServiceContext, operationId: string): LegalSpine {
  requireOperation(ctx, operationId);
  return legalSpineOf(ctx.db, operationId);
}

// ---------------------------------------------------------------------------------------------
// Generic row writes

const FIELDS = (entity: LegalEntity) => Object.keys(ENTITIES[entity].fields);

function requireRow<E extends LegalEntity>(ctx: ServiceContext, entity: E, id: string) {
  const row = getLegalRow(ctx.db, entity, id);
  if (!row) throw notFound(entity, id);
  return row;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function createRow<E extends LegalEntity>(ctx: ServiceContext, entity: E, fields: { operationId: string } & Record<string, unknown>): string {
  // A proceeding opened from the results is a result, recorded after completion too.
  if (!(entity === 'proceeding' && fields.result !== '')) requirePlanOpen(ctx, fields.operationId);
  const id = randomUUID();
  transact(ctx, () => ctx.writer.create(entity, id, fields, fields.operationId));
  return id;
}

function updateRow<E extends LegalEntity>(
  ctx: ServiceContext, entity: E, id: string, patch: object,
  schema: z.ZodType, check: (next: Record<string, unknown>) => void,
): void {
  const current = requireRow(ctx, entity, id) as unknown as Record<string, unknown> & { operationId: string };
  if (!(entity === 'proceeding' && current.result !== '')) requirePlanOpen(ctx, current.operationId);
  const parsed = schema.safeParse({ ...current, ...stripUndefined(patch) });
  if (!parsed.success) throw new DomainError('invalid_input', `Invalid ${entity}`, undefined, issuesFromZod(parsed.error));
  const next = parsed.data as Record<string, unknown>;
  check(next);
  transact(ctx, () => ctx.writer.update(entity, id, changedFields(current, next, FIELDS(entity).filter((f) => f !== 'operationId')), current.operationId));
}

function removeRow(ctx: ServiceContext, entity: LegalEntity, id: string): { id: string } {
  const row = requireRow(ctx, entity, id) as { operationId: string; result?: string };
  if (!(entity === 'proceeding' && row.result)) requirePlanOpen(ctx, row.operationId);
  transact(ctx, () => ctx.writer.remove(entity, id, row.operationId));
  return { id };
}

// ---------------------------------------------------------------------------------------------
// Proceedings

export function addProceeding(ctx: ServiceContext, d: z.output<typeof ProceedingDraft>): Proceeding {
  requireOperation(ctx, d.operationId);
  requireAgency(ctx, d.investigatingAgencyId, ['investigatingAgencyId']);
  return requireRow(ctx, 'proceeding', createRow(ctx, 'proceeding', d));
}

export function updateProceeding(ctx: ServiceContext, id: string, patch: object): Proceeding {
  updateRow(ctx, 'proceeding', id, patch, ProceedingSchema, (n) => requireAgency(ctx, String(n.investigatingAgencyId), ['investigatingAgencyId']));
  return requireRow(ctx, 'proceeding', id);
}

export const removeProceeding = (ctx: ServiceContext, id: string) => removeRow(ctx, 'proceeding', id);

// ---------------------------------------------------------------------------------------------
// Procedural roles

function checkRoleRefs(ctx: ServiceContext, r: { operationId: string; agencyId: string | null; proceedingId: string | null }): void {
  if (r.agencyId !== null) requireAgency(ctx, r.agencyId, ['agencyId']);
  if (r.proceedingId !== null) requireProceedingOf(ctx, r.operationId, r.proceedingId);
}

function requireProceedingOf(ctx: ServiceContext, operationId: string, proceedingId: string): void {
  const p = getLegalRow(ctx.db, 'proceeding', proceedingId);
  if (!p || p.operationId !== operationId) throw invalidField(['proceedingId'], 'v.invalid');
}

export function addRole(ctx: ServiceContext, d: z.output<typeof RoleDraft>): OperationRole {
  requireOperation(ctx, d.operationId);
  checkRoleRefs(ctx, d);
  return requireRow(ctx, 'operation_role', createRow(ctx, 'operation_role', d));
}

export function updateRole(ctx: ServiceContext, id: string, patch: object): OperationRole {
  updateRow(ctx, 'operation_role', id, patch, RoleSchema, (n) => checkRoleRefs(ctx, n as unknown as OperationRole));
  return requireRow(ctx, 'operation_role', id);
}

export const removeRole = (ctx: ServiceContext, id: string) => removeRow(ctx, 'operation_role', id);

// ---------------------------------------------------------------------------------------------
// Decisions register

function checkDecisionRefs(ctx: ServiceContext, d: Pick<Decision, 'operationId' | 'holderAgencyId' | 'taskIds' | 'proceedingId' | 'marking'>): void {
  requireWithinCeiling(ctx, d.marking, ['marking']);
  requireAgency(ctx, d.holderAgencyId, ['holderAgencyId']);
  if (d.proceedingId !== null) requireProceedingOf(ctx, d.operationId, d.proceedingId);
  const own = new Set(listTasksByOperation(ctx.db, d.operationId).map((t) => t.id));
  d.taskIds.forEach((t, i) => { if (!own.has(t)) throw invalidField(['taskIds', i], 'v.invalid'); });
}

export function addDecision(ctx: ServiceContext, d: z.output<typeof DecisionDraft>): Decision {
  requireOperation(ctx, d.operationId);
  checkDecisionRefs(ctx, d);
  return requireRow(ctx, 'decision', createRow(ctx, 'decision', { ...d, taskIds: [...new Set(d.taskIds)] }));
}

export function updateDecision(ctx: ServiceContext, id: string, patch: Partial<DecisionDraftInput>): Decision {
  updateRow(ctx, 'decision', id, patch, DecisionSchema, (n) => checkDecisionRefs(ctx, n as unknown as Decision));
  return requireRow(ctx, 'decision', id);
}

export const removeDecision = (ctx: ServiceContext, id: string) => removeRow(ctx, 'decision', id);

// ---------------------------------------------------------------------------------------------
// Agreement marks

/** This unit's agency agrees to the plan (one live mark per agency; a second replaces the first). */
export function agree(ctx: ServiceContext, req: z.output<typeof AgreeRequest>): Agreement {
  const op = requirePlanOpen(ctx, req.operationId);
  if (!op.participatingAgencyIds.includes(ctx.agencyId)) {
    throw new DomainError('forbidden', op.leadAgencyId === ctx.agencyId
      ? 'The lead agency approves the operation; agreement marks are the participating agencies\' own'
      : `Agency ${ctx.agencyId} does not take part in the operation`);
  }
  const previous = listLegalRows(ctx.db, 'agreement', op.id).filter((a) => a.agencyId === ctx.agencyId);
  const id = randomUUID();
  transact(ctx, () => {
    for (const a of previous) ctx.writer.remove('agreement', a.id, op.id);
    ctx.writer.create('agreement', id, {
      operationId: op.id, agencyId: ctx.agencyId, signedBy: req.signedBy, agreedAt: ctx.now().toISOString(), note: req.note,
    }, op.id);
  });
  return requireRow(ctx, 'agreement', id);
}

export const withdrawAgreement = (ctx: ServiceContext, id: string) => removeRow(ctx, 'agreement', id);

// ---------------------------------------------------------------------------------------------
// International cooperation

export function addInternational(ctx: ServiceContext, d: z.output<typeof InternationalDraft>): InternationalItem {
  requireOperation(ctx, d.operationId);
  return requireRow(ctx, 'international', createRow(ctx, 'international', d));
}

export function updateInternational(ctx: ServiceContext, id: string, patch: object): InternationalItem {
  updateRow(ctx, 'international', id, patch, InternationalSchema, () => {});
  return requireRow(ctx, 'international', id);
}

export const removeInternational = (ctx: ServiceContext, id: string) => removeRow(ctx, 'international', id);

// ---------------------------------------------------------------------------------------------
// Lifecycle gates

/** Agencies whose agreement approval waits for: participating Ukrainian bodies (a foreign or
 *  international partner agrees through its own channel, recorded under international cooperation). */
export function agreementsMissing(ctx: ServiceContext, op: Operation): string[] {
  const agreed = new Set(listLegalRows(ctx.db, 'agreement', op.id).map((a) => a.agencyId));
  return op.participatingAgencyIds.filter((a) => {
    const kind = getAgency(ctx.db, a)?.kind;
    return kind !== 'international' && kind !== 'foreign' && !agreed.has(a);
  });
}

const GATE_RULES: ReadonlySet<string> = new Set(['decision_missing', 'proceeding_missing']);

/** The legal spine's blocking conflicts of one operation (its own rules over its own tasks). */
export function legalGateConflicts(ctx: ServiceContext, op: Operation): Conflict[] {
  const tasks = listTasksByOperation(ctx.db, op.id);
  if (tasks.length === 0) return [];
  const ix = new ScheduleIndex(loadScopeInput(ctx, tasks));
  return operationConflicts(ix, op.id).filter((c) => GATE_RULES.has(c.rule));
}

/**
 * Refuses approval or activation while the law's prerequisites are missing; `approvedBy` names
 * the approver (required to approve).
 */
export function checkLifecycleGate(ctx: ServiceContext, op: Operation, to: Operation['status'], approvedBy: string): void {
  if (to !== 'approved' && to !== 'active') return;
  const conflicts = legalGateConflicts(ctx, op);
  const missingAgreements = to === 'approved' ? agreementsMissing(ctx, op) : [];
  const approverMissing = to === 'approved' && approvedBy.trim() === '';
  if (conflicts.length === 0 && missingAgreements.length === 0 && !approverMissing) return;
  throw new DomainError('legal_basis_missing', `Cannot move to ${to}: legal prerequisites missing`, {
    to, conflicts, agreementsMissing: missingAgreements, approverMissing,
  }, approverMissing ? [{ path: ['approvedBy'], message: 'v.required' }] : undefined);
}
