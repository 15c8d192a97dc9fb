/**
 * The statistics against a fixture counted by hand, on a real SQLite file. The period is March
 * 2026 in Kyiv time (UTC+2 until the 29th, UTC+3 after): operations just inside and just outside
 * each end of it, deleted rows, and every Article 558 outcome.
 *
 * Counted by hand (operations in the period: A B C D F I J; E and G fall outside, K is deleted):
 *   type: customs_inspection 2 (B I), controlled_delivery, joint_patrol, customs_violation_case,
 *         conference, detention 1 each
 *   status: completed 4 (A B F I), aborted 2 (C J), active 1 (D)
 *   agencies: DMS led 4 (B D I J), took part 3 (A C F); NPU led 1 (A), took part 3 (B D J);
 *             DPSU led 1 (C), took part 2 (A I); SBU led 1 (F)
 *   tasks: 11 — done 6, cancelled 2, todo 2, in_progress 1; NPU 5 (4 done), DMS 4 (2 done), DPSU 2
 *   interaction, operations: coordination formal 3 (A C J), mutual assistance formal 1 (I) and
 *         informal 1 (B), information exchange formal 1 (D), representation informal 1 (F)
 *   interaction, exchange (X8 before the period, X10 deleted): information exchange formal 5
 *         (X1–X5), informal 1 (X6); mutual assistance formal 1 (X7); international formal 1 (X9)
 *   formal 5 + 7 = 12, informal 2 + 1 = 3
 *   Article 558: notification on time 1 (X1), missing 1 (D: customs leads, a proceeding, no
 *         notification; J needs one too but was aborted; B has X1; I needs none);
 *         operational info late 2 (X2 acknowledged late, X3 never acknowledged);
 *         vehicle overstay missing 1 (X4 never sent), pending 1 (X5 not yet due)
 *   results: over (completed or aborted) 6 — A achieved, B C F I J not stated; seizures 3 (G's
 *         is outside): drugs 2 worth 1,250,000 UAH, tobacco 1 worth 200 EUR; A's detention 1
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExchangeDraft } from '../../../shared/domain/exchange.js';
import { OperationDraft, type OperationDraftInput } from '../../../shared/domain/operation.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import type { TaskStatus, TaskType } from '../../../shared/domain/enums.js';
import { ProceedingDraft } from '../../../shared/domain/legal.js';
import { DetentionDraft, SeizureDraft } from '../../../shared/domain/results.js';
import { StatsPeriodRequest, art558Outcome } from '../../../shared/stats/statistics.js';
import { statisticsCsv, statisticsTables, tableCsv } from '../../../shared/stats/tables.js';
import { transact } from '../../../electron/services/context.js';
import { createExchange, removeExchange } from '../../../electron/services/exchange.js';
import { addProceeding } from '../../../electron/services/legal.js';
import { insertOperation, normalizeDraft, removeOperation } from '../../../electron/services/operations.js';
import { getStatistics } from '../../../electron/services/stats.js';
import { createTaskInTransaction } from '../../../electron/services/tasks.js';
import { dispatch } from '../../../electron/api/dispatch.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let tc: TempContext;
let now: Date;
beforeEach(() => {
  now = new Date('2026-04-10T12:00:00Z');
  tc = openTempContext({ now: () => now });
});
afterEach(() => tc.cleanup());

type Op = Omit<OperationDraftInput, 'codeName' | 'endsAt' | 'legalBasis'> & { status: Parameters<typeof insertOperation>[3] };

/** An operation with its status and tasks, written as the services write them (no guard: the
 *  figures, not the planning rules, are under test). */
function op(codeName: string, o: Op, tasks: [TaskType, TaskStatus, string][] = []): string {
  const { status, ...rest } = o;
  const draft = normalizeDraft(OperationDraft.parse({
    codeName, legalBasis: 'наказ', ...rest,
    endsAt: new Date(new Date(o.startsAt).getTime() + 8 * 3_600_000).toISOString(),
  }));
  const id = randomUUID();
  transact(tc.ctx, () => {
    insertOperation(tc.ctx, id, draft, status);
    tasks.forEach(([type, st, agency], i) => createTaskInTransaction(tc.ctx, randomUUID(), TaskDraft.parse({
      operationId: id, title: `${codeName}-${i}`, type, status: st, accountableAgencyId: agency,
      startsAt: draft.startsAt, endsAt: draft.endsAt,
    })));
  });
  return id;
}

