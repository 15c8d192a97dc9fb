import { describe, expect, it } from 'vitest';
import { detectConflicts } from '../../../shared/scheduling/engine.js';
import type { ConflictRule } from '../../../shared/scheduling/model.js';
import { at, op, plan, task } from './fixtures.js';

const rules = (input: Parameters<typeof detectConflicts>[0]) => detectConflicts(input).map((c) => c.rule);
const of = (input: Parameters<typeof detectConflicts>[0], rule: ConflictRule) =>
  detectConflicts(input).filter((c) => c.rule === rule);

describe('rule 1: double booking across operations', () => {
  it('fires for a person in two operations at overlapping times', () => {
    const a = task({ personIds: ['p1'], startsAt: at(1), endsAt: at(3) });
    const b = task({ operationId: 'op2', personIds: ['p1'], startsAt: at(2), endsAt: at(4) });
    const cs = of(plan({ operations: [op(), op({ id: 'op2', codeName: 'Граніт' })], tasks: [a, b] }), 'double_booking');
    expect(cs).toHaveLength(1);
    expect(cs[0]).toMatchObject({ severity: 'blocking', personIds: ['p1'], operationIds: ['op1', 'op2'] });
    expect(cs[0]!.taskIds.sort()).toEqual([a.id, b.id].sort());
    expect(cs[0]!.message.params).toMatchObject({ minutes: 60, name: 'Бондар Сергій' });
  });
  it('does not fire when one task ends exactly when the other starts', () => {
    const a = task({ personIds: ['p1'], resourceIds: ['r1'], unitId: 'u1', startsAt: at(1), endsAt: at(2) });
    const b = task({ personIds: ['p1'], resourceIds: ['r1'], unitId: 'u1', startsAt: at(2), endsAt: at(3) });
    expect(rules(plan({ tasks: [a, b] }))).not.toContain('double_booking');
  });
  it('flags resources as blocking and units as warnings', () => {
    const a = task({ resourceIds: ['r1'], unitId: 'u1', startsAt: at(1), endsAt: at(3) });
    const b = task({ resourceIds: ['r1'], unitId: 'u1', startsAt: at(2), endsAt: at(4) });
    const cs = of(plan({ tasks: [a, b] }), 'double_booking');
    expect(cs.map((c) => [c.resourceIds.length ? 'resource' : 'unit', c.severity]).sort()).toEqual([
      ['resource', 'blocking'], ['unit', 'warning'],
    ]);
  });
  it('ignores cancelled tasks and aborted operations', () => {
    const a = task({ personIds: ['p1'], startsAt: at(1), endsAt: at(3) });
    const b = task({ personIds: ['p1'], startsAt: at(2), endsAt: at(4), status: 'cancelled' });
    const c = task({ operationId: 'op2', personIds: ['p1'], startsAt: at(2), endsAt: at(4) });
    const input = plan({ operations: [op(), op({ id: 'op2', status: 'aborted' })], tasks: [a, b, c] });
    expect(rules(input)).not.toContain('double_booking');
  });
});

describe('rule 2: dependencies', () => {
  it('fires when a successor starts before its predecessor ends plus lag', () => {
    const p = task({ startsAt: at(1), endsAt: at(2) });
    const s = task({ startsAt: at(2), endsAt: at(3), dependencies: [{ predecessorId: p.id, lagMinutes: 30 }] });
    const cs = of(plan({ tasks: [p, s] }), 'dependency_violation');
    expect(cs).toHaveLength(1);
    expect(cs[0]!.message.params.minutes).toBe(30);
    expect(cs[0]!.severity).toBe('blocking');
  });
  it('does not fire when the successor starts exactly at finish plus lag', () => {
    const p = task({ startsAt: at(1), endsAt: at(2) });
    const s = task({ startsAt: at(2.5), endsAt: at(3), dependencies: [{ predecessorId: p.id, lagMinutes: 30 }] });
    expect(rules(plan({ tasks: [p, s] }))).not.toContain('dependency_violation');
  });
  it('allows a negative lag to overlap', () => {
    const p = task({ startsAt: at(1), endsAt: at(2) });
    const s = task({ startsAt: at(1.5), endsAt: at(3), dependencies: [{ predecessorId: p.id, lagMinutes: -30 }] });
    expect(rules(plan({ tasks: [p, s] }))).not.toContain('dependency_violation');
  });
  it('finds a cycle and names every task in it', () => {
    const a = task({ id: 'ca', startsAt: at(1), endsAt: at(2), dependencies: [{ predecessorId: 'cc', lagMinutes: -10080 }] });
    const b = task({ id: 'cb', startsAt: at(2), endsAt: at(3), dependencies: [{ predecessorId: 'ca', lagMinutes: 0 }] });
    const c = task({ id: 'cc', startsAt: at(3), endsAt: at(4), dependencies: [{ predecessorId: 'cb', lagMinutes: 0 }] });
    const cs = of(plan({ tasks: [a, b, c] }), 'dependency_cycle');
    expect(cs).toHaveLength(1);
    expect(cs[0]!.taskIds).toEqual(['ca', 'cb', 'cc']);
  });
  it('does not call a diamond a cycle', () => {
    const a = task({ id: 'da', startsAt: at(1), endsAt: at(2) });
    const b = task({ id: 'db', startsAt: at(2), endsAt: at(3), dependencies: [{ predecessorId: 'da', lagMinutes: 0 }] });
    const c = task({ id: 'dc', startsAt: at(2), endsAt: at(3), dependencies: [{ predecessorId: 'da', lagMinutes: 0 }] });
    const d = task({ id: 'dd', startsAt: at(3), endsAt: at(4), dependencies: [{ predecessorId: 'db', lagMinutes: 0 }, { predecessorId: 'dc', lagMinutes: 0 }] });
    expect(rules(plan({ tasks: [a, b, c, d] }))).not.toContain('dependency_cycle');
  });
});

