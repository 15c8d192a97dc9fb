/**
 * A task that leaves a participating agency's view leaves its units' stores (issue 13: "each
 * participant ends with exactly its view"). Customs leads; police and the security service take
 * part. A task nobody is accountable for is the security service's to see until customs hands it
 * to police, or until the security service's officer is taken off police's task. Before, the
 * security service kept its copy as it was when the task left and every later edit passed it
 * by: the units diverged for good (found by rights.prop.test.ts). Real SQLite files, real bundles.
 */
import { describe, expect, it } from 'vitest';
import { PersonDraft } from '../../../shared/domain/directory.js';
import { ExchangeDraft } from '../../../shared/domain/exchange.js';
import { PhaseDraft } from '../../../shared/domain/operation.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { ENTITIES } from '../../../electron/db/entities.js';
import { getPerson } from '../../../electron/db/repos/directory.repo.js';
import { getTask } from '../../../electron/db/repos/tasks.repo.js';
import { createPerson, updatePerson } from '../../../electron/services/directory.js';
import { createExchange } from '../../../electron/services/exchange.js';
import { exportIcs, listExports } from '../../../electron/services/exports.js';
import { IcsRequest } from '../../../shared/api/exports.js';
import { addOperationNote, addPhase, updateOperation } from '../../../electron/services/operations.js';
import { createTask, updateTask } from '../../../electron/services/tasks.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { newOperation, send, syncFixtures, trustAll, type Unit } from './sync-helpers.js';

const fx = syncFixtures();

async function world() {
  const dms = await fx.unit('DMS', 'Митниця');
  const npu = await fx.unit('NPU', 'Поліція');
  const sbu = await fx.unit('SBU', 'СБУ');
  trustAll([dms, npu, sbu]);
  const dir = fx.dir();
  const op = newOperation(dms.ctx, { leadAgencyId: 'DMS', participatingAgencyIds: ['NPU', 'SBU'] });
  /** Everyone takes in what everyone else has, twice over (relays included). */
  const exchange = async () => {
    for (let round = 0; round < 2; round++) {
      for (const to of [dms, npu, sbu]) {
        for (const from of [dms, npu, sbu]) {
          if (from === to) continue;
          const r = await importBundle(to.ctx, { path: (await send(from, [to], dir)).file });
          expect(r.quarantined, `${from.agencyId} → ${to.agencyId}`).toEqual([]);
        }
      }
    }
    for (const u of [dms, npu, sbu]) {
      expect(u.ctx.db.prepare('SELECT count(*) FROM sync_quarantine').pluck().get(), u.agencyId).toBe(0);
      expect(u.ctx.db.prepare('SELECT entity, row_id FROM sync_pending').all(), u.agencyId).toEqual([]);
    }
  };
  const task = (u: Unit, over: Record<string, unknown> = {}) => createTask(u.ctx, TaskDraft.parse({
    operationId: op.id, title: 'Супровід вантажу', type: 'escort', accountableAgencyId: null,
    startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z', ...over,
  }));
  return { dms, npu, sbu, op, exchange, task };
}

