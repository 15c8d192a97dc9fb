import { describe, expect, it } from 'vitest';
import { SEED_AGENCIES, TASK_TYPE_REQUIRED_POWER } from '../../../shared/domain/agencies-seed.js';
import { OPERATION_TYPES } from '../../../shared/domain/enums.js';
import { buildFromTemplate, findTemplate, OPERATION_TEMPLATES, templateIsCovert } from '../../../shared/planning/templates.js';

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
    for (const id of ['controlled_delivery', 'joint_search', 'customs_inspection', 'customs_violation_case', 'joint_patrol', 'joint_training', 'working_group']) {
      expect(ids).toContain(id);
    }
    for (const t of OPERATION_TEMPLATES) expect(OPERATION_TYPES).toContain(t.type);
  });

  it('lays out the controlled delivery in its legal order: led by the investigating body, inside a registered proceeding, on the prosecutor\'s decision', () => {
    const plan = build('controlled_delivery');
    expect(plan.leadAgencyId).toBe('NPU');
    expect(plan.tasks.map((t) => t.type)).toEqual([
      'intelligence_check', 'proceeding_registration', 'prosecutor_decision', 'covert_tracking', 'briefing',
      'border_control', 'handover', 'controlled_delivery', 'detention',
      'seizure', 'specialist_support', 'forensic_examination', 'notification',
    ]);
    const byType = new Map(plan.tasks.map((t) => [t.type, t]));
    // Customs lets the goods through and lends a specialist; it neither leads nor carries out the covert action.
    expect(byType.get('handover')!.accountableAgencyId).toBe('DMS');
    expect(byType.get('specialist_support')!.accountableAgencyId).toBe('DMS');
    expect(byType.get('controlled_delivery')!.accountableAgencyId).toBe('NPU');
    expect(byType.get('prosecutor_decision')!.accountableAgencyId).toBe('OGP');
    // Nothing hands the decision out, and the border guard's step carries no customs formalities.
    const all = plan.tasks.flatMap((t) => [t.title, ...t.checklist.map((c) => c.text)]).join('\n');
    expect(all).not.toMatch(/витяг/i);
    expect(byType.get('border_control')!.checklist.map((c) => c.text).join(' ')).not.toMatch(/митн/i);
    for (let i = 1; i < plan.tasks.length; i++) {
      const t = plan.tasks[i]!;
      for (const d of t.dependencies) expect(t.startsAt >= plan.tasks.find((p) => p.id === d.predecessorId)!.endsAt).toBe(true);
    }
    expect(plan.phases.map((p) => p.name)).toEqual(['Підготовка', 'Виконання', 'Завершення']);
    expect(plan.startsAt).toBe('2026-06-01T06:00:00.000Z');
    expect(templateIsCovert(findTemplate('controlled_delivery')!)).toBe(true);
    expect(templateIsCovert(findTemplate('joint_patrol')!)).toBe(false);
  });

  it('names each step\'s legal basis from the reference data, without Article 558 on training or invented part numbers', () => {
    for (const tpl of OPERATION_TEMPLATES) {
      for (const lang of ['uk', 'en'] as const) {
        const plan = build(tpl.id, { lang });
        for (const t of plan.tasks) expect(t.notes, `${tpl.id}/${t.title}`).toMatch(lang === 'uk' ? /^Правова підстава: \S/ : /^Legal basis: \S/);
        expect(plan.legalBasis + plan.tasks.map((t) => t.notes).join(' ')).not.toMatch(/ч\.\s*\d+\s*ст\.\s*558|§\d/);
      }
    }
    expect(build('joint_training').legalBasis + build('joint_training').tasks.map((t) => t.notes).join()).not.toMatch(/558/);
  });

  it('gives a customs-rule violation case to customs: protocol (МК ст. 494), temporary seizure (ст. 511), administrative detention', () => {
    const plan = build('customs_violation_case');
    expect(plan.leadAgencyId).toBe('DMS');
    expect(plan.tasks.map((t) => t.type)).toEqual(expect.arrayContaining(['customs_violation_protocol', 'temporary_seizure', 'border_detention']));
    expect(plan.tasks.every((t) => t.accountableAgencyId === 'DMS')).toBe(true);
    expect(plan.tasks.find((t) => t.type === 'customs_violation_protocol')!.notes).toContain('494');
    expect(plan.tasks.find((t) => t.type === 'temporary_seizure')!.notes).toContain('511');
  });

  it('puts no customs inspection or customs expert examination on evidence already seized, and no border control on a patrol', () => {
    expect(build('joint_search').tasks.map((t) => t.type)).not.toContain('customs_inspection');
    expect(build('joint_patrol').tasks.map((t) => t.type)).not.toContain('border_control');
    expect(build('controlled_delivery').tasks.map((t) => t.type)).not.toContain('expert_examination');
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
    const border = plan.tasks.find((t) => t.type === 'border_control')!;
    expect(border.accountableAgencyId).toBe('NPU');
    expect(plan.participatingAgencyIds).not.toContain('DPSU');
  });
});
