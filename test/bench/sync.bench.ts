/**
 * Sync bundles: export and import of 100,000 changes. Baselines measured in the same run:
 * - export against reading the same change rows from the record and age-sealing the bundle's
 *   own plaintext (the work no export can avoid) — target ≤ 3×;
 * - import against a raw bulk insert of the same change records and rows (one transaction,
 *   prepared statements, no validation or merge) — target ≤ 2×;
 * - peak memory of an import by the CLI in a fresh process (sync-cli-import.ts), at two bundle
 *   sizes so the growth shows; the 500 MB case is its own bench (sync-large.bench.ts).
 * The ratios are of CPU time (user + system of this process), each the median of three runs
 * interleaved with their baselines: the machine is shared, and wall time measures whoever else
 * is busy on it (wall-time ratios are printed beside them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Decrypter } from 'age-encryption';
import { ageHeader, PayloadSealer } from '../../electron/sync/age-native.js';
import { listChangesAfter, appendChanges } from '../../electron/db/repos/change-log.repo.js';
import { insertEntityRow } from '../../electron/db/repos/entity.repo.js';
import { transact, type ServiceContext } from '../../electron/services/context.js';
import { exportBundle } from '../../electron/sync/bundle-export.js';
import { importBundle } from '../../electron/sync/bundle-import.js';
import { requireUnlocked } from '../../electron/sync/identity.js';
import { ENTITIES } from '../../electron/db/entities.js';
import { decodeHlc } from '../../shared/sync/hlc.js';
import { openUnit, trustAll, trustedPair, withIdentity, type Unit } from '../electron/sync/sync-helpers.js';
import { openTempContext, tempDataDir } from '../helpers/temp-context.js';
import type { BenchReport } from './bench-kit.js';
import { cliImport } from './sync-cli-import.js';
import { generate } from './sync-data.js';

interface Timed {
  wall: number;
  cpu: number;
}

async function timed(fn: () => unknown): Promise<Timed> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}

/** The import baseline: the same change records and rows written raw into a fresh database
 *  (timed from the first insert to the commit). */
