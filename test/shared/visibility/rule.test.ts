import { describe, expect, it } from 'vitest';
import {
  commonView, planView, rowVisible, type PlanFacts,
} from '../../../shared/visibility/rule.js';

const dir = (entries: [string, string, string | null][]) => new Map(entries.map(([id, agencyId, unitId]) => [id, { agencyId, unitId }]));

/** A customs-led operation with police and border guard; prosecutors elsewhere. */
const facts: PlanFacts = {
  operations: [
    { id: 'op', leadAgencyId: 'DMS', participatingAgencyIds: ['NPU', 'DPSU'] },
    { id: 'other', leadAgencyId: 'OGP', participatingAgencyIds: [] },
  ],
  phases: [
    { id: 'ph-prep', operationId: 'op' },
    { id: 'ph-pass', operationId: 'op' },
    { id: 'ph-intercept', operationId: 'op' },
    { id: 'ph-empty', operationId: 'op' },
    { id: 'ph-other', operationId: 'other' },
  ],
  tasks: [
    { id: 'customs', operationId: 'op', phaseId: 'ph-pass', accountableAgencyId: 'DMS', unitId: 'u-dms', personIds: ['p-dms'], resourceIds: ['r-dms'] },
    { id: 'briefing', operationId: 'op', phaseId: 'ph-prep', accountableAgencyId: 'DMS', unitId: 'u-dms', personIds: ['p-dms', 'p-npu'], resourceIds: [] },
    { id: 'police', operationId: 'op', phaseId: 'ph-intercept', accountableAgencyId: 'NPU', unitId: null, personIds: ['p-npu'], resourceIds: [] },
    { id: 'border-car', operationId: 'op', phaseId: 'ph-pass', accountableAgencyId: 'DMS', unitId: null, personIds: [], resourceIds: ['r-dpsu'] },
    { id: 'open', operationId: 'op', phaseId: null, accountableAgencyId: null, unitId: null, personIds: [], resourceIds: [] },
    { id: 'elsewhere', operationId: 'other', phaseId: null, accountableAgencyId: 'OGP', unitId: null, personIds: [], resourceIds: [] },
  ],
  exchange: [
    { id: 'h2-aside', operationId: 'op', fromAgencyId: 'SBU', toAgencyId: 'DMS', handlingCode: 'H2' },
    { id: 'h1-op', operationId: 'op', fromAgencyId: 'DMS', toAgencyId: 'DPSU', handlingCode: 'H1' },
    { id: 'h3-npu', operationId: 'op', fromAgencyId: 'DMS', toAgencyId: 'NPU', handlingCode: 'H3' },
    { id: 'free-h0', operationId: null, fromAgencyId: 'DMS', toAgencyId: 'DPSU', handlingCode: 'H0' },
    { id: 'other-op', operationId: 'other', fromAgencyId: 'OGP', toAgencyId: 'NPU', handlingCode: 'H0' },
  ],
  units: dir([['u-dms', 'DMS', null], ['u-npu', 'NPU', null]]),
  people: dir([['p-dms', 'DMS', 'u-dms'], ['p-npu', 'NPU', 'u-npu']]),
  resources: dir([['r-dms', 'DMS', 'u-dms'], ['r-dpsu', 'DPSU', null]]),
};

const sorted = (s: ReadonlySet<string>) => [...s].sort();

