import { describe, expect, it } from 'vitest';
import { SEED_AGENCIES, TASK_TYPE_REQUIRED_POWER } from '../../../shared/domain/agencies-seed.js';
import { OPERATION_TYPES } from '../../../shared/domain/enums.js';
import { buildFromTemplate, findTemplate, OPERATION_TEMPLATES } from '../../../shared/planning/templates.js';

let n = 0;
const newId = () => `id-${++n}`;
const seeded = new Set(SEED_AGENCIES.map((a) => a.id));
const build = (id: string, over: Partial<Parameters<typeof buildFromTemplate>[1]> = {}) =>
  buildFromTemplate(findTemplate(id)!, {
    startsAt: '2026-06-01T06:00:00.000Z', lang: 'uk', agencyExists: (a) => seeded.has(a), newId, ...over,
  });

describe('operation templates', () => {
  it('covers the required operation types', () => {
    const ids = OPERATION_TEMPLATES.map((t) => t.id);
    for (const id of ['controlled_delivery', 'joint_search', 'customs_inspection', 'joint_patrol', 'joint_training', 'working_group']) {
      expect(ids).toContain(id);
    }
    for (const t of OPERATION_TEMPLATES) expect(OPERATION_TYPES).toContain(t.type);
  });

  it('lays out the controlled delivery in its legal order, each step after the previous', () => {
    const plan = build('controlled_delivery');
    expect(plan.tasks.map((t) => t.type)).toEqual([
      'intelligence_check', 'prosecutor_decision', 'briefing', 'handover', 'surveillance', 'detention', 'seizure', 'notification',
    ]);
    for (let i = 1; i < plan.tasks.length; i++) {
      const t = plan.tasks[i]!;
      const pred = plan.tasks[i - 1]!;
      expect(t.dependencies).toEqual([{ predecessorId: pred.id, lagMinutes: 0 }]);
      expect(t.startsAt >= pred.endsAt).toBe(true);
    }
    expect(plan.phases.map((p) => p.name)).toEqual(['Підготовка', 'Виконання', 'Завершення']);
    expect(plan.tasks[0]!.title).toBe('Підтвердження оперативної інформації');
    expect(plan.startsAt).toBe('2026-06-01T06:00:00.000Z');
  });

  it('gives every task to an agency holding the power its type requires, in every template', () => {
    for (const tpl of OPERATION_TEMPLATES) {
      const plan = build(tpl.id);
      for (const t of plan.tasks) {
        const power = TASK_TYPE_REQUIRED_POWER[t.type];
        if (!power) continue;
        const agency = SEED_AGENCIES.find((a) => a.id === t.accountableAgencyId)!;
        expect(agency.powers, `${tpl.id}/${t.title}`).toContain(power);
      }
    }
  });

  it('keeps every task inside its phase and every phase inside the operation', () => {
    for (const tpl of OPERATION_TEMPLATES) {
      const plan = build(tpl.id, { lang: 'en' });
      for (const t of plan.tasks) {
        const ph = plan.phases[t.phaseIndex]!;
        expect(t.startsAt >= ph.startsAt && t.endsAt <= ph.endsAt).toBe(true);
        expect(t.checklist.length).toBeGreaterThan(0);
      }
      for (const ph of plan.phases) expect(ph.startsAt >= plan.startsAt && ph.endsAt <= plan.endsAt).toBe(true);
      expect(plan.participatingAgencyIds).not.toContain(plan.leadAgencyId);
    }
  });

  it('hands tasks of a missing agency to the lead instead of dropping them', () => {
    const plan = build('controlled_delivery', { agencyExists: (a) => a !== 'DPSU' && seeded.has(a) });
    const handover = plan.tasks.find((t) => t.type === 'handover')!;
    expect(handover.accountableAgencyId).toBe('DMS');
    expect(plan.participatingAgencyIds).not.toContain('DPSU');
  });
});
