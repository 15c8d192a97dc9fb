import { afterEach, describe, expect, it } from 'vitest';
import { listChangesAfter } from '../../../electron/db/repos/change-log.repo.js';
import { MAX_EVENT_CHANGES, applyIncoming } from '../../../electron/sync/apply.js';
import { transact, type ServiceContext } from '../../../electron/services/context.js';
import { updateOperation, getOperationById } from '../../../electron/services/operations.js';
import { createTask } from '../../../electron/services/tasks.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { dumpSyncedTables, newOperation, openUnit, type Unit } from './sync-helpers.js';

const units: Unit[] = [];
afterEach(() => {
  for (const u of units.splice(0)) u.cleanup();
});
const unit = (agency: string) => {
  const u = openUnit(agency);
  units.push(u);
  return u;
};

function ship(from: ServiceContext, fromAgency: string, to: ServiceContext) {
  const changes = listChangesAfter(from.db, 0, 1_000_000).map(({ seq: _s, ...c }) => c);
  return transact(to, () => applyIncoming(to, changes, {
    bundleId: 'test', senderSiteId: from.siteId,
    authority: { senderAgencyId: fromAgency, agencyOfSite: () => null },
  }));
}

describe('apply layer', () => {
  it('materialises another unit\'s operation byte-for-byte on the synced tables', () => {
    const a = unit('NPU');
    const b = unit('DMS');
    const op = newOperation(a.ctx);
    createTask(a.ctx, TaskDraft.parse({
      operationId: op.id, title: 'Супровід', type: 'escort', accountableAgencyId: 'NPU',
      startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
    }));
    const report = ship(a.ctx, 'NPU', b.ctx);
    expect(report.quarantined).toEqual([]);
    expect(report.pendingRows).toBe(0);
    expect(getOperationById(b.ctx, op.id).codeName).toBe('ГРАНІТ');
    expect(dumpSyncedTables(b.ctx)).toBe(dumpSyncedTables(a.ctx));
    // Replaying is a no-op.
    expect(ship(a.ctx, 'NPU', b.ctx).added).toBe(0);
    expect(dumpSyncedTables(b.ctx)).toBe(dumpSyncedTables(a.ctx));
  });

  it('quarantines changes of an operation the author\'s agency does not take part in', () => {
    const a = unit('NPU');
    const b = unit('DMS');
    const op = newOperation(a.ctx, { participatingAgencyIds: [] });
    const r = ship(a.ctx, 'SBU', b.ctx);
    expect(r.added).toBe(0);
    expect(r.quarantined.length).toBeGreaterThan(0);
    expect(r.quarantined[0]!.reason).toMatch(/does not take part/);
    expect(() => getOperationById(b.ctx, op.id)).toThrow();
  });

  it('concurrent edits of a critical field open one inbox entry on both units', () => {
    const a = unit('NPU');
    const b = unit('DMS');
    const op = newOperation(a.ctx);
    ship(a.ctx, 'NPU', b.ctx);
    updateOperation(a.ctx, op.id, { startsAt: '2026-12-05T05:00:00Z' });
    updateOperation(b.ctx, op.id, { startsAt: '2026-12-05T07:00:00Z' });
    const rb = ship(a.ctx, 'NPU', b.ctx);
    const ra = ship(b.ctx, 'DMS', a.ctx);
    expect(rb.newConflicts.map((c) => c.field)).toEqual(['startsAt']);
    expect(ra.newConflicts.map((c) => c.field)).toEqual(['startsAt']);
    expect(dumpSyncedTables(a.ctx)).toBe(dumpSyncedTables(b.ctx));
  });
});

