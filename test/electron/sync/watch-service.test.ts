/**
 * The app's automatic mode through the API (sync.setWatch / sync.watchStatus): on with the two
 * granted folders, it imports what arrives by itself and shows each trusted peer's last
 * exchange; the setting survives a restart of the core's context; off stops it. Audited.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WatchState } from '../../../shared/api/sync.js';
import { dispatch } from '../../../electron/api/dispatch.js';
import { listAudit } from '../../../electron/services/audit.js';
import { resumeWatch, stopWatch } from '../../../electron/sync/watch-service.js';
import { unlockIdentity } from '../../../electron/sync/identity.js';
import { newOperation, send, syncFixtures, testProtector, trustAll } from './sync-helpers.js';

const fx = syncFixtures();

async function until(ok: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('automatic folder sync in the app', () => {
  it('turns on with the granted folders, imports on its own, shows per-peer state, resumes after a restart, turns off', async () => {
    const a = await fx.unit('NPU');
    const b = await fx.unit('DMS');
    trustAll([a, b]);
    newOperation(a.ctx);
    const root = fx.dir();
    for (const d of ['out', 'in']) fs.mkdirSync(path.join(root, d));
    const outbox = b.ctx.files.grant({ kind: 'folder', path: path.join(root, 'out'), role: 'outbox' });
    const inbox = b.ctx.files.grant({ kind: 'folder', path: path.join(root, 'in'), role: 'inbox' });
    const status = async () => {
      const r = await dispatch(b.ctx, 'sync', 'watchStatus', {});
      if (!r.ok) throw new Error(r.error.message);
      return r.value as WatchState;
    };
    expect((await status()).state).toBe('stopped');
    const on = await dispatch(b.ctx, 'sync', 'setWatch', { enabled: true, outbox: outbox.handle, inbox: inbox.handle });
    expect(on.ok).toBe(true);
    const sent = await send(a, [b], fx.dir());
    fs.copyFileSync(sent.file, path.join(root, 'in', 'from-police.spilno'));
    try {
      await until(async () => (await status()).peers.find((p) => p.siteId === a.ctx.siteId)?.lastIn !== null, 'the import');
      const s = await status();
      expect(s).toMatchObject({ enabled: true, state: 'watching', outbox: 'out', inbox: 'in' });
      expect(s.imported).toBe(1);
      expect(s.peers).toEqual([expect.objectContaining({ siteId: a.ctx.siteId, lastIn: expect.objectContaining({ changes: sent.changeCount }) })]);
      expect(fs.readdirSync(path.join(root, 'in', 'processed'))).toEqual(['from-police.spilno']);

      // A restart: the setting is in the database; the core resumes it.
      await stopWatch(b.ctx);
      b.reopen();
      unlockIdentity(b.ctx, testProtector());
      resumeWatch(b.ctx);
      await until(async () => (await status()).state === 'watching', 'the resumed watcher');

      const off = await dispatch(b.ctx, 'sync', 'setWatch', { enabled: false });
      expect(off.ok && (off.value as WatchState).state).toBe('stopped');
      expect(listAudit(b.ctx.db, { limit: 200 }).filter((e) => e.action === 'sync.setWatch').map((e) => e.detail.split(':')[0])).toEqual(['off', 'on']);
    } finally {
      await stopWatch(b.ctx);
    }
  });

  it('refuses to turn on without two different folders', async () => {
    const b = await fx.unit('DMS');
    const r = await dispatch(b.ctx, 'sync', 'setWatch', { enabled: true });
    expect(r.ok ? null : r.error.code).toBe('invalid_input');
    expect((await dispatch(b.ctx, 'sync', 'watchStatus', {})).ok).toBe(true);
  });
});