describe('a task that leaves an agency\'s view', () => {
  it('handed to another agency: leaves the participant\'s store, later edits stay away, and it comes back whole', async () => {
    const { dms, npu, sbu, exchange, task } = await world();
    const t = task(dms);
    await exchange();
    expect(getTask(sbu.ctx.db, t.id)?.title).toBe('Супровід вантажу');

    updateTask(dms.ctx, { id: t.id, patch: { accountableAgencyId: 'NPU' } });
    // The import says what left: the planner is told why the task is gone.
    const told = await importBundle(sbu.ctx, { path: (await send(dms, [sbu], fx.dir())).file });
    expect(told.leftView).toEqual({ operations: 0, tasks: 1, records: 0 });
    expect(getTask(sbu.ctx.db, t.id)).toBeNull();
    await exchange();
    expect(getTask(npu.ctx.db, t.id)?.accountableAgencyId).toBe('NPU');
    expect(getTask(sbu.ctx.db, t.id)).toBeNull();

    updateTask(npu.ctx, { id: t.id, patch: { title: 'Супровід вантажу до складу' } });
    await exchange();
    expect(getTask(sbu.ctx.db, t.id)).toBeNull();
    expect(sbu.ctx.db.prepare("SELECT count(*) FROM change_log WHERE row_id = ? AND field = 'title'").pluck().get(t.id)).toBe(1);

    // Back to nobody's: the security service sees it again, as it is now.
    updateTask(dms.ctx, { id: t.id, patch: { accountableAgencyId: null } });
    await exchange();
    expect(getTask(sbu.ctx.db, t.id)).toMatchObject({ title: 'Супровід вантажу до складу', accountableAgencyId: null });
  });

  it('its officer taken off police\'s task: the task and the records that came with it leave', async () => {
    const { dms, npu, sbu, exchange, task } = await world();
    await exchange();
    // Police records the officers it plans with, its own and the security service's.
    const police = createPerson(npu.ctx, PersonDraft.parse({ agencyId: 'NPU', fullName: 'Слідчий Бондар', phone: '+380672223344' }));
    const officer = createPerson(npu.ctx, PersonDraft.parse({ agencyId: 'SBU', fullName: 'Оперуповноважений Коваль', phone: '+380501112233' }));
    const t = task(npu, { accountableAgencyId: 'NPU', personIds: [police.id] });
    await exchange();
    expect(getTask(sbu.ctx.db, t.id)).toBeNull();
    expect(getPerson(sbu.ctx.db, police.id)).toBeNull();

    updateTask(npu.ctx, { id: t.id, patch: { personIds: [police.id, officer.id] } });
    await exchange();
    expect(getTask(sbu.ctx.db, t.id)?.personIds.sort()).toEqual([police.id, officer.id].sort());
    expect(getPerson(sbu.ctx.db, police.id)?.phone).toBe('+380672223344');

    // Customs takes the security service's officer off.
    updateTask(dms.ctx, { id: t.id, patch: { personIds: [police.id] } });
    await exchange();
    expect(getTask(sbu.ctx.db, t.id)).toBeNull();
    expect(getPerson(sbu.ctx.db, police.id)).toBeNull();
    expect(getPerson(sbu.ctx.db, officer.id)).toBeNull();
    expect(sbu.ctx.db.prepare("SELECT count(*) FROM task_people WHERE task_id = ?").pluck().get(t.id)).toBe(0);
    // Police changes its officer's phone: it reaches customs, not the security service.
    updatePerson(npu.ctx, { ...getPerson(npu.ctx.db, police.id)!, phone: '+380679998877' });
    await exchange();
    expect(getPerson(sbu.ctx.db, police.id)).toBeNull();
    expect(getPerson(dms.ctx.db, police.id)?.phone).toBe('+380679998877');
  });

  it('a record the participant keeps itself stays when the task it was on leaves', async () => {
    const { dms, npu, sbu, exchange, task } = await world();
    const own = createPerson(sbu.ctx, PersonDraft.parse({ agencyId: 'SBU', fullName: 'Оперуповноважений Коваль', phone: '+380501112233' }));
    const t = task(dms);
    await exchange();
    // Nobody is accountable yet: the security service puts its officer on the task.
    updateTask(sbu.ctx, { id: t.id, patch: { personIds: [own.id] } });
    await exchange();
    updateTask(dms.ctx, { id: t.id, patch: { accountableAgencyId: 'NPU' } });
    await exchange();
    expect(getTask(sbu.ctx.db, t.id)).toMatchObject({ accountableAgencyId: 'NPU', personIds: [own.id] });
    expect(getTask(npu.ctx.db, t.id)?.personIds).toEqual([own.id]);

    updateTask(dms.ctx, { id: t.id, patch: { personIds: [] } });
    await exchange();
    expect(getTask(sbu.ctx.db, t.id)).toBeNull();
    expect(getPerson(sbu.ctx.db, own.id)?.fullName).toBe('Оперуповноважений Коваль');
    expect(getTask(npu.ctx.db, t.id)?.personIds).toEqual([]);
  });

  it('an assignment made while nobody was accountable is accepted where the hand-over arrived first', async () => {
    const { dms, npu, sbu, op, task } = await world();
    const dir = fx.dir();
    const pass = async (from: Unit, to: Unit) => importBundle(to.ctx, { path: (await send(from, [to], dir)).file });
    const own = createPerson(sbu.ctx, PersonDraft.parse({ agencyId: 'SBU', fullName: 'Оперуповноважений Коваль', phone: '+380501112233' }));
    const t = task(dms);
    for (const u of [npu, sbu]) await pass(dms, u);
    // Offline, the security service puts its officer on the task while it is nobody's; customs
    // meanwhile hands the task to police, and police hears of that first.
    updateTask(sbu.ctx, { id: t.id, patch: { personIds: [own.id] } });
    updateTask(dms.ctx, { id: t.id, patch: { accountableAgencyId: 'NPU' } });
    await pass(dms, npu);
    const late = await pass(sbu, npu);
    expect(late.quarantined).toEqual([]);
    expect(getTask(npu.ctx.db, t.id)).toMatchObject({ accountableAgencyId: 'NPU', personIds: [own.id] });
    expect(op.id).toBe(getTask(npu.ctx.db, t.id)?.operationId);
  });
});

