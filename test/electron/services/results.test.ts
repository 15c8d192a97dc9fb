/**
 * Consignments, results, evidence custody and live execution on a real SQLite file: what each
 * records, what it refuses, and the completed operation as a record (results and lessons only).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { auditFacets } from '../../../electron/db/repos/audit.repo.js';
import { listOutcomeFacts, listSeizureFacts, operationResultsOf } from '../../../electron/db/repos/results.repo.js';
import { transact } from '../../../electron/services/context.js';
import { addProceeding } from '../../../electron/services/legal.js';
import { insertOperation, normalizeDraft, updateOperation } from '../../../electron/services/operations.js';
import { createTaskInTransaction, updateTask } from '../../../electron/services/tasks.js';
import { OperationDraft } from '../../../shared/domain/operation.js';
import { ProceedingDraft } from '../../../shared/domain/legal.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let tc: TempContext;
let now: Date;
beforeEach(() => {
  now = new Date('2026-12-05T12:00:00Z');
  tc = openTempContext({ now: () => now });
});
afterEach(() => tc.cleanup());

async function call<T>(method: string, input: unknown): Promise<T> {
  const [d, m] = method.split('.') as [string, string];
  const r = await dispatch(tc.ctx, d, m, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code, issues: r.error.issues });
  return r.value as T;
}
async function refusal(method: string, input: unknown) {
  const [d, m] = method.split('.') as [string, string];
  const r = await dispatch(tc.ctx, d, m, input);
  if (r.ok) throw new Error(`${method} was accepted`);
  return r.error;
}

function operation(status: Parameters<typeof insertOperation>[3]): { opId: string; taskIds: string[] } {
  const draft = normalizeDraft(OperationDraft.parse({
    codeName: 'ЯНТАР', type: 'controlled_delivery', legalBasis: 'КПК ст. 271', leadAgencyId: tc.ctx.agencyId,
    participatingAgencyIds: ['DMS', 'NPU', 'DPSU'].filter((a) => a !== tc.ctx.agencyId),
    startsAt: '2026-12-05T06:00:00Z', endsAt: '2026-12-05T20:00:00Z',
  }));
  const opId = randomUUID();
  const taskIds = [randomUUID(), randomUUID(), randomUUID()];
  transact(tc.ctx, () => {
    insertOperation(tc.ctx, opId, draft, status);
    taskIds.forEach((id, i) => createTaskInTransaction(tc.ctx, id, TaskDraft.parse({
      operationId: opId, title: `Завдання ${i + 1}`, type: 'surveillance', accountableAgencyId: tc.ctx.agencyId,
      startsAt: `2026-12-05T${String(8 + 2 * i).padStart(2, '0')}:00:00Z`, endsAt: `2026-12-05T${String(9 + 2 * i).padStart(2, '0')}:00:00Z`,
    })));
  });
  return { opId, taskIds };
}

describe('consignments', () => {
  it('checks every identifier by its standard and stores it normalised', async () => {
    const { opId } = operation('planned');
    const c = await call<{ containerNumber: string; mrn: string; hsCode: string; wagonNumber: string }>('results.addConsignment', {
      operationId: opId, commodity: 'Сигарети', hsCode: '2402 20 90 00', containerNumber: 'csqu 305438-3',
      mrn: '10nl5663962be1e825', wagonNumber: '21 81 2471 217-3', vesselImo: 'IMO 9074729',
      declarationNumber: 'UA100010/2026/004321', quantity: 500000, quantityUnit: 'шт', declaredValue: 1250000, currency: 'UAH',
      seals: ['UA 123456'], truckPlate: 'АА 1234 ВВ',
    });
    expect(c).toMatchObject({ containerNumber: 'CSQU3054383', mrn: '10NL5663962BE1E825', hsCode: '2402209000', wagonNumber: '218124712173' });
    const bad = await refusal('results.addConsignment', {
      operationId: opId, commodity: 'x', containerNumber: 'CSQU3054384', mrn: '10NL5663962BE1E826', vesselImo: '9074728', hsCode: '24022090',
    });
    expect(bad.issues!.map((i) => [i.path.join('.'), i.message]).sort()).toEqual([
      ['containerNumber', 'v.containerNumber'], ['hsCode', 'v.hsCode'], ['mrn', 'v.mrn'], ['vesselImo', 'v.imo'],
    ]);
  });

  it('links the same container and plate across operations', async () => {
    const a = operation('planned');
    const b = operation('approved');
    await call('results.addConsignment', { operationId: a.opId, commodity: 'Сигарети', containerNumber: 'CSQU3054383', truckPlate: 'АА1234ВВ' });
    await call('operations.update', { id: b.opId, patch: { subjects: [{ kind: 'container', number: 'CSQU 305438 3' }, { kind: 'vehicle', plate: 'aa 1234 bb' }] } });
    const links = await call<{ key: string; operations: { id: string }[] }[]>('results.listLinks', { operationId: a.opId });
    expect(links.map((l) => [l.key, l.operations.map((o) => o.id)])).toEqual([
      ['container:CSQU3054383', [b.opId]], ['plate:AA1234BB', [b.opId]],
    ]);
  });
});

describe('results and evidence', () => {
  it('records seizures, evidence with its chain of custody and warnings, detentions and protocols, each audited', async () => {
    const { opId } = operation('active');
    const proceeding = addProceeding(tc.ctx, ProceedingDraft.parse({
      operationId: opId, erdrNumber: '12026000000000123', registeredOn: '2026-12-05', qualification: 'ч. 1 ст. 201 КК України',
      investigatingAgencyId: 'NPU', result: 'opened',
    }));
    const seizure = await call<{ id: string }>('results.addSeizure', {
      operationId: opId, category: 'tobacco', description: 'Сигарети без акцизних марок', quantity: 500000, quantityUnit: 'шт',
      hsCode: '2402209000', estimatedValue: 1250000, currency: 'UAH', seizedAt: '2026-12-05T11:00:00Z', seizedByAgencyId: 'NPU',
      storagePlace: 'Склад ВП', proceedingId: proceeding.id,
    });
    const item = await call<{ id: string }>('results.addEvidence', {
      operationId: opId, seizureId: seizure.id, number: '1', description: 'Зразки, 10 пачок', packaging: 'сейф-пакет',
      sealNumber: 'PSP 0012345', packedAt: '2026-12-05T11:30:00Z', packedBy: 'Коваленко О. П.', packedByAgencyId: 'NPU',
    });
    await call('results.recordCustody', {
      operationId: opId, evidenceId: item.id, fromPerson: 'Коваленко О. П.', toPerson: 'Мельник С. В.', toAgencyId: 'NPU',
      at: '2026-12-05T13:00:00Z', place: 'ВП', sealNumber: 'PSP0012345',
    });
    await call('results.recordCustody', {
      operationId: opId, evidenceId: item.id, fromPerson: 'Бойко Р. М.', toPerson: 'Експерт НДЕКЦ', toAgencyId: 'NPU',
      at: '2026-12-06T09:00:00Z', sealNumber: 'PSP0099999',
    });
    const [chain] = await call<{ holder: string; warnings: { kind: string }[]; steps: { recordedBy: string }[] }[]>('results.getCustodyChains', { operationId: opId });
    expect(chain!.holder).toBe('Експерт НДЕКЦ');
    expect(chain!.warnings.map((w) => w.kind)).toEqual(['gap', 'seal_changed']);
    expect(chain!.steps[0]!.recordedBy).not.toBe('');

    await call('results.addDetention', {
      operationId: opId, basis: 'kpk_208', fullName: 'Шевченко Андрій Петрович', citizenship: 'UA', passport: 'FA123456',
      detainedAt: '2026-12-05T11:05:00Z', detainedBy: 'ст. о/у Мельник С. В.', detainedByAgencyId: 'NPU', place: 'ПП «Ягодин»',
      takenTo: 'Ковельський РВП', proceedingId: proceeding.id,
    });
    await call('results.addProtocol', {
      operationId: opId, number: '0123/20500/26', drawnOn: '2026-12-05', drawnByAgencyId: 'DMS', article: 'ст. 483 МК України',
      seizureId: seizure.id,
    });
    const r = operationResultsOf(tc.ctx.db, opId);
    expect([r.seizures.length, r.evidence.length, r.custody.length, r.detentions.length, r.protocols.length]).toEqual([1, 1, 2, 1, 1]);
    expect(listSeizureFacts(tc.ctx.db)).toEqual([{ operationId: opId, category: 'tobacco', estimatedValue: 1250000, currency: 'UAH', seizedAt: '2026-12-05T11:00:00.000Z', seizedByAgencyId: 'NPU' }]);
    const { actions } = auditFacets(tc.ctx.db);
    for (const a of ['results.addSeizure', 'results.addEvidence', 'results.recordCustody', 'results.addDetention', 'results.addProtocol']) {
      expect(actions).toContain(a);
    }
    // A seizure of another operation's consignment is refused by field.
    const other = operation('active');
    const c = await call<{ id: string }>('results.addConsignment', { operationId: other.opId, commodity: 'x' });
    const wrong = await refusal('results.addSeizure', {
      operationId: opId, category: 'goods', description: 'x', seizedAt: '2026-12-05T11:00:00Z', seizedByAgencyId: 'NPU', consignmentId: c.id,
    });
    expect(wrong.issues).toEqual([{ path: ['consignmentId'], message: 'v.invalid' }]);
  });
});

describe('live execution and completion', () => {
  it('records actual start and finish with who and when, logs entries, computes plan against actual', async () => {
    const { opId, taskIds } = operation('active');
    now = new Date('2026-12-05T08:20:00Z');
    await call('execution.recordStart', { taskId: taskIds[0] });
    now = new Date('2026-12-05T09:10:00Z');
    const fin = await call<{ startedAt: string; finishedAt: string; finishRecordedBy: string }>('execution.recordFinish', { taskId: taskIds[0], at: '2026-12-05T09:05:00Z' });
    expect(fin).toMatchObject({ startedAt: '2026-12-05T08:20:00.000Z', finishedAt: '2026-12-05T09:05:00.000Z' });
    expect(fin.finishRecordedBy).not.toBe('');
    await call('execution.recordStart', { taskId: taskIds[1], at: '2026-12-05T10:00:00Z' });
    await call('execution.addLogEntry', { operationId: opId, unit: 'Група спостереження', entry: 'Вантажівка пройшла ПП', at: '2026-12-05T09:30:00Z' });
    const ex = await call<{ log: { entry: string; agencyId: string }[]; planVsActual: { tasks: { taskId: string; state: string; startSlipMinutes: number | null }[]; late: number } }>('execution.get', { operationId: opId });
    expect(ex.log).toMatchObject([{ entry: 'Вантажівка пройшла ПП', agencyId: tc.ctx.agencyId }]);
    expect(ex.planVsActual.tasks.map((t) => [t.state, t.startSlipMinutes])).toEqual([['finished', 20], ['running', 0], ['not_started', null]]);
    expect(ex.planVsActual.late).toBe(1);
    const tasks = await call<{ id: string; status: string }[]>('tasks.listByOperation', { operationId: opId });
    expect(new Map(tasks.map((t) => [t.id, t.status])).get(taskIds[0]!)).toBe('done');

    // A finish before the start is refused by field; a planned operation records no execution.
    const early = await refusal('execution.recordFinish', { taskId: taskIds[1], at: '2026-12-05T09:00:00Z' });
    expect(early.issues).toEqual([{ path: ['at'], message: 'v.endBeforeStart' }]);
    const planned = operation('planned');
    expect((await refusal('execution.recordStart', { taskId: planned.taskIds[0] })).code).toBe('invalid_transition');
  });

  it('completing with open tasks needs a reason, kept with the outcome; a completed operation changes only its results and lessons', async () => {
    const { opId, taskIds } = operation('active');
    const refused = await refusal('operations.changeStatus', { id: opId, to: 'completed' });
    expect(refused.issues).toEqual([{ path: ['reason'], message: 'v.completeReasonRequired' }]);
    await call('operations.changeStatus', { id: opId, to: 'completed', reason: 'Третє завдання не знадобилося: вантаж затримано раніше' });
    expect(operationResultsOf(tc.ctx.db, opId).outcome).toMatchObject({ completionReason: 'Третє завдання не знадобилося: вантаж затримано раніше' });

    expect(() => updateOperation(tc.ctx, opId, { area: 'інше' })).toThrow(expect.objectContaining({ code: 'operation_completed' }));
    expect(() => updateTask(tc.ctx, { id: taskIds[0]!, patch: { title: 'x' } })).toThrow(expect.objectContaining({ code: 'operation_completed' }));
    for (const [method, input] of [
      ['results.addConsignment', { operationId: opId, commodity: 'x' }],
      ['execution.addLogEntry', { operationId: opId, entry: 'пізно' }],
      ['execution.recordStart', { taskId: taskIds[2] }],
      ['tasks.remove', { id: taskIds[2] }],
      ['operations.addPhase', { operationId: opId, name: 'Ф', startsAt: '2026-12-05T06:00:00Z', endsAt: '2026-12-05T07:00:00Z' }],
      ['legal.addProceeding', { operationId: opId, erdrNumber: '12026000000000124', registeredOn: '2026-12-05', qualification: 'ст. 305', investigatingAgencyId: 'NPU' }],
    ] as const) {
      expect((await refusal(method, input)).code, method).toBe('operation_completed');
    }
    // Results and lessons still go in, and a proceeding opened from the results.
    await call('results.addSeizure', { operationId: opId, category: 'fuel', description: 'Пальне', seizedAt: '2026-12-05T15:00:00Z', seizedByAgencyId: 'DMS', estimatedValue: 80000 });
    await call('results.setOutcome', { operationId: opId, outcome: 'partial', lessons: 'Раніше залучати кінолога' });
    await call('legal.addProceeding', { operationId: opId, erdrNumber: '12026000000000125', registeredOn: '2026-12-06', qualification: 'ч. 1 ст. 204 КК України', investigatingAgencyId: 'NPU', result: 'opened' });
    expect(listOutcomeFacts(tc.ctx.db)).toEqual([{ operationId: opId, outcome: 'partial', detentions: 0, protocols: 0, proceedingsOpened: 1 }]);
  });
});
