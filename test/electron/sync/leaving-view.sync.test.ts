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
import { TaskDraft } from '../../../shared/domain/task.js';
import { getPerson } from '../../../electron/db/repos/directory.repo.js';
import { getTask } from '../../../electron/db/repos/tasks.repo.js';
import { createPerson, updatePerson } from '../../../electron/services/directory.js';
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
    expect(told.leftView).toEqual({ tasks: 1, records: 0 });
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