describe('apply layer refuses forgeries', () => {
  it('a different change under an identity already held, and moving a task to another operation', () => {
    const a = unit('NPU');
    const b = unit('DMS');
    const op = newOperation(a.ctx);
    const other = newOperation(a.ctx, { codeName: 'ІНША' });
    createTask(a.ctx, TaskDraft.parse({
      operationId: op.id, title: 'Супровід', type: 'escort', accountableAgencyId: 'NPU',
      startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
    }));
    ship(a.ctx, 'NPU', b.ctx);
    const held = listChangesAfter(a.ctx.db, 0, 1_000_000).find((c) => c.entity === 'task' && c.field === 'title')!;
    const { seq: _s, ...forged } = { ...held, value: JSON.stringify('Підмінено') };
    const moved = { ...forged, hlc: forged.hlc.replace(/^(\d{15})/, (m) => String(Number(m) + 1000).padStart(15, '0')), field: 'operationId', value: JSON.stringify(other.id), operationId: other.id };
    const before = dumpSyncedTables(b.ctx);
    const r = transact(b.ctx, () => applyIncoming(b.ctx, [forged, moved], {
      bundleId: 'forged', senderSiteId: a.ctx.siteId, authority: { senderAgencyId: 'NPU', agencyOfSite: () => null },
    }));
    expect(r.quarantined.map((q) => q.reason).sort()).toEqual([
      'a different change with the same identity is already held',
      'task cannot move to another operation',
    ]);
    expect(dumpSyncedTables(b.ctx)).toBe(before);
  });

  it('malformed values and unknown fields are quarantined, never applied', () => {
    const a = unit('NPU');
    const b = unit('DMS');
    const op = newOperation(a.ctx);
    ship(a.ctx, 'NPU', b.ctx);
    const base = { hlc: `${String(Date.now()).padStart(15, '0')}-000000-${a.ctx.siteId}`, siteId: a.ctx.siteId, entity: 'operation' as const, rowId: op.id, operationId: op.id };
    const r = transact(b.ctx, () => applyIncoming(b.ctx, [
      { ...base, field: 'startsAt', value: JSON.stringify('не дата') },
      { ...base, field: 'secret_column', value: '1' },
      { ...base, field: 'status', value: JSON.stringify('hacked') },
      { ...base, siteId: 'someone-else', field: 'area', value: '"x"' },
      { ...base, hlc: `999999999999999-000000-${a.ctx.siteId}`, field: 'area', value: '"future"' },
    ], { bundleId: 'bad', senderSiteId: a.ctx.siteId, authority: { senderAgencyId: 'NPU', agencyOfSite: () => null } }));
    expect(r.added).toBe(0);
    expect(r.quarantined).toHaveLength(5);
    expect(getOperationById(b.ctx, op.id).startsAt).toBe('2026-12-05T06:00:00.000Z');
  });

  it('an event larger than any real one is quarantined whole, streamed rather than held', () => {
    const a = unit('NPU');
    const b = unit('DMS');
    const op = newOperation(a.ctx);
    ship(a.ctx, 'NPU', b.ctx);
    const hlc = `${String(Date.now()).padStart(15, '0')}-000000-${a.ctx.siteId}`;
    const flood = Array.from({ length: MAX_EVENT_CHANGES + 500 }, (_, i) => ({
      hlc, siteId: a.ctx.siteId, entity: 'operation' as const, rowId: op.id, operationId: op.id, field: 'area', value: JSON.stringify(`зона ${i}`),
    }));
    const next = { hlc: hlc.replace('-000000-', '-000001-'), siteId: a.ctx.siteId, entity: 'operation' as const, rowId: op.id, operationId: op.id, field: 'area', value: JSON.stringify('Ягодин') };
    const before = dumpSyncedTables(b.ctx);
    const r = transact(b.ctx, () => applyIncoming(b.ctx, [...flood, next], {
      bundleId: 'flood', senderSiteId: a.ctx.siteId, authority: { senderAgencyId: 'NPU', agencyOfSite: () => null },
    }));
    // All of them claim one change identity (same HLC, row and field): kept once, every sighting counted.
    expect(r.quarantinedCount).toBe(1);
    expect(r.quarantined[0]!.reason).toMatch(/more than 10000 changes/);
    expect(b.ctx.db.prepare('SELECT count(*) AS n, max(seen) AS seen FROM sync_quarantine').get()).toEqual({ n: 1, seen: flood.length });
    // The event after it is judged on its own and applies.
    expect(r.added).toBe(1);
    expect(dumpSyncedTables(b.ctx)).not.toBe(before);
  });
});