function exchange(d: Partial<ExchangeDraft> & Pick<ExchangeDraft, 'kind' | 'fromAgencyId' | 'toAgencyId'>): string {
  return createExchange(tc.ctx, ExchangeDraft.parse({ subject: d.kind, legalBasis: 'ст. 558 МК України', ...d })).id;
}

function seed() {
  const ids: Record<string, string> = {};
  ids.A = op('A', { type: 'controlled_delivery', status: 'completed', form: 'coordination', leadAgencyId: 'NPU', participatingAgencyIds: ['DMS', 'DPSU'], startsAt: '2026-03-05T08:00:00Z' },
    [['surveillance', 'done', 'NPU'], ['controlled_delivery', 'done', 'NPU'], ['detention', 'done', 'NPU'], ['specialist_support', 'cancelled', 'DMS']]);
  // A task removed from A does not count.
  const gone = transact(tc.ctx, () => {
    const id = randomUUID();
    createTaskInTransaction(tc.ctx, id, TaskDraft.parse({ operationId: ids.A, title: 'A-gone', type: 'other', accountableAgencyId: 'DPSU', startsAt: '2026-03-05T08:00:00Z', endsAt: '2026-03-05T09:00:00Z' }));
    return id;
  });
  // Removed as the change writer records it (a completed operation's tasks no longer change
  // through the service: issue 17's read-only rule).
  transact(tc.ctx, () => tc.ctx.writer.remove('task', gone, ids.A!));
  ids.B = op('B', { type: 'customs_inspection', status: 'completed', form: 'mutual_assistance', formality: 'informal', leadAgencyId: 'DMS', participatingAgencyIds: ['NPU'], startsAt: '2026-03-10T08:00:00Z' },
    [['search', 'done', 'NPU'], ['customs_inspection', 'done', 'DMS']]);
  ids.C = op('C', { type: 'joint_patrol', status: 'aborted', form: 'coordination', leadAgencyId: 'DPSU', participatingAgencyIds: ['DMS'], startsAt: '2026-03-15T08:00:00Z' },
    [['patrol', 'todo', 'DPSU'], ['patrol', 'todo', 'DPSU']]);
  // 01:30 on 29 March in Kyiv, the night the clocks go forward.
  ids.D = op('D', { type: 'customs_violation_case', status: 'active', form: 'information_exchange', leadAgencyId: 'DMS', participatingAgencyIds: ['NPU'], startsAt: '2026-03-28T23:30:00Z' },
    [['customs_violation_protocol', 'in_progress', 'DMS']]);
  addProceeding(tc.ctx, ProceedingDraft.parse({
    operationId: ids.D, erdrNumber: '12026030000000417', registeredOn: '2026-03-28', qualification: 'ч. 1 ст. 201 КК України', investigatingAgencyId: 'NPU',
  }));
  // 23:00 on 28 February in Kyiv: the month before.
  ids.E = op('E', { type: 'joint_training', status: 'planned', form: 'joint_training', leadAgencyId: 'DMS', participatingAgencyIds: ['SBU'], startsAt: '2026-02-28T21:00:00Z' },
    [['training', 'done', 'SBU']]);
  // 00:30 on 1 March in Kyiv, still 28 February in UTC: inside.
  ids.F = op('F', { type: 'conference', status: 'completed', form: 'representation', formality: 'informal', leadAgencyId: 'SBU', participatingAgencyIds: ['DMS'], startsAt: '2026-02-28T22:30:00Z' });
  // 00:30 on 1 April in Kyiv (UTC+3 by then): outside.
  ids.G = op('G', { type: 'joint_search', status: 'completed', form: 'coordination', leadAgencyId: 'NPU', participatingAgencyIds: ['DMS'], startsAt: '2026-03-31T21:30:00Z' },
    [['search', 'done', 'NPU']]);
  ids.I = op('I', { type: 'customs_inspection', status: 'completed', form: 'mutual_assistance', leadAgencyId: 'DMS', participatingAgencyIds: ['DPSU'], startsAt: '2026-03-20T08:00:00Z' },
    [['customs_inspection', 'done', 'DMS']]);
  ids.J = op('J', { type: 'detention', status: 'aborted', form: 'coordination', leadAgencyId: 'DMS', participatingAgencyIds: ['NPU'], startsAt: '2026-03-22T08:00:00Z' },
    [['search', 'cancelled', 'NPU']]);
  ids.K = op('K', { type: 'seizure', status: 'draft', form: 'coordination', leadAgencyId: 'DMS', participatingAgencyIds: ['NPU'], startsAt: '2026-03-23T08:00:00Z' },
    [['seizure', 'todo', 'NPU']]);
  removeOperation(tc.ctx, ids.K);

  // Results: A achieved with a detention and a seizure; B a seizure in euros; G (outside) a seizure.
  transact(tc.ctx, () => {
    const seize = (opId: string, category: string, value: number, currency: string) => tc.ctx.writer.create('seizure', randomUUID(), SeizureDraft.parse({
      operationId: opId, category, description: category, estimatedValue: value, currency, seizedAt: '2026-03-05T10:00:00Z', seizedByAgencyId: 'NPU',
    }), opId);
    seize(ids.A!, 'drugs', 1_000_000, 'UAH');
    seize(ids.A!, 'drugs', 250_000, 'UAH');
    seize(ids.B!, 'tobacco', 200, 'EUR');
    seize(ids.G!, 'weapons', 5_000_000, 'UAH');
    tc.ctx.writer.create('operation_outcome', ids.A!, { operationId: ids.A, outcome: 'achieved', completionReason: '', lessons: '' }, ids.A!);
    tc.ctx.writer.create('detention', randomUUID(), DetentionDraft.parse({
      operationId: ids.A, basis: 'kpk_208', fullName: 'Особа', detainedAt: '2026-03-05T10:00:00Z', detainedBy: 'слідчий', detainedByAgencyId: 'NPU',
    }), ids.A!);
  });

  exchange({ kind: 'art558_notification', fromAgencyId: 'DMS', toAgencyId: 'NPU', operationId: ids.B, sentAt: '2026-03-10T09:00:00Z', dueAt: '2026-03-12T09:00:00Z', acknowledgedAt: '2026-03-11T10:00:00Z' });
  exchange({ kind: 'art558_operational_info', fromAgencyId: 'NPU', toAgencyId: 'DMS', operationId: ids.A, sentAt: '2026-03-04T09:00:00Z', dueAt: '2026-03-05T00:00:00Z', acknowledgedAt: '2026-03-06T10:00:00Z' });
  exchange({ kind: 'art558_operational_info', fromAgencyId: 'NPU', toAgencyId: 'DMS', sentAt: '2026-03-20T09:00:00Z', dueAt: '2026-03-21T09:00:00Z' });
  exchange({ kind: 'art558_vehicle_overstay', fromAgencyId: 'DMS', toAgencyId: 'NPU', dueAt: '2026-03-25T09:00:00Z' });
  exchange({ kind: 'art558_vehicle_overstay', fromAgencyId: 'DMS', toAgencyId: 'NPU', sentAt: '2026-03-30T09:00:00Z', dueAt: '2026-04-15T09:00:00Z' });
  exchange({ kind: 'analytical', formality: 'informal', fromAgencyId: 'DMS', toAgencyId: 'SBU', sentAt: '2026-03-02T09:00:00Z' });
  // Neither sent nor due: dated by when it was recorded.
  now = new Date('2026-03-16T12:00:00Z');
  exchange({ kind: 'consultation', form: 'mutual_assistance', fromAgencyId: 'NPU', toAgencyId: 'DMS' });
  now = new Date('2026-04-10T12:00:00Z');
  exchange({ kind: 'meeting_record', form: 'representation', formality: 'informal', fromAgencyId: 'SBU', toAgencyId: 'DMS', sentAt: '2026-02-27T09:00:00Z' });
  exchange({ kind: 'international_request', form: 'international_cooperation', fromAgencyId: 'DMS', toAgencyId: 'INTERPOL', sentAt: '2026-03-18T09:00:00Z' });
  removeExchange(tc.ctx, exchange({ kind: 'art558_notification', fromAgencyId: 'DMS', toAgencyId: 'NPU', operationId: ids.D, sentAt: '2026-03-29T09:00:00Z' }));
  return ids;
}