async function rawBulkInsert(source: ServiceContext): Promise<Timed> {
  const changes = listChangesAfter(source.db, 0, 10_000_000).map(({ seq: _s, ...c }) => c);
  const target = openTempContext();
  try {
    return await timed(() => transact(target.ctx, () => {
      appendChanges(target.ctx.db, changes);
      const rows = new Map<string, Record<string, unknown>>();
      for (const c of changes) {
        if (c.field.startsWith('_')) continue;
        const key = `${c.entity}\u0000${c.rowId}`;
        let r = rows.get(key);
        if (!r) rows.set(key, (r = { entity: c.entity, id: c.rowId }));
        r[c.field] = JSON.parse(c.value);
      }
      for (const { entity, id, ...fields } of rows.values()) {
        const e = entity as keyof typeof ENTITIES;
        if (ENTITIES[e].fields && Object.keys(ENTITIES[e].fields).length > 0) {
          insertEntityRow(target.ctx.db, e, [String(id)], fields, new Date(decodeHlc(changes[0]!.hlc).wallMs).toISOString());
        }
      }
    }));
  } finally {
    target.cleanup();
  }
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** The export baseline: every change row read from the record, and the plaintext sealed. */
function readAndSeal(source: ServiceContext, plain: Uint8Array, recipient: string): Promise<void> {
  for (const _row of source.db.prepare('SELECT * FROM change_log ORDER BY seq').iterate());
  return ageHeader([recipient]).then(({ fileKey }) => {
    const sealer = new PayloadSealer(fileKey);
    for (let i = 0; i < plain.length; i += 1 << 20) sealer.push(plain.subarray(i, i + (1 << 20)));
    sealer.finish();
  });
}

/** Pairs of a run and its baseline; the ratio's median over them. Five, not three: on this shared
 *  2-core machine a single pair's ratio moved by ±0.3 with the load. */
const RUNS = 5;

export async function run(report: BenchReport): Promise<void> {
  const dir = tempDataDir('spilno-sync-bench-');
  const units: Unit[] = [];
  try {
    const [a, b] = await trustedPair();
    units.push(a, b);
    generate(a.ctx, 100_000);
    const count = a.ctx.db.prepare('SELECT count(*) FROM change_log').pluck().get() as number;
    const file = path.join(dir, 'a-to-b.spilno');
    const recipient = requireUnlocked(b.ctx).ageRecipient;

    const exports: Timed[] = [];
    const reads: Timed[] = [];
    let exp = await exportBundle(a.ctx, { peers: [b.ctx.siteId], outPath: file });
    const dec = new Decrypter();
    dec.addIdentity(requireUnlocked(b.ctx).ageIdentity);
    const plain = await dec.decrypt(fs.readFileSync(file));
    for (let i = 0; i < RUNS; i++) {
      exports.push(await timed(async () => { exp = await exportBundle(a.ctx, { peers: [b.ctx.siteId], outPath: file }); }));
      reads.push(await timed(() => readAndSeal(a.ctx, plain, recipient)));
    }
    const exportCpu = median(exports.map((e, i) => e.cpu / reads[i]!.cpu));
    const exportWall = median(exports.map((e, i) => e.wall / reads[i]!.wall));
    report.line({
      name: `export of ${exp.changeCount} changes (select by the need-to-know rule, sign, seal; ${(exp.bytes / 1e6).toFixed(1)} MB)`,
      value: exportCpu, unit: '× baseline', target: { max: 3 },
      note: `baseline: read the same ${count} rows + seal the same plaintext; CPU ${median(exports.map((e) => e.cpu)).toFixed(0)} vs ${median(reads.map((r) => r.cpu)).toFixed(0)} ms; wall ratio ${exportWall.toFixed(2)} (${median(exports.map((e) => e.wall)).toFixed(0)} ms, ${Math.round(exp.changeCount / (median(exports.map((e) => e.wall)) / 1000))} changes/s)`,
    });

    const imports: Timed[] = [];
    const raws: Timed[] = [];
    let added = 0;
    for (let i = 0; i < RUNS; i++) {
      raws.push(await rawBulkInsert(a.ctx));
      const fresh = await withIdentity(openUnit('DMS'));
      units.push(fresh);
      trustAll([a, fresh]);
      const f = path.join(dir, `import-${i}.spilno`);
      await exportBundle(a.ctx, { peers: [fresh.ctx.siteId], outPath: f });
      imports.push(await timed(async () => { added = (await importBundle(fresh.ctx, { path: f })).added; }));
    }
    report.line({
      name: `import of ${added} changes (decrypt, verify, validate every change by the rights rule, merge, apply)`,
      value: median(imports.map((m, i) => m.cpu / raws[i]!.cpu)), unit: '× baseline', target: { max: 2 },
      note: `baseline: raw bulk insert of the same changes and rows; CPU ${median(imports.map((m) => m.cpu)).toFixed(0)} vs ${median(raws.map((r) => r.cpu)).toFixed(0)} ms; each pair ${imports.map((m, i) => (m.cpu / raws[i]!.cpu).toFixed(2)).join(' ')}; wall ratio ${median(imports.map((m, i) => m.wall / raws[i]!.wall)).toFixed(2)}`,
    });

    // Peak memory: fresh units import the 100k bundle and a larger one, each in a child process.
    const small = await withIdentity(openUnit('DMS'));
    const big = await withIdentity(openUnit('DMS'));
    units.push(small, big);
    trustAll([a, small, big]);
    const smallFile = path.join(dir, 'a-to-small.spilno');
    const smallExp = await exportBundle(a.ctx, { peers: [small.ctx.siteId], outPath: smallFile });
    generate(a.ctx, 250_000);
    const bigFile = path.join(dir, 'a-to-big.spilno');
    const bigExp = await exportBundle(a.ctx, { peers: [big.ctx.siteId], outPath: bigFile });
    for (const [unit, f, exp] of [[small, smallFile, smallExp], [big, bigFile, bigExp]] as const) {
      const r = await cliImport(unit, f);
      report.line({
        name: `peak RSS importing a ${(exp.bytes / 1e6).toFixed(0)} MB bundle (${exp.changeCount} changes; CLI in a fresh process)`,
        value: r.peakMb, unit: 'MB', target: { max: 300 },
        note: `${(r.ms / 1000).toFixed(1)} s; ${r.breakdown}; the 500 MB case: npm run bench -- sync-large`,
      });
    }
  } finally {
    for (const u of units) u.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
