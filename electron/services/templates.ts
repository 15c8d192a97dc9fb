/**
 * Operations from templates: the operation, its phases and its tasks (with checklists and
 * dependencies) are written in ONE transaction, so a half-built plan never exists.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { FromTemplateRequest } from '../../shared/api/operations.js';
import { OperationDraft, type Operation } from '../../shared/domain/operation.js';
import { buildFromTemplate, findTemplate } from '../../shared/planning/templates.js';
import { getAgency } from '../db/repos/agencies.repo.js';
import { transact, type ServiceContext } from './context.js';
import { invalidField, requireAgency, requireOperation } from './guards.js';
import { checkAgencies, insertOperation, normalizeDraft } from './operations.js';
import { createTaskInTransaction } from './tasks.js';

export function createOperationFromTemplate(ctx: ServiceContext, req: z.output<typeof FromTemplateRequest>): Operation {
  const tpl = findTemplate(req.templateId);
  if (!tpl) throw invalidField(['templateId'], 'v.invalid');
  if (req.leadAgencyId) requireAgency(ctx, req.leadAgencyId, ['leadAgencyId']);
  const plan = buildFromTemplate(tpl, {
    startsAt: req.startsAt,
    lang: req.lang,
    ...(req.leadAgencyId ? { leadAgencyId: req.leadAgencyId } : {}),
    agencyExists: (id) => getAgency(ctx.db, id) !== null,
    newId: randomUUID,
  });
  const draft = normalizeDraft(OperationDraft.parse({
    codeName: req.codeName,
    type: plan.type,
    handlingCode: req.handlingCode,
    handlingNote: '',
    formality: 'formal',
    legalBasis: plan.legalBasis,
    leadAgencyId: plan.leadAgencyId,
    participatingAgencyIds: plan.participatingAgencyIds,
    startsAt: plan.startsAt,
    endsAt: plan.endsAt,
    timeZone: req.timeZone,
  }));
  checkAgencies(ctx, draft);
  const id = randomUUID();
  transact(ctx, () => {
    insertOperation(ctx, id, draft, 'draft');
    const phaseIds = plan.phases.map((ph) => {
      const pid = randomUUID();
      ctx.writer.create('phase', pid, { operationId: id, ...ph }, id);
      return pid;
    });
    for (const t of plan.tasks) {
      createTaskInTransaction(ctx, t.id, {
        operationId: id,
        phaseId: phaseIds[t.phaseIndex] ?? null,
        title: t.title,
        type: t.type,
        status: 'todo',
        accountableAgencyId: t.accountableAgencyId,
        unitId: null,
        personIds: [],
        resourceIds: [],
        startsAt: t.startsAt,
        endsAt: t.endsAt,
        place: { label: '', point: null },
        dependencies: t.dependencies,
        checklist: t.checklist,
        notes: t.notes,
        isKeyEvent: t.isKeyEvent,
        isDecisionPoint: t.isDecisionPoint,
      });
    }
  });
  return requireOperation(ctx, id);
}