describe('the need-to-know rule', () => {
  it('the lead sees its whole operation, with every record the tasks refer to', () => {
    const v = planView(facts, { agencyId: 'DMS' });
    expect(sorted(v.operations)).toEqual(['op']);
    expect(sorted(v.tasks)).toEqual(['border-car', 'briefing', 'customs', 'open', 'police']);
    expect(sorted(v.people)).toEqual(['p-dms', 'p-npu']);
    expect(sorted(v.units)).toEqual(['u-dms', 'u-npu']);
    expect(sorted(v.exchange)).toEqual(['free-h0', 'h1-op', 'h2-aside', 'h3-npu']);
  });

  it('a participant sees the tasks it acts in and the open ones; a cross-agency assignment brings the task along', () => {
    const v = planView(facts, { agencyId: 'NPU' });
    expect(sorted(v.tasks)).toEqual(['briefing', 'open', 'police']);
    // The customs officer on the briefing comes with it; the customs-only task's staff do not.
    expect(sorted(v.people)).toEqual(['p-dms', 'p-npu']);
    expect(sorted(v.resources)).toEqual([]);
    // H1 of the operation passes on; H2 and H3 stay between their two agencies; another
    // operation's entry stays out even for its recipient, who does not see that operation.
    expect(sorted(v.exchange)).toEqual(['h1-op', 'h3-npu']);
    const border = planView(facts, { agencyId: 'DPSU' });
    expect(sorted(border.tasks)).toEqual(['border-car', 'open']);
    expect(sorted(border.resources)).toEqual(['r-dpsu']);
    expect(sorted(border.exchange)).toEqual(['free-h0', 'h1-op']);
  });

  it('an agency that does not take part sees nothing of the operation, whatever is assigned to it', () => {
    const v = planView(facts, { agencyId: 'SBU' });
    expect(v.operations.size + v.tasks.size + v.people.size).toBe(0);
    expect(sorted(v.exchange)).toEqual([]);
  });

  it('several recipients get what all of them may see; rows of the change record follow their scope', () => {
    const both = commonView([planView(facts, { agencyId: 'NPU' }), planView(facts, { agencyId: 'DPSU' })]);
    expect(sorted(both.tasks)).toEqual(['open']);
    expect(sorted(both.exchange)).toEqual(['h1-op']);
    const npu = planView(facts, { agencyId: 'NPU' });
    expect(rowVisible(npu, { entity: 'agency', rowId: 'SBU', operationId: null })).toBe(true);
    expect(rowVisible(npu, { entity: 'phase', rowId: 'ph-intercept', operationId: 'op' })).toBe(true);
    expect(rowVisible(npu, { entity: 'phase', rowId: 'ph-other', operationId: 'other' })).toBe(false);
    expect(rowVisible(npu, { entity: 'task_person', rowId: 'briefing:p-dms', operationId: 'op' })).toBe(true);
    expect(rowVisible(npu, { entity: 'task_resource', rowId: 'customs:r-dms', operationId: 'op' })).toBe(false);
    expect(rowVisible(npu, { entity: 'resource', rowId: 'r-dms', operationId: null })).toBe(false);
  });

  it('phases: the lead sees all; another agency the phases it acts in and those nobody acts in yet', () => {
    expect(sorted(planView(facts, { agencyId: 'DMS' }).phases)).toEqual(['ph-empty', 'ph-intercept', 'ph-pass', 'ph-prep']);
    expect(sorted(planView(facts, { agencyId: 'NPU' }).phases)).toEqual(['ph-empty', 'ph-intercept', 'ph-prep']);
    // The border guard acts only where its car is: the interception phase (its name and
    // window) is none of its business — the demo's "only the shift chief knows".
    const border = planView(facts, { agencyId: 'DPSU' });
    expect(sorted(border.phases)).toEqual(['ph-empty', 'ph-pass']);
    expect(rowVisible(border, { entity: 'phase', rowId: 'ph-intercept', operationId: 'op' })).toBe(false);
    expect(rowVisible(border, { entity: 'phase', rowId: 'ph-pass', operationId: 'op' })).toBe(true);
    expect(planView(facts, { agencyId: 'SBU' }).phases.size).toBe(0);
  });

  it("the operation's need-to-know fields are in the lead's view alone, every other field in every participant's", () => {
    const lead = planView(facts, { agencyId: 'DMS' });
    const npu = planView(facts, { agencyId: 'NPU' });
    for (const field of ['restrictedSources', 'restrictedDetails']) {
      expect(rowVisible(lead, { entity: 'operation', rowId: 'op', operationId: 'op', field }), field).toBe(true);
      expect(rowVisible(npu, { entity: 'operation', rowId: 'op', operationId: 'op', field }), field).toBe(false);
    }
    // Near miss: the shared paragraphs of the same row go to the participant.
    for (const field of ['situation', 'goNoGoCriteria', 'distribution', 'codeWords']) {
      expect(rowVisible(npu, { entity: 'operation', rowId: 'op', operationId: 'op', field }), field).toBe(true);
    }
    // Several recipients: only if all of them lead, which two agencies never do.
    expect(commonView([lead, npu]).wholePlan.size).toBe(0);
  });
});
