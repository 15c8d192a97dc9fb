/**
 * `spilno relay` as a real process (the built CLI): refuses a data folder without its own
 * identity, runs as a service until SIGTERM, forwards between the units it enrolled, and frees
 * its root on the way out.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RELAY_LOCK } from '../../../electron/sync/relay.js';
import { newOperation, openUnit, send, syncFixtures, trust } from './sync-helpers.js';

const fx = syncFixtures();
const BIN = path.resolve('bin/spilno.js');
const running: { kill(s: NodeJS.Signals): boolean; exitCode: number | null }[] = [];
afterEach(() => {
  for (const p of running.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
});

describe('spilno relay', () => {
  it('needs an identity of its own', () => {
    const bare = openUnit('DMS');
    try {
      bare.ctx.db.close();
      const r = spawnSync(process.execPath, [BIN, 'relay', '--root', fx.dir(), '--data-dir', bare.dataDir], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/identity create/);
    } finally {
      bare.cleanup();
    }
  });

  it('forwards for enrolled units until SIGTERM, then frees its root', async () => {
    const police = await fx.unit('NPU');
    const customs = await fx.unit('DMS');
    const relay = await fx.unit('DMS', 'Ретранслятор');
    trust(police, customs);
    trust(customs, police);
    trust(relay, police);
    trust(relay, customs);
    relay.ctx.db.close();
    const root = fx.dir('spilno-relay-cli-');
    const proc = spawn(process.execPath, [BIN, 'relay', '--root', root, '--data-dir', relay.dataDir, '--scan-ms', '200', '--settle-ms', '100', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.push(proc);
    const lines: { kind: string }[] = [];
    let rest = '';
    proc.stdout.on('data', (c: Buffer) => {
      rest += c.toString('utf8');
      for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n')) {
        lines.push(JSON.parse(rest.slice(0, nl)) as { kind: string });
        rest = rest.slice(nl + 1);
      }
    });
    const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
    const until = async (ok: () => boolean, what: string) => {
      const end = Date.now() + 60_000;
      while (!ok()) {
        if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(() => lines.some((l) => l.kind === 'relaying'), 'the relay to start');
    newOperation(police.ctx);
    const outbox = path.join(root, police.ctx.siteId, 'outbox', customs.ctx.siteId);
    fs.mkdirSync(outbox, { recursive: true });
    const b = await send(police, [customs], fx.dir());
    fs.copyFileSync(b.file, path.join(outbox, 'for-customs.spilno'));
    const delivered = path.join(root, customs.ctx.siteId, 'inbox', 'for-customs.spilno');
    await until(() => fs.existsSync(delivered), 'the forward');
    expect(fs.readFileSync(delivered).equals(fs.readFileSync(b.file))).toBe(true);
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.map((l) => l.kind)).toEqual(['relaying', 'forwarded', 'stopped']);
    expect(fs.existsSync(path.join(root, RELAY_LOCK))).toBe(false);
  });
});
