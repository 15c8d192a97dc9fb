/**
 * Two bundles imported into one unit at the same moment (two windows, the inbox folder and a
 * click): each stages its lines while it decrypts, so they must run one after the other. The unit
 * ends exactly as if it had imported them in turn.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTask } from '../../../electron/services/tasks.js';
import { importBundle } from '../../../electron/sync/bundle.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { dumpSyncedTables, newOperation, openUnit, send, trustAll, withIdentity, type Unit } from './sync-helpers.js';

const units: Unit[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const u of units.splice(0)) u.cleanup();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function unit(agency: string): Promise<Unit> {
  const u = await withIdentity(openUnit(agency));
  units.push(u);
  return u;
}

function plan(u: Unit, agency: string, participants: string[], tasks: number): void {
  const op = newOperation(u.ctx, { leadAgencyId: agency, participatingAgencyIds: participants });
  for (let i = 0; i < tasks; i++) {
    createTask(u.ctx, TaskDraft.parse({
      operationId: op.id, title: `Пост ${i}`, type: 'escort', accountableAgencyId: agency,
      startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
    }));
  }
}

describe('concurrent bundle imports', () => {
  it('run one after the other and leave the unit as imports in turn would', async () => {
    const [npu, dpsu, dms, twin] = [await unit('NPU'), await unit('DPSU'), await unit('DMS'), await unit('DMS')];
    trustAll([npu, dpsu, dms, twin]);
    // Big enough that each import stages several chunks and awaits between them.
    plan(npu, 'NPU', ['DMS', 'DPSU'], 300);
    plan(dpsu, 'DPSU', ['DMS', 'NPU'], 300);
    const dir = tempDataDir('spilno-concurrent-');
    dirs.push(dir);
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
