/**
 * The quarantine keeps each refused or held change once, by its identity, and a change held for
 * a row not known yet applies by itself when that row arrives — in the same import, with no
 * planner's action. Real SQLite files; changes taken from another unit's record.
 */
import { describe, expect, it } from 'vitest';
import { PersonDraft } from '../../../shared/domain/directory.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import type { ChangeRecord } from '../../../shared/sync/change.js';
import { listChangesAfter } from '../../../electron/db/repos/change-log.repo.js';
import { transact, type ServiceContext } from '../../../electron/services/context.js';
import { createPerson } from '../../../electron/services/directory.js';
import { createTask } from '../../../electron/services/tasks.js';
import { applyIncoming } from '../../../electron/sync/apply.js';
import { listQuarantine } from '../../../electron/sync/service.js';
import { newOperation, syncFixtures } from './sync-helpers.js';

const fx = syncFixtures();

function deliver(to: ServiceContext, from: ServiceContext, changes: ChangeRecord[], bundleId: string) {
  return transact(to, () => applyIncoming(to, changes, {
    bundleId, senderSiteId: from.siteId, authority: { senderAgencyId: from.agencyId, agencyOfSite: () => null },
  }));
}

describe('quarantine', () => {
  it('an assignment that arrives before its task is held, then applies by itself when the task arrives', async () => {
    const npu = await fx.unit('NPU');
    const dms = await fx.unit('DMS');
    const op = newOperation(npu.ctx);
    const officer = createPerson(npu.ctx, PersonDraft.parse({ agencyId: 'NPU', fullName: 'Бондар Сергій Васильович' }));
    const task = createTask(npu.ctx, TaskDraft.parse({
      operationId: op.id, title: 'Супровід', type: 'escort', accountableAgencyId: 'DMS', personIds: [officer.id],
      startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
    }));
    const all = listChangesAfter(npu.ctx.db, 0, 1_000_000).map(({ seq: _s, ...c }) => c);
    const first = all.filter((c) => c.entity !== 'task');
    const assignment = first.filter((c) => c.entity === 'task_person');
    expect(assignment.length).toBeGreaterThan(0);

    const r1 = deliver(dms.ctx, npu.ctx, first, 'b1');
    expect(r1.quarantinedCount).toBe(assignment.length);
    expect(r1.quarantined.every((q) => q.waiting)).toBe(true);
    const held = listQuarantine(dms.ctx, 10);
    expect(held).toMatchObject([{ entity: 'task_person', waiting: true, reasonKey: 'quarantine.waiting', reasonParams: { entity: 'task' } }]);
    // Brought again: kept once, not counted again.
    const again = deliver(dms.ctx, npu.ctx, first, 'b2');
    expect(again.quarantinedCount).toBe(0);
    expect(dms.ctx.db.prepare('SELECT count(*) FROM sync_quarantine').pluck().get()).toBe(assignment.length);

    const r2 = deliver(dms.ctx, npu.ctx, all.filter((c) => c.entity === 'task'), 'b3');
    expect(r2.released).toBe(assignment.length);
    expect(r2.pendingRows).toBe(0);
    expect(dms.ctx.db.prepare('SELECT count(*) FROM sync_quarantine').pluck().get()).toBe(0);
    expect(dms.ctx.db.prepare('SELECT person_id FROM task_people WHERE task_id = ? AND deleted = 0').pluck().all(task.id)).toEqual([officer.id]);
  });

  it('a refused change is kept once however often it is brought, named from its own fields', async () => {
    const npu = await fx.unit('NPU');
    const dms = await fx.unit('DMS');
    newOperation(npu.ctx, { participatingAgencyIds: ['DMS'] });
    const all = listChangesAfter(npu.ctx.db, 0, 1_000_000).map(({ seq: _s, ...c }) => c);
    // Claimed by a site of an agency that neither leads nor takes part.
    const asSbu = (bundleId: string) => transact(dms.ctx, () => applyIncoming(dms.ctx, all, {
      bundleId, senderSiteId: npu.ctx.siteId, authority: { senderAgencyId: 'NPU', agencyOfSite: () => 'SBU' },
    }));
    expect(asSbu('b1').quarantinedCount).toBe(all.length);
    expect(asSbu('b2').quarantinedCount).toBe(0);
    expect(dms.ctx.db.prepare('SELECT count(*) AS n, min(seen) AS seen FROM sync_quarantine').get()).toEqual({ n: all.length, seen: 2 });
    const op = listQuarantine(dms.ctx, 10).find((q) => q.entity === 'operation')!;
    expect(op).toMatchObject({
      name: 'ГРАНІТ', waiting: false, seen: 2, reasonKey: 'rights.notParticipant', reasonParams: { agency: 'SBU' },
      sender: { siteId: npu.ctx.siteId, unitName: null },
    });
    expect(op.fields).toContain('codeName');
  });
});
