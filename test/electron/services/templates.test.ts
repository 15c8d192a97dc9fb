import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countChanges } from '../../../electron/db/repos/change-log.repo.js';
import { dispatch } from '../../../electron/api/dispatch.js';
import { getOperationPlan } from '../../../electron/services/operations.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
beforeEach(() => {
  t = openTempContext();
});
afterEach(() => t.cleanup());

describe('operations.createFromTemplate', () => {
  it('writes the operation, its phases and its tasks with checklists and remapped dependencies', async () => {
    const r = await dispatch(t.ctx, 'operations', 'createFromTemplate', {
      templateId: 'controlled_delivery', codeName: 'ТРАНЗИТ', startsAt: '2026-06-01T09:00:00+03:00', lang: 'en',
    });
    expect(r.ok).toBe(true);
    const op = (r as { value: { id: string; leadAgencyId: string; participatingAgencyIds: string[]; legalBasis: string } }).value;
    expect(op.leadAgencyId).toBe('NPU');
    expect(op.participatingAgencyIds.sort()).toEqual(['DMS', 'DPSU', 'OGP']);
    expect(op.legalBasis).toMatch(/Art\. 558/);
    const plan = getOperationPlan(t.ctx, op.id);
    expect(plan.phases.map((p) => p.name)).toEqual(['Preparation', 'Execution', 'Completion']);
    expect(plan.tasks).toHaveLength(13);
    const ids = new Set(plan.tasks.map((x) => x.id));
    for (const task of plan.tasks) {
      expect(task.phaseId).not.toBeNull();
      for (const d of task.dependencies) expect(ids.has(d.predecessorId)).toBe(true);
    }
    const handover = plan.tasks.find((x) => x.type === 'handover')!;
    expect(handover.accountableAgencyId).toBe('DMS');
    expect(handover.isKeyEvent).toBe(true);
    expect(handover.checklist.length).toBe(2);
    expect(handover.notes).toBe('Legal basis: Criminal Procedure Code Art. 271 (control over the commission of a crime)');
    expect(plan.tasks[0]!.startsAt).toBe('2026-06-01T06:00:00.000Z');
  });

  it('writes nothing when the lead agency is unknown', async () => {
    const before = countChanges(t.ctx.db);
    const r = await dispatch(t.ctx, 'operations', 'createFromTemplate', {
      templateId: 'joint_search', codeName: 'X', startsAt: '2026-06-01T09:00:00Z', leadAgencyId: 'NOPE',
    });
    expect(r.ok).toBe(false);
    expect(countChanges(t.ctx.db)).toBe(before);
  });

  it('rejects an unknown template with a typed error', async () => {
    const r = await dispatch(t.ctx, 'operations', 'createFromTemplate', {
      templateId: 'nope', codeName: 'X', startsAt: '2026-06-01T09:00:00Z',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