const MARCH = StatsPeriodRequest.parse({ from: '2026-03-01', to: '2026-03-31' });

describe('statistics over a period', () => {
  it('counts operations, tasks, interaction and Article 558 as counted by hand', () => {
    seed();
    const s = getStatistics(tc.ctx, MARCH);
    expect(s.period).toMatchObject({ fromInstant: '2026-02-28T22:00:00.000Z', toInstant: '2026-03-31T21:00:00.000Z', zone: 'Europe/Kyiv' });
    expect(s.operations.total).toBe(7);
    expect(Object.fromEntries(s.operations.byType.map((x) => [x.key, x.count]))).toEqual({
      customs_inspection: 2, controlled_delivery: 1, joint_patrol: 1, customs_violation_case: 1, conference: 1, detention: 1,
    });
    expect(s.operations.byType[0]).toEqual({ key: 'customs_inspection', count: 2 });
    expect(s.operations.byStatus).toEqual([
      { key: 'completed', count: 4 }, { key: 'aborted', count: 2 }, { key: 'active', count: 1 },
    ]);
    expect(s.operations.byAgency).toEqual([
      { agencyId: 'DMS', led: 4, participated: 3 },
      { agencyId: 'NPU', led: 1, participated: 3 },
      { agencyId: 'DPSU', led: 1, participated: 2 },
      { agencyId: 'SBU', led: 1, participated: 0 },
    ]);
    expect(s.tasks.total).toBe(11);
    expect(s.tasks.byStatus).toEqual([
      { key: 'done', count: 6 }, { key: 'todo', count: 2 }, { key: 'cancelled', count: 2 }, { key: 'in_progress', count: 1 },
    ]);
    expect(s.tasks.byAgency).toEqual([
      { agencyId: 'NPU', total: 5, done: 4 }, { agencyId: 'DMS', total: 4, done: 2 }, { agencyId: 'DPSU', total: 2, done: 0 },
    ]);
    expect(s.interaction.byForm).toEqual([
      { form: 'information_exchange', operations: { formal: 1, informal: 0 }, exchange: { formal: 5, informal: 1 } },
      { form: 'coordination', operations: { formal: 3, informal: 0 }, exchange: { formal: 0, informal: 0 } },
      { form: 'mutual_assistance', operations: { formal: 1, informal: 1 }, exchange: { formal: 1, informal: 0 } },
      { form: 'joint_training', operations: { formal: 0, informal: 0 }, exchange: { formal: 0, informal: 0 } },
      { form: 'international_cooperation', operations: { formal: 0, informal: 0 }, exchange: { formal: 1, informal: 0 } },
      { form: 'representation', operations: { formal: 0, informal: 1 }, exchange: { formal: 0, informal: 0 } },
    ]);
    expect([s.interaction.formal, s.interaction.informal]).toEqual([12, 3]);
    expect(s.results).toEqual({
      byOutcome: [{ key: '', count: 5 }, { key: 'achieved', count: 1 }],
      detentions: 1, protocols: 0, proceedingsOpened: 0, seizures: 3,
      currencies: ['UAH', 'EUR'],
      byCategory: [{ category: 'drugs', count: 2, values: [1_250_000, 0] }, { category: 'tobacco', count: 1, values: [0, 200] }],
    });
    expect(s.art558).toEqual({
      onTime: 1, late: 2, unacknowledged: 1, missing: 2, operationsWithout: 1, pending: 1,
      byKind: [
        { kind: 'art558_notification', onTime: 1, late: 0, missing: 1, pending: 0 },
        { kind: 'art558_operational_info', onTime: 0, late: 2, missing: 0, pending: 0 },
        { kind: 'art558_vehicle_overstay', onTime: 0, late: 0, missing: 1, pending: 1 },
      ],
    });
  });

  it('adjacent periods add up: February and March together are the two apart', () => {
    seed();
    const feb = getStatistics(tc.ctx, StatsPeriodRequest.parse({ from: '2026-02-01', to: '2026-02-28' }));
    const both = getStatistics(tc.ctx, StatsPeriodRequest.parse({ from: '2026-02-01', to: '2026-03-31' }));
    const march = getStatistics(tc.ctx, MARCH);
    expect(feb.operations.total).toBe(1);
    expect(both.operations.total).toBe(feb.operations.total + march.operations.total);
    expect(both.tasks.total).toBe(feb.tasks.total + march.tasks.total);
    expect(both.interaction.informal).toBe(feb.interaction.informal + march.interaction.informal);
  });

  it('an operation that has not started yet is not missing its notification', () => {
    seed();
    now = new Date('2026-03-28T12:00:00Z');
    const s = getStatistics(tc.ctx, MARCH);
    expect(s.art558.operationsWithout).toBe(0);
  });

  it('answers through the API contract, and refuses a period that ends before it starts', async () => {
    seed();
    const r = await dispatch(tc.ctx, 'stats', 'getStatistics', { from: '2026-03-01', to: '2026-03-31' });
    expect(r.ok && r.value).toMatchObject({ operations: { total: 7 } });
    const bad = await dispatch(tc.ctx, 'stats', 'getStatistics', { from: '2026-03-31', to: '2026-03-01' });
    expect(bad.ok).toBe(false);
  });

  it('tables and CSV say the same numbers, in either language, with formulas defused', () => {
    seed();
    const s = getStatistics(tc.ctx, MARCH);
    const tables = statisticsTables(s, 'uk', (id) => (id === 'DMS' ? '=ДМС' : id));
    const art = tables.find((x) => x.id === 'art558')!;
    expect(tableCsv(art).split('\r\n')).toEqual([
      'Вид повідомлення,Вчасно,Із запізненням,Відсутні,Строк не минув',
      'Письмове повідомлення про правопорушення,1,0,1,0',
      'Інформування митниці правоохоронним органом,0,2,0,0',
      'Передача до НПУ щодо ТЗ,0,0,1,1',
      '',
    ]);
    const agencies = tables.find((x) => x.id === 'operationsByAgency')!;
    expect(tableCsv(agencies).split('\r\n')[1]).toBe("'=ДМС,4,3");
    const long = statisticsCsv(statisticsTables(s, 'en', (id) => id), 'en').split('\r\n');
    expect(long[0]).toBe('Table,Category,Series,Value');
    expect(long).toContain('Operations by type,Customs inspection,Count,2');
    expect(long).toContain('Formal and informal interaction,Formal,Exchange-log entries,7');
    expect(long).toContain('"Estimated customs value seized, by category",Drugs,"Value, UAH",1250000');
    expect(long).toContain('"Operations over, by outcome",objectives achieved,Count,1');
  });
});

describe('Article 558 outcome of one entry', () => {
  const at = new Date('2026-03-10T00:00:00Z');
  it.each([
    [{ sentAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-02T00:00:00Z', acknowledgedAt: '2026-03-02T00:00:00Z' }, 'onTime'],
    [{ sentAt: '2026-03-01T00:00:00Z', dueAt: null, acknowledgedAt: '2026-03-05T00:00:00Z' }, 'onTime'],
    [{ sentAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-02T00:00:00Z', acknowledgedAt: '2026-03-02T00:00:01Z' }, 'late'],
    [{ sentAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-02T00:00:00Z', acknowledgedAt: null }, 'late'],
    [{ sentAt: null, dueAt: '2026-03-02T00:00:00Z', acknowledgedAt: null }, 'missing'],
    [{ sentAt: null, dueAt: '2026-03-12T00:00:00Z', acknowledgedAt: null }, 'pending'],
    [{ sentAt: '2026-03-01T00:00:00Z', dueAt: null, acknowledgedAt: null }, 'pending'],
  ] as const)('%o is %s', (e, outcome) => {
    expect(art558Outcome(e, at)).toBe(outcome);
  });
});