/** Every row a unit holds of an operation (the tables the entity registry ties to one, and the
 *  assignments of its tasks), in key order, without the locally kept touch column. */
function operationRows(u: Unit, operationId: string): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const def of Object.values(ENTITIES)) {
    const rows = def.operationColumn !== null
      ? u.ctx.db.prepare(`SELECT * FROM ${def.table} WHERE ${def.operationColumn} = ? ORDER BY ${def.key.join(', ')}`).all(operationId)
      : def.table === 'task_people' || def.table === 'task_resources'
        ? u.ctx.db.prepare(`SELECT * FROM ${def.table} WHERE task_id IN (SELECT id FROM tasks WHERE operation_id = ?) ORDER BY ${def.key.join(', ')}`).all(operationId)
        : [];
    out[def.table] = (rows as Record<string, unknown>[]).map((r) => {
      const copy = { ...r };
      if (def.touchColumn) delete copy[def.touchColumn];
      return copy;
    });
  }
  return out;
}

const heldRows = (rows: Record<string, unknown[]>) => Object.values(rows).reduce((n, r) => n + r.length, 0);

describe('an agency taken off an operation', () => {
  it('its units drop the operation and every row of it; the others keep theirs; added back, it returns whole', async () => {
    const dms = await fx.unit('DMS', 'Митниця');
    const npu = await fx.unit('NPU', 'Поліція');
    const dpsu = await fx.unit('DPSU', 'Прикордонна застава');
    const units = [dms, npu, dpsu];
    trustAll(units);
    const exchange = async () => {
      for (let round = 0; round < 2; round++) {
        for (const to of units) {
          for (const from of units) {
            if (from === to) continue;
            const r = await importBundle(to.ctx, { path: (await send(from, [to], fx.dir())).file });
            expect(r.quarantined, `${from.agencyId} → ${to.agencyId}`).toEqual([]);
          }
        }
      }
      for (const u of units) {
        expect(u.ctx.db.prepare('SELECT count(*) FROM sync_quarantine').pluck().get(), u.agencyId).toBe(0);
        expect(u.ctx.db.prepare('SELECT entity, row_id FROM sync_pending').all(), u.agencyId).toEqual([]);
      }
    };
    const op = newOperation(dms.ctx, { leadAgencyId: 'DMS', participatingAgencyIds: ['NPU', 'DPSU'] });
    const phase = addPhase(dms.ctx, PhaseDraft.parse({
      operationId: op.id, name: 'Перехоплення', startsAt: '2026-12-05T07:00:00Z', endsAt: '2026-12-05T12:00:00Z',
    }));
    const t = createTask(dms.ctx, TaskDraft.parse({
      operationId: op.id, phaseId: phase.id, title: 'Огляд на пункті пропуску', type: 'escort', accountableAgencyId: null,
      startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
    }));
    dms.ctx.db.transaction(() => addOperationNote(dms.ctx, op.id, 'Вантаж прибуває о 08:00'))();
    createExchange(dms.ctx, ExchangeDraft.parse({
      kind: 'art558_information', fromAgencyId: 'DMS', toAgencyId: 'DPSU', subject: 'Відомості про вантаж',
      legalBasis: 'ст. 558 МКУ', operationId: op.id, handlingCode: 'H1',
    }));
    // The border guard puts its own officer on the task, police theirs.
    const guard = createPerson(dpsu.ctx, PersonDraft.parse({ agencyId: 'DPSU', fullName: 'Старший лейтенант Гнатюк', phone: '+380631234567' }));
    const police = createPerson(npu.ctx, PersonDraft.parse({ agencyId: 'NPU', fullName: 'Слідчий Бондар', phone: '+380672223344' }));
    await exchange();
    updateTask(dpsu.ctx, { id: t.id, patch: { personIds: [guard.id] } });
    await exchange();
    updateTask(npu.ctx, { id: t.id, patch: { personIds: [guard.id, police.id] } });
    await exchange();
    const before = operationRows(dpsu, op.id);
    expect(before.operations).toHaveLength(1);
    expect(before.tasks).toHaveLength(1);
    expect(before.task_people).toHaveLength(2);
    expect(before.phases).toHaveLength(1);
    expect(before.operation_notes).toHaveLength(1);
    expect(before.exchange_entries).toHaveLength(1);
    expect(getPerson(dpsu.ctx.db, police.id)?.phone).toBe('+380672223344');

    // Customs takes the border guard off the operation and goes on planning.
    updateOperation(dms.ctx, op.id, { participatingAgencyIds: ['NPU'] });
    updateTask(dms.ctx, { id: t.id, patch: { title: 'Огляд на митному терміналі' } });
    const later = createTask(dms.ctx, TaskDraft.parse({
      operationId: op.id, phaseId: phase.id, title: 'Затримання вантажу', type: 'escort', accountableAgencyId: null,
      startsAt: '2026-12-05T10:00:00Z', endsAt: '2026-12-05T11:00:00Z',
    }));
    const told = await importBundle(dpsu.ctx, { path: (await send(dms, [dpsu], fx.dir())).file });
    expect(told.quarantined).toEqual([]);
    expect(told.leftView).toEqual({ operations: 1, tasks: 0, records: 1 });
    expect(heldRows(operationRows(dpsu, op.id))).toBe(0);
    // Police's officer came with the task and goes with it; the border guard's own stays.
    expect(getPerson(dpsu.ctx.db, police.id)).toBeNull();
    expect(getPerson(dpsu.ctx.db, guard.id)?.fullName).toBe('Старший лейтенант Гнатюк');

    await exchange();
    expect(heldRows(operationRows(dpsu, op.id))).toBe(0);
    expect(getTask(dpsu.ctx.db, later.id)).toBeNull();
    expect(getTask(npu.ctx.db, later.id)?.title).toBe('Затримання вантажу');
    expect(JSON.stringify(operationRows(npu, op.id))).toBe(JSON.stringify(operationRows(dms, op.id)));
    // The record of what the border guard saw stays: the operation can come back from it.
    expect(dpsu.ctx.db.prepare('SELECT count(*) FROM change_log WHERE operation_id = ?').pluck().get(op.id)).toBeGreaterThan(0);

    // Added back: the operation returns as it is now, edits made meanwhile included.
    updateTask(npu.ctx, { id: later.id, patch: { title: 'Затримання вантажу на терміналі' } });
    updateOperation(dms.ctx, op.id, { participatingAgencyIds: ['NPU', 'DPSU'] });
    await exchange();
    expect(getTask(dpsu.ctx.db, t.id)?.title).toBe('Огляд на митному терміналі');
    expect(getTask(dpsu.ctx.db, later.id)?.title).toBe('Затримання вантажу на терміналі');
    expect(JSON.stringify(operationRows(dpsu, op.id))).toBe(JSON.stringify(operationRows(npu, op.id)));
    expect(JSON.stringify(operationRows(dpsu, op.id))).toBe(JSON.stringify(operationRows(dms, op.id)));
    expect(getPerson(dpsu.ctx.db, police.id)?.phone).toBe('+380672223344');
  });

  it('a unit that exported the operation keeps its row alone, for the record of who received what', async () => {
    const dms = await fx.unit('DMS', 'Митниця');
    const dpsu = await fx.unit('DPSU', 'Прикордонна застава');
    trustAll([dms, dpsu]);
    const pass = async (from: Unit, to: Unit) => importBundle(to.ctx, { path: (await send(from, [to], fx.dir())).file });
    const op = newOperation(dms.ctx, { leadAgencyId: 'DMS', participatingAgencyIds: ['DPSU'] });
    const t = createTask(dms.ctx, TaskDraft.parse({
      operationId: op.id, title: 'Огляд на пункті пропуску', type: 'escort', accountableAgencyId: null,
      startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
    }));
    await pass(dms, dpsu);
    exportIcs(dpsu.ctx, IcsRequest.parse({ operationId: op.id }));
    await pass(dpsu, dms);

    updateOperation(dms.ctx, op.id, { participatingAgencyIds: [] });
    const told = await pass(dms, dpsu);
    expect(told.leftView.operations).toBe(1);
    const rows = operationRows(dpsu, op.id);
    expect(rows.operations).toHaveLength(1);
    expect(heldRows(rows)).toBe(1);
    expect(listExports(dpsu.ctx, op.id, 10)).toHaveLength(1);
    // Nothing more leaves the next time: the count says what went.
    updateTask(dms.ctx, { id: t.id, patch: { title: 'Огляд на митному терміналі' } });
    expect((await pass(dms, dpsu)).leftView.operations).toBe(0);

    updateOperation(dms.ctx, op.id, { participatingAgencyIds: ['DPSU'] });
    await pass(dms, dpsu);
    expect(getTask(dpsu.ctx.db, t.id)?.title).toBe('Огляд на митному терміналі');
    expect(dpsu.ctx.db.prepare('SELECT agency_id FROM operation_agencies WHERE operation_id = ? AND deleted = 0').pluck().all(op.id)).toEqual(['DPSU']);
  });
});
