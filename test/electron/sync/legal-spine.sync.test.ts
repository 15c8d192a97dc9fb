/**
 * The legal spine across units (issue 16): a controlled delivery planned by the investigating
 * body (police) with its proceeding, procedural roles and decisions, exchanged with customs. The
 * participant gets the proceeding and roles, and the decision that covers its own task — never
 * the decision covering only the police's tasks (need-to-know, shared/visibility/rule.ts); its
 * agreement mark travels back and the lead approves; nothing is quarantined either way.
 */
import { describe, expect, it } from 'vitest';
import { TaskDraft } from '../../../shared/domain/task.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import {
  addDecision, addProceeding, addRole, agree, getLegalSpine,
} from '../../../electron/services/legal.js';
import { changeOperationStatus, getOperationById } from '../../../electron/services/operations.js';
import { createTask } from '../../../electron/services/tasks.js';
import { DecisionDraft, ProceedingDraft, RoleDraft } from '../../../shared/domain/legal.js';
import { newOperation, send, syncFixtures, trustAll } from './sync-helpers.js';

const fx = syncFixtures();

describe('legal spine over bundles', () => {
  it('carries the proceeding, roles and the decisions each agency may see, and agreement back to the lead', async () => {
    const npu = await fx.unit('NPU');
    const dms = await fx.unit('DMS');
    trustAll([npu, dms]);
    const dir = fx.dir();
    const op = newOperation(npu.ctx, { participatingAgencyIds: ['DMS', 'OGP'] });
    const task = (title: string, type: string, agency: string, from: string, to: string) => createTask(npu.ctx, TaskDraft.parse({
      operationId: op.id, title, type, accountableAgencyId: agency, startsAt: from, endsAt: to,
    }));
    const passage = task('Пропуск товару під митним контролем', 'handover', 'DMS', '2026-12-05T08:00:00Z', '2026-12-05T10:00:00Z');
    const escort = task('Супровід під контролем', 'controlled_delivery', 'NPU', '2026-12-05T10:00:00Z', '2026-12-05T16:00:00Z');
    const tracker = task('Встановлення трекера', 'covert_tracking', 'NPU', '2026-12-05T07:00:00Z', '2026-12-05T08:00:00Z');

    const proceeding = addProceeding(npu.ctx, ProceedingDraft.parse({
      operationId: op.id, erdrNumber: '12026030000000417', registeredOn: '2026-11-20',
      qualification: 'ч. 1 ст. 305 КК України', investigatingAgencyId: 'NPU', investigatingUnit: 'СУ ГУНП у Волинській області',
    }));
    addRole(npu.ctx, RoleDraft.parse({ operationId: op.id, role: 'procedural_lead', agencyId: 'OGP', name: 'Прокурор Т. Гнатюк', proceedingId: proceeding.id }));
    addRole(npu.ctx, RoleDraft.parse({ operationId: op.id, role: 'investigator', agencyId: 'NPU', name: 'Слідчий О. Мороз' }));
    const control = addDecision(npu.ctx, DecisionDraft.parse({
      operationId: op.id, proceedingId: proceeding.id, kind: 'prosecutor_crime_control', number: '41/2-271', issuedOn: '2026-12-01',
      issuer: 'Прокурор Волинської обласної прокуратури', holderAgencyId: 'OGP',
      validFrom: '2026-12-01T00:00:00Z', validUntil: '2026-12-31T00:00:00Z', taskIds: [passage.id, escort.id],
      classifiedFileRef: 'НТ справа № 41, т. 1',
    }));
    const ruling = addDecision(npu.ctx, DecisionDraft.parse({
      operationId: op.id, proceedingId: proceeding.id, kind: 'judge_covert_action', number: '161/9-3', issuedOn: '2026-12-02',
      issuer: 'Слідчий суддя Апеляційного суду', holderAgencyId: 'NPU',
      validFrom: '2026-12-02T00:00:00Z', validUntil: '2026-12-20T00:00:00Z', taskIds: [tracker.id],
    }));

    const there = await importBundle(dms.ctx, { path: (await send(npu, [dms], dir)).file });
    expect(there.quarantined).toEqual([]);
    const seen = getLegalSpine(dms.ctx, op.id);
    expect(seen.proceedings).toEqual([proceeding]);
    expect(seen.roles.map((r) => r.role).sort()).toEqual(['investigator', 'procedural_lead']);
    expect(seen.decisions.map((d) => d.id)).toEqual([control.id]);
    expect(seen.decisions.map((d) => d.id)).not.toContain(ruling.id);

    changeOperationStatus(npu.ctx, { id: op.id, to: 'planned' });
    agree(dms.ctx, { operationId: op.id, signedBy: 'Начальник Волинської митниці В. Савчук', note: '' });
    const back = await importBundle(npu.ctx, { path: (await send(dms, [npu], dir)).file });
    expect(back.quarantined).toEqual([]);
    expect(getLegalSpine(npu.ctx, op.id).agreements.map((a) => a.agencyId)).toEqual(['DMS']);
    // OGP's agreement is still missing: approval waits and says so.
    expect(() => changeOperationStatus(npu.ctx, { id: op.id, to: 'approved', approvedBy: 'Начальник ГУНП' })).toThrow(/legal prerequisites/);
    expect(getOperationById(npu.ctx, op.id).status).toBe('planned');
  });
});
