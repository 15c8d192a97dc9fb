/**
 * Two real `spilno sync watch` processes on the same folders and the same data folder (the app
 * and a service, or a restart that overlaps the old process): one holds the inbox and imports,
 * the other stands by; when the holder dies (SIGKILL, no clean-up) the other takes over and no
 * bundle is imported twice. Runs the built CLI (`npm test` builds first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listBundleLog } from '../../../electron/db/repos/sync.repo.js';
import { unlockIdentity } from '../../../electron/sync/identity.js';
import { WATCH_LOCK } from '../../../electron/sync/watch.js';
import { dumpSyncedTables, newOperation, send, syncFixtures, TEST_PASSPHRASE, testProtector, trustAll } from './sync-helpers.js';

const fx = syncFixtures();
const BIN = path.resolve('bin/spilno.js');
const running: ChildProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

interface Watch {
  proc: ChildProcess;
  events: { kind: string; takeover?: boolean; file?: string }[];
  exited: Promise<number | null>;
}

function startWatch(dataDir: string, root: string, passFile: string): Watch {
  const proc = spawn(process.execPath, [
    BIN, 'sync', 'watch', '--data-dir', dataDir, '--outbox', path.join(root, 'out'), '--inbox', path.join(root, 'in'),
    '--scan-ms', '200', '--settle-ms', '100', '--debounce-ms', '100', '--json',
  ], { env: { ...process.env, SPILNO_PASSPHRASE_FILE: passFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(proc);
  const events: Watch['events'] = [];
  let rest = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    rest += chunk.toString('utf8');
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      events.push(JSON.parse(rest.slice(0, nl)) as Watch['events'][number]);
      rest = rest.slice(nl + 1);
    }
  });
  let err = '';
  proc.stderr.on('data', (c: Buffer) => { err += c.toString('utf8'); });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => {
    if (code !== 0 && err) process.stderr.write(err);
    resolve(code);
  }));
  return { proc, events, exited };
}

async function until(ok: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const count = (w: Watch, kind: string) => w.events.filter((e) => e.kind === kind).length;

describe('spilno sync watch, two processes on the same folders', () => {
  it('one imports, the other stands by and takes over when the first is killed; nothing is imported twice', async () => {
    const a = await fx.unit('NPU');
    const b = await fx.unit('DMS');
    trustAll([a, b]);
    const op = newOperation(a.ctx);
    const root = fx.dir();
    const inbox = path.join(root, 'in');
    fs.mkdirSync(inbox, { recursive: true });
    const passFile = path.join(fx.dir(), 'pass');
    fs.writeFileSync(passFile, `${TEST_PASSPHRASE}\n`, { mode: 0o600 });
    b.ctx.db.close();

    // Both started at once: exactly one claims the folders.
    const w1 = startWatch(b.dataDir, root, passFile);
    const w2 = startWatch(b.dataDir, root, passFile);
    await until(() => count(w1, 'watching') + count(w2, 'watching') === 1 && count(w1, 'standby') + count(w2, 'standby') === 1, 'one holder and one standby');
    const [holder, other] = count(w1, 'watching') === 1 ? [w1, w2] : [w2, w1];

    const first = await send(a, [b], fx.dir());
    fs.copyFileSync(first.file, path.join(inbox, 'first.spilno'));
    await until(() => count(holder, 'imported') === 1, 'the holder\'s import');

    holder.proc.kill('SIGKILL');
    await holder.exited;
    await until(() => other.events.some((e) => e.kind === 'watching' && e.takeover === true), 'the takeover');

    newOperation(a.ctx, { codeName: 'ДНІПРО' });
    const second = await send(a, [b], fx.dir());
    fs.copyFileSync(second.file, path.join(inbox, 'second.spilno'));
    await until(() => count(other, 'imported') === 1, 'the import after the takeover');
    // The one left running writes b's acknowledgement for a, then stops cleanly on SIGTERM.
    await until(() => count(other, 'exported') >= 1, 'the acknowledgement');
    other.proc.kill('SIGTERM');
    expect(await other.exited).toBe(0);
    expect(count(other, 'stopped')).toBe(1);
    expect(count(holder, 'imported') + count(other, 'imported')).toBe(2);
    expect(fs.existsSync(path.join(inbox, WATCH_LOCK))).toBe(false);
    expect(fs.readdirSync(path.join(inbox, 'processed')).sort()).toEqual(['first.spilno', 'second.spilno']);

    b.reopen();
    unlockIdentity(b.ctx, testProtector());
    expect(listBundleLog(b.ctx.db, 100).filter((r) => r.direction === 'in' && r.outcome === 'applied')).toHaveLength(2);
    expect(dumpSyncedTables(b.ctx)).toBe(dumpSyncedTables(a.ctx));
    expect(op.id).toBeTruthy();
  });
});
