/**
 * The automatic folder sync (electron/sync/watch.ts) on real database files and real folders:
 * partial files and file-sync tools' temporary names are left alone until whole, a restart picks
 * up what arrived and what changed while it was down, and a new bundle replaces the unsent one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TaskDraft } from '../../../shared/domain/task.js';
import { listAudit } from '../../../electron/services/audit.js';
import { createTask } from '../../../electron/services/tasks.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { unlockIdentity } from '../../../electron/sync/identity.js';
import { FolderWatcher, importAndNote, isBundleCandidate, peersOwed, WATCH_LOCK, writeBundleFor, type WatchEvent } from '../../../electron/sync/watch.js';
import { getPeerRow } from '../../../electron/db/repos/sync.repo.js';
import { dumpSyncedTables, newOperation, send, syncFixtures, testProtector, trustAll, type Unit } from './sync-helpers.js';

const fx = syncFixtures();

/** Polls until `ok` holds (generous: the machine is shared), then returns. */
async function until(ok: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function watcher(u: Unit, root: string, events: WatchEvent[], over: { settleMs?: number; debounceMs?: number } = {}) {
  return new FolderWatcher(u.ctx, {
    outbox: path.join(root, 'out'), inbox: path.join(root, 'in'),
    // Scans only when kicked, by fs events or by the watcher's own timers: the test drives it.
    scanMs: 3_600_000, settleMs: over.settleMs ?? 50, debounceMs: over.debounceMs ?? 50,
    onEvent: (e) => events.push(e),
  });
}

function task(u: Unit, operationId: string, title: string) {
  return createTask(u.ctx, TaskDraft.parse({
    operationId, title, type: 'escort', accountableAgencyId: null,
    startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
  }));
}

const bundlesIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.spilno')) : []);

describe('automatic folder sync', () => {
  it('names: only whole bundles, never the temporary names file-sync tools write under', () => {
    expect(isBundleCandidate('2026-12-05T10-00-00-000Z-site.spilno')).toBe(true);
    for (const name of [
      '.syncthing.b.spilno.tmp', '~syncthing~b.spilno.tmp', 'b.spilno.part', 'b.spilno.tmp', 'b.spilno.crdownload',
      '.b.spilno', '.b.spilno.0123abcd.part', '.spilno', 'notes.txt', WATCH_LOCK,
    ]) expect(isBundleCandidate(name), name).toBe(false);
  });

  it('leaves partial and temporary files alone and imports a bundle only once its size and time are stable', async () => {
    const a = await fx.unit('NPU');
    const b = await fx.unit('DMS');
    trustAll([a, b]);
    newOperation(a.ctx);
    const root = fx.dir();
    const inbox = path.join(root, 'in');
    fs.mkdirSync(path.join(inbox, 'from-a'), { recursive: true });
    const sent = await send(a, [b], fx.dir());
    const bytes = fs.readFileSync(sent.file);
    // What Syncthing, a browser and our own writer leave while a file is on its way.
    const temporaries = ['.syncthing.x.spilno.tmp', '~syncthing~x.spilno.tmp', 'x.spilno.part', 'x.spilno.tmp', '.x.spilno'];
    for (const t of temporaries) fs.writeFileSync(path.join(inbox, 'from-a', t), bytes.subarray(0, bytes.length >> 1));
    // A tool that copies in place under the final name: half of it now, the rest a moment later.
    const growing = path.join(inbox, 'from-a', 'bundle.spilno');
    fs.writeFileSync(growing, bytes.subarray(0, bytes.length >> 1));

    const events: WatchEvent[] = [];
    const w = watcher(b, root, events, { settleMs: 1500 });
    w.start();
    await w.idle();
    expect(events.some((e) => e.kind === 'settling' && e.file === 'bundle.spilno')).toBe(true);
    fs.appendFileSync(growing, bytes.subarray(bytes.length >> 1));
    w.kick();
    await w.idle();
    expect(events.filter((e) => e.kind === 'imported' || e.kind === 'refused')).toEqual([]);

    await until(() => events.some((e) => e.kind === 'imported'), 'the import');
    await w.stop();
    expect(events.filter((e) => e.kind === 'refused')).toEqual([]);
    expect(dumpSyncedTables(b.ctx)).toBe(dumpSyncedTables(a.ctx));
    expect(bundlesIn(path.join(inbox, 'processed'))).toEqual(['bundle.spilno']);
    // The temporaries are still there, untouched, and nothing was refused.
    expect(fs.readdirSync(path.join(inbox, 'from-a')).sort()).toEqual([...temporaries].sort());
    expect(fs.existsSync(path.join(inbox, 'refused'))).toBe(false);
    expect(fs.existsSync(path.join(inbox, WATCH_LOCK))).toBe(false);
    const actions = listAudit(b.ctx.db, { limit: 100 }).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['syncWatch.start', 'syncWatch.claim', 'syncWatch.import', 'syncWatch.stop']));
  });

  it('survives a restart: imports what arrived, exports what changed while down, replays a committed import, takes a dead process\'s lock', async () => {
    const a = await fx.unit('NPU');
    const b = await fx.unit('DMS');
    trustAll([a, b]);
    const op = newOperation(a.ctx);
    const root = fx.dir();
    const inbox = path.join(root, 'in');
    const outForA = path.join(root, 'out', a.ctx.siteId);
    fs.mkdirSync(inbox, { recursive: true });
    const first = await send(a, [b], fx.dir());
    fs.copyFileSync(first.file, path.join(inbox, '1.spilno'));

    const events: WatchEvent[] = [];
    const w1 = watcher(b, root, events);
    w1.start();
    await until(() => events.some((e) => e.kind === 'imported'), 'the first import');
    // b's acknowledgement of what it imported goes back to a, as a bundle of its own.
    await until(() => events.some((e) => e.kind === 'exported'), 'the acknowledgement');
    await w1.stop();

    // While the watcher is down: b plans a task, a sends more, and an import commits but the
    // process dies before moving its file (imported directly here, the file left in place).
    task(b, op.id, 'Огляд вантажу на посту');
    task(a, op.id, 'Супровід від кордону');
    const second = await send(a, [b], fx.dir());
    fs.copyFileSync(second.file, path.join(inbox, '2.spilno'));
    await importBundle(b.ctx, { path: path.join(inbox, '2.spilno') });
    task(a, op.id, 'Затримання');
    const third = await send(a, [b], fx.dir());
    fs.copyFileSync(third.file, path.join(inbox, '3.spilno'));
    // A lock left by a process that no longer runs.
    fs.writeFileSync(path.join(inbox, WATCH_LOCK), JSON.stringify({ pid: 2 ** 22 + 7, host: (await import('node:os')).hostname(), siteId: b.ctx.siteId, token: 'gone', startedAt: '' }));
    const exportedBefore = bundlesIn(outForA);

    b.reopen();
    unlockIdentity(b.ctx, testProtector());
    const again: WatchEvent[] = [];
    const w2 = watcher(b, root, again);
    w2.start();
    await until(() => again.some((e) => e.kind === 'exported'), 'the export after the restart');
    await w2.stop();
    expect(again[0]).toEqual({ kind: 'watching', takeover: true });
    expect(again.filter((e) => e.kind === 'imported').map((e) => path.basename((e as { file: string }).file))).toEqual(['3.spilno']);
    expect(again.filter((e) => e.kind === 'replay').map((e) => path.basename((e as { file: string }).file))).toEqual(['2.spilno']);
    expect(bundlesIn(path.join(inbox, 'processed')).sort()).toEqual(['1.spilno', '2.spilno', '3.spilno']);

    // One bundle for a in the outbox: the new one replaced the unsent acknowledgement.
    const outbox = bundlesIn(outForA);
    expect(outbox).toHaveLength(1);
    expect(exportedBefore).toHaveLength(1);
    expect(outbox[0]).not.toBe(exportedBefore[0]);
    const r = await importBundle(a.ctx, { path: path.join(outForA, outbox[0]!) });
    expect(r.added).toBeGreaterThan(0);
    expect(dumpSyncedTables(a.ctx)).toBe(dumpSyncedTables(b.ctx));
  });

  it('writes bundles after changes settle, one per peer, each replacing the unsent one', async () => {
    const a = await fx.unit('NPU');
    const b = await fx.unit('DMS');
    const c = await fx.unit('DPSU');
    trustAll([a, b, c]);
    const root = fx.dir();
    const events: WatchEvent[] = [];
    const w = watcher(a, root, events, { debounceMs: 300 });
    const op = newOperation(a.ctx, { participatingAgencyIds: ['DMS', 'DPSU'] });
    w.start();
    await until(() => events.filter((e) => e.kind === 'exported').length === 2, 'a bundle for each peer');
    for (let i = 0; i < 5; i++) task(a, op.id, `Пост ${i}`);
    w.kick();
    await until(() => events.filter((e) => e.kind === 'exported').length === 4, 'the next bundle for each peer');
    await w.stop();
    const exported = events.filter((e): e is Extract<WatchEvent, { kind: 'exported' }> => e.kind === 'exported');
    expect(exported.slice(2).every((e) => e.replaced !== null)).toBe(true);
    for (const peer of [b, c]) {
      const dir = path.join(root, 'out', peer.ctx.siteId);
      expect(bundlesIn(dir)).toHaveLength(1);
      await importBundle(peer.ctx, { path: path.join(dir, bundlesIn(dir)[0]!) });
      expect(dumpSyncedTables(peer.ctx)).toBe(dumpSyncedTables(a.ctx));
    }
  });

  it('a lost bundle or a lost acknowledgement is written again after resendMs, and the exchange then falls quiet', async () => {
    const a = await fx.unit('NPU');
    const b = await fx.unit('DMS');
    trustAll([a, b]);
    newOperation(a.ctx);
    const dir = fx.dir();
    const HOUR = 3_600_000;
    const t0 = a.ctx.now().getTime();
    const write = async (from: Unit, to: Unit, name: string) => {
      const [peer] = peersOwed(from.ctx, t0, HOUR).filter((p) => p.site_id === to.ctx.siteId);
      return peer ? writeBundleFor(from.ctx, peer, path.join(dir, name)) : null;
    };
    // a's first bundle is lost on the way: nothing is owed until the resend time has passed.
    expect((await write(a, b, 'lost.spilno'))?.kept).toBe(true);
    expect(peersOwed(a.ctx, t0, HOUR)).toEqual([]);
    const [again] = peersOwed(a.ctx, t0 + 2 * HOUR, HOUR);
    expect(again?.site_id).toBe(b.ctx.siteId);
    const resent = await writeBundleFor(a.ctx, again!, path.join(dir, 'resent.spilno'));
    await importAndNote(b.ctx, resent.written.path);
    // b's acknowledgement is lost too; a writes the same changes again, and b answers that.
    expect((await write(b, a, 'ack-lost.spilno'))?.kept).toBe(true);
    const [third] = peersOwed(a.ctx, t0 + 4 * HOUR, HOUR);
    const repeat = await writeBundleFor(a.ctx, third!, path.join(dir, 'repeat.spilno'));
    expect((await importAndNote(b.ctx, repeat.written.path)).added).toBe(0);
    const answer = await write(b, a, 'answer.spilno');
    expect(answer?.written.changeCount).toBe(0);
    await importAndNote(a.ctx, answer!.written.path);
    expect(getPeerRow(a.ctx.db, b.ctx.siteId)!.acked_seq).toBeGreaterThan(0);
    // b's record grew by what it imported: a acknowledges that, once, with no change in it.
    const last = await write(a, b, 'last.spilno');
    expect(last?.written.changeCount).toBe(0);
    await importAndNote(b.ctx, last!.written.path);
    // Nobody owes anything now, however long one waits: an acknowledgement is not answered.
    expect(peersOwed(a.ctx, t0 + 10 * HOUR, HOUR)).toEqual([]);
    expect(peersOwed(b.ctx, t0 + 10 * HOUR, HOUR)).toEqual([]);
    expect(dumpSyncedTables(b.ctx)).toBe(dumpSyncedTables(a.ctx));
  });
});
