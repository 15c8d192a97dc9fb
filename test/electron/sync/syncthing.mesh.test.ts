/**
 * Syncthing as the engine between machines: three units (police, customs, border guard), each
 * with its own real Syncthing daemon on 127.0.0.1 (own home, API and sync ports, no discovery,
 * relays or reporting), configured through the REST API to deliver each unit's outbox for a
 * peer into that peer's inbox. Each unit runs the automatic folder sync (sync/watch.ts); an edit
 * on one unit reaches the others with no manual step. Every daemon is stopped by PID in
 * afterAll, whatever happened.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TaskDraft } from '../../../shared/domain/task.js';
import { createTask } from '../../../electron/services/tasks.js';
import { FolderWatcher, type WatchEvent } from '../../../electron/sync/watch.js';
import { introduce, shareOneWay, startDaemon, waitFor, type Daemon } from '../../helpers/syncthing.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { dumpSyncedTables, newOperation, openUnit, trustAll, withIdentity, type Unit } from './sync-helpers.js';

const daemons: Daemon[] = [];
const watchers: FolderWatcher[] = [];
const units: Unit[] = [];
const root = tempDataDir('spilno-syncthing-');

afterAll(async () => {
  await Promise.allSettled(watchers.map((w) => w.stop()));
  await Promise.allSettled(daemons.map((d) => d.stop()));
  for (const u of units) u.cleanup();
  fs.rmSync(root, { recursive: true, force: true });
}, 60_000);

const CONVERGE_MS = 150_000;

describe('units over real Syncthing daemons', () => {
  it('an edit on one unit appears on the others with no manual step', async () => {
    const names = ['police', 'customs', 'border'] as const;
    const agencies = { police: 'NPU', customs: 'DMS', border: 'DPSU' } as const;
    const byName = new Map<string, { unit: Unit; daemon: Daemon; dir: string }>();
    for (const name of names) {
      const unit = await withIdentity(openUnit(agencies[name], `Unit ${name}`));
      units.push(unit);
      const daemon = await startDaemon(name, path.join(root, name, 'syncthing'));
      daemons.push(daemon);
      byName.set(name, { unit, daemon, dir: path.join(root, name) });
    }
    const all = [...byName.values()];
    trustAll(all.map((x) => x.unit));
    await introduce(all.map((x) => x.daemon));
    // A mailbox per ordered pair: the sender's outbox/<peer site> → the peer's inbox/<sender site>.
    for (const from of all) {
      for (const to of all) {
        if (from === to) continue;
        await shareOneWay(
          `spilno-${from.daemon.name}-to-${to.daemon.name}`,
          from.daemon, path.join(from.dir, 'outbox', to.unit.ctx.siteId),
          to.daemon, path.join(to.dir, 'inbox', from.unit.ctx.siteId),
        );
      }
    }
    // Every pair of daemons connected before anything is written.
    for (const d of daemons) {
      await waitFor(async () => {
        const c = await d.api<{ connections: Record<string, { connected: boolean }> }>('GET', '/rest/system/connections');
        return Object.values(c.connections).filter((x) => x.connected).length === daemons.length - 1;
      }, `${d.name} connected to the others`, 60_000);
    }

    const events = new Map<string, WatchEvent[]>();
    for (const x of all) {
      const seen: WatchEvent[] = [];
      events.set(x.daemon.name, seen);
      const w = new FolderWatcher(x.unit.ctx, {
        outbox: path.join(x.dir, 'outbox'), inbox: path.join(x.dir, 'inbox'),
        scanMs: 1000, settleMs: 300, debounceMs: 300, onEvent: (e) => seen.push(e),
      });
      watchers.push(w);
      w.start();
    }

    const police = byName.get('police')!.unit;
    const customs = byName.get('customs')!.unit;
    const op = newOperation(police.ctx, { participatingAgencyIds: ['DMS', 'DPSU'] });
    const converged = () => {
      const dumps = all.map((x) => dumpSyncedTables(x.unit.ctx));
      return dumps.every((d) => d === dumps[0]);
    };
    const operations = (u: Unit) => (u.ctx.db.prepare('SELECT count(*) AS n FROM operations').get() as { n: number }).n;
    await waitFor(() => all.every((x) => operations(x.unit) === 1) && converged(), 'the operation everywhere', CONVERGE_MS, 500);

    // An edit on the customs unit reaches the police and the border guard.
    const t = createTask(customs.ctx, TaskDraft.parse({
      operationId: op.id, title: 'Митний огляд вантажу', type: 'escort', accountableAgencyId: null,
      startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
    }));
    const holds = (u: Unit) => (u.ctx.db.prepare('SELECT count(*) AS n FROM tasks WHERE id = ?').get(t.id) as { n: number }).n === 1;
    await waitFor(() => all.every((x) => holds(x.unit)) && converged(), 'the customs task everywhere', CONVERGE_MS, 500);

    expect(converged()).toBe(true);
    for (const [name, seen] of events) {
      expect(seen.filter((e) => e.kind === 'refused'), name).toEqual([]);
      expect(seen.some((e) => e.kind === 'imported'), name).toBe(true);
    }
  }, 300_000);
});