describe('rule 3: windows', () => {
  it('fires for a task ending after its operation and for one outside its phase', () => {
    const phase = { id: 'ph1', operationId: 'op1', name: 'Підготовка', startsAt: at(0), endsAt: at(10) };
    const a = task({ startsAt: at(70), endsAt: at(73) });
    const b = task({ phaseId: 'ph1', startsAt: at(9), endsAt: at(11) });
    const cs = detectConflicts(plan({ tasks: [a, b], phases: [phase] }));
    expect(cs.find((c) => c.rule === 'outside_operation_window')).toMatchObject({ taskIds: [a.id], severity: 'blocking' });
    expect(cs.find((c) => c.rule === 'outside_phase_window')).toMatchObject({ taskIds: [b.id], severity: 'warning' });
  });
  it('does not fire for tasks that touch the window edges', () => {
    const phase = { id: 'ph1', operationId: 'op1', name: 'Підготовка', startsAt: at(0), endsAt: at(10) };
    const a = task({ startsAt: at(0), endsAt: at(72) });
    const b = task({ phaseId: 'ph1', startsAt: at(0), endsAt: at(10) });
    const r = rules(plan({ tasks: [a, b], phases: [phase] }));
    expect(r).not.toContain('outside_operation_window');
    expect(r).not.toContain('outside_phase_window');
  });
});

describe('rule 4: procedural powers', () => {
  it('fires for a detention assigned to customs', () => {
    const cs = of(plan({ tasks: [task({ type: 'detention', accountableAgencyId: 'DMS' })] }), 'missing_power');
    expect(cs).toHaveLength(1);
    expect(cs[0]!.fix.params.agencies).toContain('NPU');
    expect(cs[0]!.agencyIds).toEqual(['DMS']);
  });
  it('does not fire for a detention assigned to the police or a customs inspection by customs', () => {
    const r = rules(plan({ tasks: [
      task({ type: 'detention', accountableAgencyId: 'NPU' }),
      task({ type: 'customs_inspection', accountableAgencyId: 'DMS' }),
    ] }));
    expect(r).not.toContain('missing_power');
  });
  it("fires for a controlled delivery without a prosecutor's decision task, not with one", () => {
    const cd = op({ type: 'controlled_delivery' });
    expect(rules(plan({ operations: [cd], tasks: [task({ type: 'escort' })] }))).toContain('missing_prosecutor_decision');
    const withDecision = plan({ operations: [cd], tasks: [task({ type: 'escort' }), task({ type: 'prosecutor_decision', accountableAgencyId: 'OGP' })] });
    expect(rules(withDecision)).not.toContain('missing_prosecutor_decision');
    expect(rules(withDecision)).not.toContain('missing_power');
  });
});

describe('rule 5: accountability and roles', () => {
  it('fires for a task without an accountable agency', () => {
    expect(rules(plan({ tasks: [task({ accountableAgencyId: null })] }))).toContain('no_accountable_agency');
  });
  it('fires for an expert examination with no expert, not with one', () => {
    const noExpert = task({ type: 'expert_examination', accountableAgencyId: 'DMS', personIds: ['p1'] });
    expect(of(plan({ tasks: [noExpert] }), 'role_unfilled')[0]?.message.key).toBe('sch.roleUnfilled.expert');
    const withExpert = task({ type: 'expert_examination', accountableAgencyId: 'DMS', personIds: ['p1', 'p2'] });
    expect(rules(plan({ tasks: [withExpert] }))).not.toContain('role_unfilled');
  });
  it('fires for a K9 team without a handler, not with one', () => {
    expect(rules(plan({ tasks: [task({ resourceIds: ['r2'], personIds: ['p1'] })] }))).toContain('role_unfilled');
    expect(rules(plan({ tasks: [task({ resourceIds: ['r2'], personIds: ['p3'] })] }))).not.toContain('role_unfilled');
  });
});

