/**
 * The legal spine's rules (issue 16): each rule fires in its case and stays silent in the
 * nearest case that is lawful.
 */
import { describe, expect, it } from 'vitest';
import { detectConflicts } from '../../../shared/scheduling/engine.js';
import type { ScheduleDecision, ScheduleInput } from '../../../shared/scheduling/model.js';
import { isErdrNumber } from '../../../shared/legal/reference.js';
import { at, op, plan, task } from './fixtures.js';

const withSpine = (input: ScheduleInput, decisions: ScheduleDecision[], proceedings = [{ id: 'p1', operationId: 'op1' }]): ScheduleInput =>
  ({ ...input, decisions, proceedings });
const rules = (input: ScheduleInput) => detectConflicts(input).map((c) => c.rule);
const of = (input: ScheduleInput, rule: string) => detectConflicts(input).filter((c) => c.rule === rule);

const decision = (over: Partial<ScheduleDecision> = {}): ScheduleDecision => ({
  id: 'd1', operationId: 'op1', kind: 'prosecutor_crime_control', number: '17/3-271', taskIds: [],
  validFrom: at(0), validUntil: at(48), ...over,
});

describe('decision_missing: an action that needs a decision runs only under one naming it', () => {
  const delivery = () => task({ id: 'cd', type: 'controlled_delivery', accountableAgencyId: 'NPU', startsAt: at(10), endsAt: at(30) });
  it('fires, blocking, when no decision names the task', () => {
    const cs = of(withSpine(plan({ tasks: [delivery()] }), [decision()]), 'decision_missing');
    expect(cs).toHaveLength(1);
    expect(cs[0]).toMatchObject({ severity: 'blocking', taskIds: ['cd'], key: 'decision_missing:cd' });
    expect(cs[0]!.message.params.kinds).toBe('decisionKind.prosecutor_crime_control');
  });
  it('fires when the decision ends one minute before the task does; silent when it ends exactly then', () => {
    const early = decision({ taskIds: ['cd'], validUntil: new Date(Date.parse(at(30)) - 60_000).toISOString() });
    expect(rules(withSpine(plan({ tasks: [delivery()] }), [early]))).toContain('decision_missing');
    const exact = decision({ taskIds: ['cd'], validUntil: at(30) });
    expect(rules(withSpine(plan({ tasks: [delivery()] }), [exact]))).not.toContain('decision_missing');
  });
  it('fires when the decision is of the wrong kind (a search ruling does not authorise a controlled delivery)', () => {
    expect(rules(withSpine(plan({ tasks: [delivery()] }), [decision({ kind: 'judge_search', taskIds: ['cd'] })]))).toContain('decision_missing');
  });
  it('takes either kind a requirement allows (covert surveillance: investigator\'s decision or judge\'s ruling)', () => {
    const watch = task({ id: 'sv', type: 'covert_surveillance', accountableAgencyId: 'NPU' });
    expect(rules(withSpine(plan({ tasks: [watch] }), [decision({ kind: 'judge_covert_action', taskIds: ['sv'] })]))).not.toContain('decision_missing');
  });
  it('leaves task types that need no decision alone', () => {
    expect(rules(withSpine(plan({ tasks: [task({ type: 'patrol' }), task({ type: 'detention' })] }), []))).not.toContain('decision_missing');
  });
});

describe('proceeding_missing: covert and procedural actions only inside a registered proceeding', () => {
  const search = () => task({ id: 'sr', type: 'search', accountableAgencyId: 'NPU' });
  it('fires, blocking, for a search with no proceeding on the operation', () => {
    const cs = of(withSpine(plan({ tasks: [search()] }), [], []), 'proceeding_missing');
    expect(cs).toHaveLength(1);
    expect(cs[0]).toMatchObject({ severity: 'blocking', operationIds: ['op1'], taskIds: ['sr'] });
  });
  it('is silent once one proceeding is recorded, and for actions outside criminal procedure', () => {
    expect(rules(withSpine(plan({ tasks: [search()] }), []))).not.toContain('proceeding_missing');
    const customs = task({ type: 'customs_violation_protocol', accountableAgencyId: 'DMS' });
    expect(rules(withSpine(plan({ tasks: [customs] }), [], []))).not.toContain('proceeding_missing');
  });
});

describe('decision_expiring: an active operation hears ahead that a decision ends before it does', () => {
  const now = new Date(Date.parse(at(10)));
  const active = () => op({ status: 'active', startsAt: at(0), endsAt: at(72) });
  it('fires, as a warning, for a decision ending within the next 24 hours and before the operation ends', () => {
    const cs = of(withSpine(plan({ operations: [active()], now }), [decision({ validUntil: at(30) })]), 'decision_expiring');
    expect(cs).toHaveLength(1);
    expect(cs[0]).toMatchObject({ severity: 'warning', key: 'decision_expiring:op1:d1' });
  });
  it('is silent for one ending just beyond the horizon, for one lasting past the operation, and before activation', () => {
    expect(rules(withSpine(plan({ operations: [active()], now }), [decision({ validUntil: at(34.5) })]))).not.toContain('decision_expiring');
    expect(rules(withSpine(plan({ operations: [active()], now }), [decision({ validUntil: at(73) })]))).not.toContain('decision_expiring');
    expect(rules(withSpine(plan({ operations: [op({ status: 'approved' })], now }), [decision({ validUntil: at(30) })]))).not.toContain('decision_expiring');
  });
});

describe('ЄРДР number format (reference data)', () => {
  it('takes 17 digits with a plausible year and refuses the rest', () => {
    expect(isErdrNumber('12023100000000123')).toBe(true);
    expect(isErdrNumber('1202310000000012')).toBe(false);
    expect(isErdrNumber('12023100000000123 ')).toBe(false);
    expect(isErdrNumber('12009100000000123')).toBe(false);
    expect(isErdrNumber('1202310000000012X')).toBe(false);
  });
});
