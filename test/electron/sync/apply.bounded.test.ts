/**
 * Bounded memory of an import, structurally (no timing, no memory figures): the rows a pass
 * touches live in a table of the store; a row new here merges from the changes the pass kept in
 * memory up to a budget, any other row from its history read back (both give the same), the report lists only the
 * first PREVIEW_LIST_LIMIT quarantined changes and new conflicts while counting and storing all
 * of them, and per-row lookups are bounded caches.
 */
import { isLeadOnlyField } from '../../../shared/visibility/rule.js';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { listChangesAfter } from '../../../electron/db/repos/change-log.repo.js';
import { listConflictRows, listQuarantineRows } from '../../../electron/db/repos/sync.repo.js';
import { PREVIEW_LIST_LIMIT, applyIncoming } from '../../../electron/sync/apply.js';
import { BoundedCache } from '../../../shared/sync/bounded-cache.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { transact, type ServiceContext } from '../../../electron/services/context.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import {
  dumpSyncedTables, newOperation, openUnit, send, trustAll, withIdentity, type Unit,
} from './sync-helpers.js';

const units: Unit[] = [];
afterEach(() => {
  for (const u of units.splice(0)) u.cleanup();
});
async function unit(agency: string): Promise<Unit> {
  const u = await withIdentity(openUnit(agency));
  units.push(u);
  return u;
}

function addTasks(ctx: ServiceContext, operationId: string, n: number): string[] {
  const ids = Array.from({ length: n }, () => randomUUID());
  transact(ctx, () => {
    for (const id of ids) {
      ctx.writer.create('task', id, {
        operationId, phaseId: null, title: `Огляд ${id.slice(0, 4)}`, type: 'customs_inspection', status: 'todo',
        accountableAgencyId: null, unitId: null, startsAt: '2026-12-05T08:00:00.000Z', endsAt: '2026-12-05T10:00:00.000Z',
        place: { label: 'Пункт пропуску «Ягодин»', point: { lat: 51.2, lon: 23.8 } }, dependencies: [], checklist: [],
        notes: 'Примітка', isKeyEvent: false, isDecisionPoint: false,
      }, operationId);
    }
  });
  return ids;
}

const changesOf = (ctx: ServiceContext) => listChangesAfter(ctx.db, 0, 1_000_000).map(({ seq: _s, ...c }) => c);

function apply(to: ServiceContext, senderSiteId: string, changes: unknown[], historyBudget?: number) {
  return transact(to, () => applyIncoming(to, changes, {
    bundleId: randomUUID(), senderSiteId, authority: { senderAgencyId: 'NPU', agencyOfSite: () => null },
    ...(historyBudget === undefined ? {} : { historyBudget }),
  }));
}

const ship = (from: ServiceContext, to: ServiceContext) => apply(to, from.siteId, changesOf(from));

