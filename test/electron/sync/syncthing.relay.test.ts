/**
 * The hub topology over real Syncthing, through a headless relay: a police and a customs unit
 * each pair their Syncthing only with the relay's machine (two folders each: its outbox to the
 * relay, its mailbox on the relay back to its inbox); the relay (electron/sync/relay.ts) moves
 * the encrypted bundles between the mailboxes. The two units' daemons never connect, yet an
 * edit on one reaches the other with no manual step. Daemons stopped by PID in afterAll.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TaskDraft } from '../../../shared/domain/task.js';
import { createTask } from '../../../electron/services/tasks.js';
import { Relay, type RelayEvent } from '../../../electron/sync/relay.js';
import { FolderWatcher } from '../../../electron/sync/watch.js';
import { introduce, shareOneWay, startDaemon, waitFor, type Daemon } from '../../helpers/syncthing.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { dumpSyncedTables, newOperation, openUnit, trust, withIdentity, type Unit } from './sync-helpers.js';

const daemons: Daemon[] = [];
const stoppers: { stop(): Promise<void> }[] = [];
const units: Unit[] = [];
const root = tempDataDir('spilno-syncthing-relay-');

afterAll(async () => {
  await Promise.allSettled(stoppers.map((s) => s.stop()));
  await Promise.allSettled(daemons.map((d) => d.stop()));
  for (const u of units) u.cleanup();
  fs.rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('units through a headless relay over real Syncthing daemons', () => {
  it('an edit on one unit reaches the other, whose machine it never connects to', async () => {
    const police = await withIdentity(openUnit('NPU', 'Відділ поліції'));
    const customs = await withIdentity(openUnit('DMS', 'Митний пост'));
    const relayUnit = await withIdentity(openUnit('DMS', 'Ретранслятор'));
    units.push(police, customs, relayUnit);
    trust(police, customs);
    trust(customs, police);
    trust(relayUnit, police);
    trust(relayUnit, customs);

    const relayDaemon = await startDaemon('relay', path.join(root, 'relay', 'syncthing'));
    daemons.push(relayDaemon);
    const mailboxes = path.join(root, 'relay', 'mailboxes');
    const sides: { unit: Unit; daemon: Daemon; dir: string }[] = [];
    for (const [name, unit] of [['police', police], ['customs', customs]] as const) {
      const daemon = await startDaemon(name, path.join(root, name, 'syncthing'));
      daemons.push(daemon);
      sides.push({ unit, daemon, dir: path.join(root, name) });
    }
    // Each unit's machine pairs with the relay's only.
    for (const s of sides) {
      await introduce([s.daemon, relayDaemon]);
      const site = s.unit.ctx.siteId;
      await shareOneWay(`${s.daemon.name}-outbox`, s.daemon, path.join(s.dir, 'outbox'), relayDaemon, path.join(mailboxes, site, 'outbox'));
      await shareOneWay(`${s.daemon.name}-inbox`, relayDaemon, path.join(mailboxes, site, 'inbox'), s.daemon, path.join(s.dir, 'inbox', 'relay'));
    }
    for (const s of sides) {
      await waitFor(async () => {
        const c = await s.daemon.api<{ connections: Record<string, { connected: boolean }> }>('GET', '/rest/system/connections');
        return c.connections[relayDaemon.deviceId]?.connected === true;
      }, `${s.daemon.name} connected to the relay`, 60_000);
    }

    const events: RelayEvent[] = [];
    const relay = new Relay(relayUnit.ctx, { root: mailboxes, scanMs: 500, settleMs: 300, onEvent: (e) => events.push(e) });
    stoppers.push(relay);
    relay.start();
    for (const s of sides) {
      const w = new FolderWatcher(s.unit.ctx, { outbox: path.join(s.dir, 'outbox'), inbox: path.join(s.dir, 'inbox'), scanMs: 1000, settleMs: 300, debounceMs: 300 });
      stoppers.push(w);
      w.start();
    }

    const op = newOperation(police.ctx);
    await waitFor(() => dumpSyncedTables(customs.ctx) === dumpSyncedTables(police.ctx), 'the operation at customs', 150_000, 500);
    const task = createTask(customs.ctx, TaskDraft.parse({
      operationId: op.id, title: 'Огляд на смузі 2', type: 'escort', accountableAgencyId: null,
      startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
    }));
    await waitFor(() => police.ctx.db.prepare('SELECT 1 FROM tasks WHERE id = ?').get(task.id) !== undefined
      && dumpSyncedTables(customs.ctx) === dumpSyncedTables(police.ctx), 'the task at the police', 150_000, 500);

    // The two units' daemons never met; everything went through the relay, unopened.
    const [pDaemon, cDaemon] = [sides[0]!.daemon, sides[1]!.daemon];
    const pConnections = await pDaemon.api<{ connections: Record<string, unknown> }>('GET', '/rest/system/connections');
    expect(Object.keys(pConnections.connections)).not.toContain(cDaemon.deviceId);
    expect(events.filter((e) => e.kind === 'forwarded').length).toBeGreaterThanOrEqual(2);
    expect(events.filter((e) => e.kind === 'held')).toEqual([]);
  }, 300_000);
});
