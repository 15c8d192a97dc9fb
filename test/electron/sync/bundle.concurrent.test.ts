/**
 * Two bundles imported into one unit at the same moment (two windows, the inbox folder and a
 * click): each stages its lines while it decrypts, so they must run one after the other. The unit
 * ends exactly as if it had imported them in turn.
 */
import { describe, expect, it } from 'vitest';
import { createTask } from '../../../electron/services/tasks.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { dumpSyncedTables, newOperation, send, syncFixtures, trustAll, type Unit } from './sync-helpers.js';

const fx = syncFixtures();

function plan(u: Unit, agency: string, participants: string[], tasks: number): void {
  const op = newOperation(u.ctx, { leadAgencyId: agency, participatingAgencyIds: participants });
  for (let i = 0; i < tasks; i++) {
    createTask(u.ctx, TaskDraft.parse({
      operationId: op.id, title: `Пост ${i}`, type: 'escort', accountableAgencyId: null,
      startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
    }));
  }
}

describe('concurrent bundle imports', () => {
  it('run one after the other and leave the unit as imports in turn would', async () => {
    const [npu, dpsu, dms, twin] = [await fx.unit('NPU'), await fx.unit('DPSU'), await fx.unit('DMS'), await fx.unit('DMS')];
    trustAll([npu, dpsu, dms, twin]);
    // Big enough that each import stages several chunks and awaits between them.
    plan(npu, 'NPU', ['DMS', 'DPSU'], 300);
    plan(dpsu, 'DPSU', ['DMS', 'NPU'], 300);
    const dir = fx.dir('spilno-concurrent-');
    const fromNpu = (await send(npu, [dms, twin], dir)).file;
    const fromDpsu = (await send(dpsu, [dms, twin], dir)).file;

    const [a, b] = await Promise.all([importBundle(dms.ctx, { path: fromNpu }), importBundle(dms.ctx, { path: fromDpsu })]);
    expect(a.added).toBeGreaterThan(4000);
    expect(b.added).toBeGreaterThan(4000);
    expect(a.quarantinedCount + b.quarantinedCount).toBe(0);

    await importBundle(twin.ctx, { path: fromNpu });
    await importBundle(twin.ctx, { path: fromDpsu });
    expect(dumpSyncedTables(dms.ctx)).toBe(dumpSyncedTables(twin.ctx));
  });
});
