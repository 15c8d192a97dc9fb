/**
 * A subject's last known place (issue 18) travels with the operation's subjects between units,
 * both ways, like the rest of that shared section: the bundle's validation takes it, the
 * participant holds it, and the participant's later sighting reaches the lead.
 */
import { describe, expect, it } from 'vitest';
import { getOperation } from '../../../electron/db/repos/operations.repo.js';
import { updateOperation } from '../../../electron/services/operations.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { Subject } from '../../../shared/domain/subject.js';
import { newOperation, send, syncFixtures, trustAll } from './sync-helpers.js';

const fx = syncFixtures();

describe('last known places in sync', () => {
  it('a participant receives a person\'s last known place and sends back a newer one', async () => {
    const police = await fx.unit('NPU');
    const customs = await fx.unit('DMS');
    trustAll([police, customs]);
    const dir = fx.dir();
    const op = newOperation(police.ctx, { participatingAgencyIds: ['DMS'] });
    const seen = { point: { lat: 51.187312, lon: 24.700419 }, at: '2026-12-08T12:30:00.000Z', source: 'Патруль НПУ' };
    updateOperation(police.ctx, op.id, { subjects: [Subject.parse({ kind: 'person', fullName: 'Гнатюк Остап Ігорович', lastSeen: seen })] });

    const done = await importBundle(customs.ctx, { path: (await send(police, [customs], dir)).file });
    expect(done.quarantinedCount).toBe(0);
    expect(getOperation(customs.ctx.db, op.id)!.subjects).toEqual([expect.objectContaining({ fullName: 'Гнатюк Остап Ігорович', lastSeen: seen })]);

    const later = { point: { lat: 51.1826, lon: 23.8089 }, at: '2026-12-08T16:05:00.000Z', source: 'Камера пункту пропуску' };
    updateOperation(customs.ctx, op.id, { subjects: [Subject.parse({ kind: 'person', fullName: 'Гнатюк Остап Ігорович', lastSeen: later })] });
    const back = await importBundle(police.ctx, { path: (await send(customs, [police], dir)).file });
    expect(back.quarantinedCount).toBe(0);
    expect(getOperation(police.ctx.db, op.id)!.subjects).toEqual([expect.objectContaining({ lastSeen: later })]);
  });
});