describe('rule 6: duty and rest', () => {
  it('fires when short rests join tasks into a duty longer than the limit', () => {
    const a = task({ personIds: ['p1'], startsAt: at(0), endsAt: at(6) });
    const b = task({ personIds: ['p1'], startsAt: at(10), endsAt: at(16) });
    const cs = of(plan({ tasks: [a, b] }), 'duty_overrun');
    expect(cs).toHaveLength(1);
    expect(cs[0]!.message.params.hours).toBe(16);
    expect(cs[0]!.taskIds.sort()).toEqual([a.id, b.id].sort());
  });
  it('does not fire when the rest between them is long enough', () => {
    const a = task({ personIds: ['p1'], startsAt: at(0), endsAt: at(6) });
    const b = task({ personIds: ['p1'], startsAt: at(14), endsAt: at(20) });
    expect(rules(plan({ tasks: [a, b] }))).not.toContain('duty_overrun');
  });
  it('does not fire for exactly the limit, and follows configured limits', () => {
    const a = task({ personIds: ['p1'], startsAt: at(0), endsAt: at(12) });
    expect(rules(plan({ tasks: [a] }))).not.toContain('duty_overrun');
    expect(rules(plan({ tasks: [a], settings: { maxDutyHours: 10 } }))).toContain('duty_overrun');
  });
});

describe('rule 7: Article 558 notification', () => {
  const seizureOp = op({ id: 'op1', type: 'customs_inspection', leadAgencyId: 'DMS', participatingAgencyIds: ['NPU'] });
  const seizure = () => task({ type: 'seizure', accountableAgencyId: 'NPU' });
  const entry = (over: object) => ({
    id: 'x1', kind: 'art558_notification' as const, operationId: 'op1', subject: 'Повідомлення про виявлення',
    sentAt: null, dueAt: null, acknowledgedAt: null, ...over,
  });
  it('fires when a customs operation with a seizure has no mandatory notification', () => {
    expect(rules(plan({ operations: [seizureOp], tasks: [seizure()] }))).toContain('art558_missing');
  });
  it('does not fire for the same operation without seizure tasks, nor when a notification is logged', () => {
    expect(rules(plan({ operations: [seizureOp], tasks: [task({ type: 'customs_inspection', accountableAgencyId: 'DMS' })] })))
      .not.toContain('art558_missing');
    expect(rules(plan({ operations: [seizureOp], tasks: [seizure()], exchange: [entry({ dueAt: at(5) })] })))
      .not.toContain('art558_missing');
  });
  it('fires when the notification is past due and unacknowledged, not when acknowledged', () => {
    const now = new Date(Date.parse(at(6)));
    const overdue = of(plan({ operations: [seizureOp], tasks: [seizure()], exchange: [entry({ sentAt: at(1), dueAt: at(5) })], now }), 'art558_overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.fix.key).toBe('sch.fix.art558Unacknowledged');
    const acked = plan({ operations: [seizureOp], tasks: [seizure()], exchange: [entry({ sentAt: at(1), dueAt: at(5), acknowledgedAt: at(4) })], now });
    expect(rules(acked)).not.toContain('art558_overdue');
  });
  it('fires for an offence outside customs\' competence: a customs-led operation with a proceeding recorded', () => {
    const customsLed = op({ type: 'customs_inspection', leadAgencyId: 'DMS' });
    const inspect = task({ type: 'customs_inspection', accountableAgencyId: 'DMS' });
    expect(rules({ ...plan({ operations: [customsLed], tasks: [inspect] }), proceedings: [{ id: 'p1', operationId: 'op1' }] })).toContain('art558_missing');
    expect(rules(plan({ operations: [customsLed], tasks: [inspect] }))).not.toContain('art558_missing');
  });
  it('does not fire for a controlled delivery led by the investigating body (its own proceeding)', () => {
    const delivery = op({ type: 'controlled_delivery', leadAgencyId: 'NPU', participatingAgencyIds: ['DMS', 'OGP'] });
    const input = { ...plan({ operations: [delivery], tasks: [task({ type: 'seizure', accountableAgencyId: 'NPU' })] }), proceedings: [{ id: 'p1', operationId: 'op1' }] };
    expect(rules(input)).not.toContain('art558_missing');
  });
  it('counts the instruction to the Border Guard as customs\' right: never overdue as a duty', () => {
    const now = new Date(Date.parse(at(6)));
    const instruction = entry({ kind: 'art558_border_instruction', sentAt: null, dueAt: at(5) });
    expect(rules(plan({ operations: [seizureOp], tasks: [seizure()], exchange: [instruction], now }))).not.toContain('art558_overdue');
    const info = entry({ kind: 'art558_operational_info', sentAt: null, dueAt: at(5) });
    expect(rules(plan({ operations: [seizureOp], tasks: [seizure()], exchange: [info], now }))).toContain('art558_overdue');
  });
});
