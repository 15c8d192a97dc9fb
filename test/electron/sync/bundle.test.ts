import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { updateOperation } from '../../../electron/services/operations.js';
import { listPeers } from '../../../electron/sync/identity.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { dumpSyncedTables, newOperation, openUnit, send, trustAll, withIdentity, type Unit } from './sync-helpers.js';

const units: Unit[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const u of units.splice(0)) u.cleanup();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
async function unit(agency: string) {
  const u = await withIdentity(openUnit(agency));
  units.push(u);
  return u;
}
function dir() {
  const d = tempDataDir('spilno-bundles-');
  dirs.push(d);
  return d;
}

describe('bundles', () => {
  it('export → import brings the peer to the same synced tables and advances acknowledgements', async () => {
    const a = await unit('NPU');
    const b = await unit('DMS');
    trustAll([a, b]);
    const op = newOperation(a.ctx);
    const d = dir();
    const sent = await send(a, [b], d);
    expect(sent.changeCount).toBeGreaterThan(10);
    expect(fs.readFileSync(sent.file).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    const preview = await importBundle(b.ctx, { path: sent.file, dryRun: true });
    expect(preview.perOperation.find((p) => p.operationId === op.id)?.changes).toBeGreaterThan(0);
    expect(dumpSyncedTables(b.ctx)).not.toBe(dumpSyncedTables(a.ctx)); // dry run wrote nothing
    const done = await importBundle(b.ctx, { path: sent.file });
    expect(done.quarantined).toEqual([]);
    expect(dumpSyncedTables(b.ctx)).toBe(dumpSyncedTables(a.ctx));

    // b answers (its acknowledgement travels back); a's next bundle then carries only new changes.
    updateOperation(b.ctx, op.id, { area: 'Одеса' });
    await importBundle(a.ctx, { path: (await send(b, [a], d)).file });
    expect(listPeers(a.ctx).find((p) => p.siteId === b.ctx.siteId)!.ackedSeq).toBeGreaterThan(0);
    updateOperation(a.ctx, op.id, { objectives: 'Встановити канал' });
    const next = await send(a, [b], d);
    expect(next.changeCount).toBe(1);
    await importBundle(b.ctx, { path: next.file });
    expect(dumpSyncedTables(b.ctx)).toBe(dumpSyncedTables(a.ctx));
    const full = await send(a, [b], d, { full: true });
    expect(full.changeCount).toBeGreaterThan(next.changeCount);
    await expect(send(a, [], d)).rejects.toThrow(/at least one recipient/);
  });
});
