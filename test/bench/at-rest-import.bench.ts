/**
 * Sync import into an encrypted store against the same import into an unencrypted one, in the
 * same run (target: within 1.5×). One bundle of ~100,000 changes addressed to every receiver;
 * each round imports it into a fresh unencrypted unit and a fresh encrypted unit, alternating
 * which goes first, and the ratio is taken of the medians. Both read the bundle twice (no copy
 * of it anywhere; SQLite temp files would be plaintext) and apply in one transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import { enableEncryption } from '../../electron/security/at-rest.js';
import { exportBundle } from '../../electron/sync/bundle-export.js';
import { importBundle } from '../../electron/sync/bundle-import.js';
import { unlockIdentity } from '../../electron/sync/identity.js';
import { openUnit, testProtector, trustAll, withIdentity, type Unit } from '../electron/sync/sync-helpers.js';
import { tempDataDir } from '../helpers/temp-context.js';
import type { BenchReport } from './bench-kit.js';
import { generate } from './sync-data.js';

const ROUNDS = 3;
const CHANGES = 100_000;

async function receiver(encrypted: boolean): Promise<Unit> {
  const u = await withIdentity(openUnit('DMS'));
  if (encrypted) {
    enableEncryption(u.ctx, 'bench passphrase', { autoLockMinutes: 0 });
    unlockIdentity(u.ctx, testProtector());
  }
  return u;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(report: BenchReport): Promise<void> {
  const dir = tempDataDir('spilno-at-rest-bench-');
  const units: Unit[] = [];
  try {
    const sender = await withIdentity(openUnit('NPU'));
    units.push(sender);
    generate(sender.ctx, CHANGES);
    const receivers: { plain: Unit; enc: Unit }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const plain = await receiver(false);
      const enc = await receiver(true);
      units.push(plain, enc);
      receivers.push({ plain, enc });
    }
    trustAll(units);
    const file = path.join(dir, 'bundle.spilno');
    const exp = await exportBundle(sender.ctx, { peers: units.slice(1).map((u) => u.ctx.siteId), outPath: file });

    // Wall time, and this process' CPU time (less disturbed by other work on a shared machine;
    // fsync waits are not in it).
    const wall = { plain: [] as number[], enc: [] as number[] };
    const cpu = { plain: [] as number[], enc: [] as number[] };
    for (const [i, r] of receivers.entries()) {
      const order = i % 2 === 0 ? (['plain', 'enc'] as const) : (['enc', 'plain'] as const);
      for (const kind of order) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await importBundle(r[kind].ctx, { path: file });
        wall[kind].push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu[kind].push((c.user + c.system) / 1000);
      }
    }
    const list = (xs: number[]) => xs.map((t) => t.toFixed(0)).join(', ');
    report.line({ name: `baseline: import of ${exp.changeCount} changes into an unencrypted store`, value: median(wall.plain), unit: 'ms', note: `runs ${list(wall.plain)}; CPU ${list(cpu.plain)} ms` });
    report.line({
      name: 'import of the same bundle into an encrypted store (AEGIS-256), wall time', value: median(wall.enc) / median(wall.plain),
      unit: '× unencrypted', target: { max: 1.5 }, note: `median of ${ROUNDS}; runs ${list(wall.enc)} ms`,
    });
    report.line({
      name: 'the same, CPU time of this process', value: median(cpu.enc) / median(cpu.plain),
      unit: '× unencrypted', target: { max: 1.5 }, note: `runs ${list(cpu.enc)} ms`,
    });
  } finally {
    for (const u of units) u.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