describe('bounded import memory', () => {
  it('an import keeps the rows it touched in a table of the store, materialises every one from it, and empties it', async () => {
    const a = await unit('NPU');
    const b = await unit('DMS');
    trustAll([a, b]);
    const op = newOperation(a.ctx);
    addTasks(a.ctx, op.id, 1500);
    const dir = tempDataDir('spilno-bounded-');
    try {
      const r = await importBundle(b.ctx, { path: (await send(a, [b], dir)).file });
      expect(r.quarantinedCount).toBe(0);
      // Everything but the lead's need-to-know fields (police lead, customs receive).
      expect(r.added).toBe(listChangesAfter(a.ctx.db, 0, 1_000_000).filter((c) => !isLeadOnlyField(c.entity, c.field)).length);
      // Nothing in SQLite's temp files (not encrypted), nothing left in the scratch table.
      expect(b.ctx.db.pragma('temp_store', { simple: true })).toBe(2);
      expect(b.ctx.db.prepare('SELECT count(*) FROM temp.sqlite_schema').pluck().get()).toBe(0);
      expect(b.ctx.db.prepare('SELECT count(*) FROM sync_apply_rows').pluck().get()).toBe(0);
      expect(b.ctx.db.prepare('SELECT count(*) FROM tasks').pluck().get()).toBe(1500);
      expect(dumpSyncedTables(b.ctx)).toBe(dumpSyncedTables(a.ctx));
    } finally {
      (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rows merged from the pass\'s memory and rows read back from the record come out the same, at any budget', async () => {
    const a = await unit('NPU');
    const op = newOperation(a.ctx);
    const ids = addTasks(a.ctx, op.id, 300);
    const before = changesOf(a.ctx);
    transact(a.ctx, () => { for (const id of ids.slice(0, 50)) a.ctx.writer.update('task', id, { startsAt: '2026-12-05T07:00:00.000Z' }, op.id); });
    addTasks(a.ctx, op.id, 20);
    const after = changesOf(a.ctx);
    const dumps: string[] = [];
    // 0: every row but the first read back; 40 kB: some kept; the default: all kept.
    for (const historyBudget of [0, 40_000, undefined]) {
      const b = await unit('NPU');
      expect(apply(b.ctx, a.ctx.siteId, before, historyBudget).quarantinedCount).toBe(0);
      // The second pass meets rows this unit already holds, edited here since.
      transact(b.ctx, () => { for (const id of ids.slice(0, 50)) b.ctx.writer.update('task', id, { startsAt: '2026-12-05T09:00:00.000Z' }, op.id); });
      expect(apply(b.ctx, a.ctx.siteId, after, historyBudget).newConflictCount).toBe(50);
      expect(b.ctx.db.prepare('SELECT count(*) FROM sync_apply_rows').pluck().get()).toBe(0);
      expect(b.ctx.db.prepare('SELECT count(*) FROM tasks').pluck().get()).toBe(320);
      dumps.push(dumpSyncedTables(b.ctx));
    }
    expect(dumps[1]).toBe(dumps[0]);
    expect(dumps[2]).toBe(dumps[0]);
  });

  it('the report lists the first quarantined changes and counts them all; every one is stored', async () => {
    const a = await unit('NPU');
    const b = await unit('DMS');
    const op = newOperation(a.ctx);
    ship(a.ctx, b.ctx);
    const n = PREVIEW_LIST_LIMIT + 150;
    const bad = Array.from({ length: n }, (_, i) => ({
      hlc: `${String(Date.now()).padStart(15, '0')}-${String(i).padStart(6, '0')}-${a.ctx.siteId}`, siteId: a.ctx.siteId,
      entity: 'operation' as const, rowId: op.id, field: `secret_${i}`, value: '1', operationId: op.id,
    }));
    const r = transact(b.ctx, () => applyIncoming(b.ctx, bad, {
      bundleId: 'bad', senderSiteId: a.ctx.siteId, authority: { senderAgencyId: 'NPU', agencyOfSite: () => null },
    }));
    expect(r.quarantined).toHaveLength(PREVIEW_LIST_LIMIT);
    expect(r.quarantinedCount).toBe(n);
    expect(listQuarantineRows(b.ctx.db, 10 * n)).toHaveLength(n);
  });

  it('the report lists the first new conflicts and counts them all; every one is in the inbox', async () => {
    const a = await unit('NPU');
    const b = await unit('DMS');
    const op = newOperation(a.ctx);
    const n = PREVIEW_LIST_LIMIT + 20;
    const ids = addTasks(a.ctx, op.id, n);
    ship(a.ctx, b.ctx);
    for (const [u, at] of [[a, '2026-12-05T07:00:00.000Z'], [b, '2026-12-05T09:00:00.000Z']] as const) {
      transact(u.ctx, () => {
        for (const id of ids) u.ctx.writer.update('task', id, { startsAt: at }, op.id);
      });
    }
    const r = ship(a.ctx, b.ctx);
    expect(r.newConflicts).toHaveLength(PREVIEW_LIST_LIMIT);
    expect(r.newConflictCount).toBe(n);
    expect(listConflictRows(b.ctx.db)).toHaveLength(n);
    // Conflicts already open are not new the next time their rows are re-projected.
    const again = ship(a.ctx, b.ctx);
    expect(again.newConflictCount).toBe(0);
  });

  it('a bounded cache forgets everything at its limit and keeps answering', () => {
    const cache = new BoundedCache<number, number>(3);
    for (let i = 0; i < 10; i++) {
      cache.set(i, i * 2);
      expect(cache.size).toBeLessThanOrEqual(3);
      expect(cache.get(i)).toBe(i * 2);
    }
    cache.set(9, 0);
    expect(cache.get(9)).toBe(0);
  });
});
