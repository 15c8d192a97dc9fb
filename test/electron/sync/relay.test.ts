/**
 * The headless relay (electron/sync/relay.ts): two units whose machines share folders only with
 * the relay converge through it, each running the automatic folder sync; the relay forwards
 * only between units it enrolled, holds a stranger's file, and never decrypts — its store
 * holds none of the plaintext, and the real `age` CLI with the relay's own key cannot open a
 * forwarded bundle.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TaskDraft } from '../../../shared/domain/task.js';
import { listAudit } from '../../../electron/services/audit.js';
import { createTask } from '../../../electron/services/tasks.js';
import { requireUnlocked } from '../../../electron/sync/identity.js';
import { Relay, type RelayEvent } from '../../../electron/sync/relay.js';
import { FolderWatcher } from '../../../electron/sync/watch.js';
import { dumpSyncedTables, newOperation, send, syncFixtures, trust, type Unit } from './sync-helpers.js';

const fx = syncFixtures();

async function until(ok: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every file of a folder, recursively (the store, its WAL and anything beside it). */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

describe('a headless relay unit', () => {
  it('carries bundles between units that share folders only with it, never opening them', async () => {
    const police = await fx.unit('NPU', 'Відділ поліції');
    const customs = await fx.unit('DMS', 'Митний пост');
    const relay = await fx.unit('DMS', 'Ретранслятор штабу');
    const stranger = await fx.unit('DPSU', 'Невідомий');
    // The two units know each other's keys (cards, fingerprints read over the phone), as always.
    trust(police, customs);
    trust(customs, police);
    trust(stranger, customs);
    // The relay enrols the two units; they do not add the relay (it needs none of their data).
    trust(relay, police);
    trust(relay, customs);
    const root = fx.dir('spilno-relay-root-');
    const mailbox = (u: Unit) => ({ outbox: path.join(root, u.ctx.siteId, 'outbox'), inbox: path.join(root, u.ctx.siteId, 'inbox') });
    const quick = { scanMs: 300, settleMs: 100, debounceMs: 100 };
    const watchers = [police, customs].map((u) => new FolderWatcher(u.ctx, { ...mailbox(u), ...quick }));
    const events: RelayEvent[] = [];
    const r = new Relay(relay.ctx, { root, scanMs: 300, settleMs: 100, onEvent: (e) => events.push(e) });
    r.start();
    for (const w of watchers) w.start();
    try {
      const secret = 'Контрольована поставка через пункт пропуску Ягодин';
      const op = newOperation(police.ctx, { codeName: 'БУРШТИН', legalBasis: secret });
      await until(() => dumpSyncedTables(customs.ctx) === dumpSyncedTables(police.ctx), 'the operation at customs');
      const task = createTask(customs.ctx, TaskDraft.parse({
        operationId: op.id, title: 'Поглиблений огляд фури на смузі 3', type: 'escort', accountableAgencyId: null,
        startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
      }));
      await until(() => dumpSyncedTables(customs.ctx) === dumpSyncedTables(police.ctx) && police.ctx.db.prepare('SELECT 1 FROM tasks WHERE id = ?').get(task.id) !== undefined, 'the task at the police');

      // A stranger's bundle for customs, dropped in a mailbox folder of its own: held, not carried.
      const strangerOut = path.join(root, stranger.ctx.siteId, 'outbox', customs.ctx.siteId);
      fs.mkdirSync(strangerOut, { recursive: true });
      const planted = await send(stranger, [customs], fx.dir());
      fs.copyFileSync(planted.file, path.join(strangerOut, 'planted.spilno'));
      await until(() => events.some((e) => e.kind === 'held'), 'the stranger\'s file held');
      for (const w of watchers) await w.stop();
      await r.stop();

      const forwarded = events.filter((e): e is Extract<RelayEvent, { kind: 'forwarded' }> => e.kind === 'forwarded');
      expect(forwarded.some((e) => e.from === police.ctx.siteId && e.to === customs.ctx.siteId)).toBe(true);
      expect(forwarded.some((e) => e.from === customs.ctx.siteId && e.to === police.ctx.siteId)).toBe(true);
      expect(events.filter((e) => e.kind === 'held')).toEqual([expect.objectContaining({ from: stranger.ctx.siteId, to: customs.ctx.siteId })]);
      expect(fs.existsSync(path.join(root, customs.ctx.siteId, 'inbox', 'planted.spilno'))).toBe(false);
      expect(listAudit(relay.ctx.db, { limit: 500 }).filter((e) => e.action === 'relay.forward')).toHaveLength(forwarded.length);

      // The relay's store — database, WAL and anything in its data folder — holds no plaintext.
      relay.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
      const needles = [secret, 'БУРШТИН', 'Поглиблений огляд фури'].map((s) => Buffer.from(s, 'utf8'));
      for (const f of filesUnder(relay.dataDir)) {
        const bytes = fs.readFileSync(f);
        for (const n of needles) expect(bytes.includes(n), `${path.basename(f)} holds «${n.toString('utf8')}»`).toBe(false);
      }
      // And it could not have read the bundles: the real age CLI with the relay's key fails on each.
      const keyFile = path.join(fx.dir(), 'relay.key');
      fs.writeFileSync(keyFile, `${requireUnlocked(relay.ctx).ageIdentity}\n`, { mode: 0o600 });
      const processed = (u: Unit) => path.join(root, u.ctx.siteId, 'inbox', 'processed');
      const carried = [police, customs].flatMap((u) => fs.readdirSync(processed(u)).map((f) => path.join(processed(u), f)));
      expect(carried.length).toBeGreaterThanOrEqual(2);
      for (const f of carried) {
        expect(() => execFileSync('age', ['-d', '-i', keyFile, f], { stdio: 'pipe' }), path.basename(f)).toThrow(/no identity matched/);
      }
      // The recipient's own key does open one (the check above is not vacuous).
      const customsKey = path.join(fx.dir(), 'customs.key');
      fs.writeFileSync(customsKey, `${requireUnlocked(customs.ctx).ageIdentity}\n`, { mode: 0o600 });
      const forCustoms = carried.find((f) => path.dirname(f) === processed(customs))!;
      expect(execFileSync('age', ['-d', '-i', customsKey, forCustoms]).toString('utf8')).toContain('SPILNO-BUNDLE/1');
    } finally {
      for (const w of watchers) await w.stop();
      await r.stop();
    }
  }, 120_000);
});
