/** A bundle import deconflicts the operations it brought against ours, in its own transaction:
 *  the alert is there as soon as the import commits, a preview records none, and an alert
 *  that stops matching after a later import is marked cleared, never deleted. */
import { describe, expect, it } from 'vitest';
import { listAlerts } from '../../../electron/db/repos/conflicts.repo.js';
import { acknowledgeAlert } from '../../../electron/services/conflicts.js';
import { updateOperation } from '../../../electron/services/operations.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { OperationPatchFields } from '../../../shared/domain/operation.js';
import { newOperation, send, syncFixtures, trustAll } from './sync-helpers.js';

const fx = syncFixtures();

async function setup() {
  const us = await Promise.all(['NPU', 'DMS'].map((ag) => fx.unit(ag)));
  trustAll(us);
  const dir = fx.dir('spilno-import-deconfl-');
  return { npu: us[0]!, dms: us[1]!, dir };
}

describe('deconfliction on import', () => {
  it('alerts on a received operation sharing a plate with ours, as the import commits', async () => {
    const { npu, dms, dir } = await setup();
    const ours = newOperation(dms.ctx, {
      codeName: 'ЛЕВ', leadAgencyId: 'DMS', participatingAgencyIds: [], subjects: [{ kind: 'vehicle', plate: 'АС 4412 ВК' }],
    });
    const theirs = newOperation(npu.ctx, {
      codeName: 'СОКІЛ', subjects: [{ kind: 'vehicle', plate: 'AC4412BK' }],
      startsAt: '2027-03-01T06:00:00Z', endsAt: '2027-03-01T18:00:00Z',
    });
    const file = (await send(npu, [dms], dir)).file;

    await importBundle(dms.ctx, { path: file, dryRun: true });
    expect(listAlerts(dms.ctx.db, null)).toEqual([]);

    await importBundle(dms.ctx, { path: file });
    const alerts = listAlerts(dms.ctx.db, null);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'subject', match_key: 'plate:AC4412BK', cleared_at: null, acknowledged_at: null });
    expect([alerts[0]!.operation_a, alerts[0]!.operation_b].sort()).toEqual([ours.id, theirs.id].sort());

    // Acknowledged here; then the other unit drops the plate: cleared, still listed with its note.
    acknowledgeAlert(dms.ctx, { key: alerts[0]!.key, by: 'Черговий', note: 'Узгоджено з ГУНП' });
    updateOperation(npu.ctx, theirs.id, OperationPatchFields.parse({ subjects: [] }));
    await importBundle(dms.ctx, { path: (await send(npu, [dms], dir)).file });
    const after = listAlerts(dms.ctx.db, null);
    expect(after).toHaveLength(1);
    expect(after[0]!.cleared_at).not.toBeNull();
    expect(after[0]!.ack_note).toBe('Узгоджено з ГУНП');
  });

  it('a bundle whose operations match nothing of ours raises no alert', async () => {
    const { npu, dms, dir } = await setup();
    newOperation(dms.ctx, { leadAgencyId: 'DMS', participatingAgencyIds: [], subjects: [{ kind: 'vehicle', plate: 'АА 0001 АА' }] });
    newOperation(npu.ctx, { subjects: [{ kind: 'vehicle', plate: 'ВС 7777 ОО' }] });
    await importBundle(dms.ctx, { path: (await send(npu, [dms], dir)).file });
    expect(listAlerts(dms.ctx.db, null)).toEqual([]);
  });
});
