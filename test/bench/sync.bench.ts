/**
 * Sync bundles: export and import of 100,000 changes. Baselines measured in the same run:
 * - import against a raw bulk insert of the same change records and rows (one transaction,
 *   prepared statements, no validation or merge) — target ≤ 3×;
 * - encryption against the whole export: the age header and payload sealing of the bundle's
 *   own plaintext, timed alone — target ≤ 20 % of the export time;
 * - peak memory of an import by the CLI in a fresh process (sync-cli-import.ts), at two bundle
 *   sizes so the growth shows; the 500 MB case is its own bench (sync-large.bench.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Decrypter } from 'age-encryption';
import { ageHeader, PayloadSealer } from '../../electron/sync/age-native.js';
import { listChangesAfter, appendChanges } from '../../electron/db/repos/change-log.repo.js';
import { insertEntityRow } from '../../electron/db/repos/entity.repo.js';
import { transact, type ServiceContext } from '../../electron/services/context.js';
import { exportBundle, importBundle } from '../../electron/sync/bundle.js';
import { requireUnlocked } from '../../electron/sync/identity.js';
import { ENTITIES } from '../../electron/db/entities.js';
import { decodeHlc } from '../../shared/sync/hlc.js';
import { openUnit, trustAll, trustedPair, withIdentity, type Unit } from '../electron/sync/sync-helpers.js';
import { openTempContext, tempDataDir } from '../helpers/temp-context.js';
import type { BenchReport } from './bench-kit.js';
import { cliImport } from './sync-cli-import.js';
import { generate } from './sync-data.js';

/** The baseline: the same change records and rows written raw into a fresh database. */
function rawBulkInsert(source: ServiceContext): number {
  const changes = listChangesAfter(source.db, 0, 10_000_000).map(({ seq: _s, ...c }) => c);
  const target = openTempContext();
  try {
    const t0 = performance.now();
    transact(target.ctx, () => {
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
    });
    return performance.now() - t0;
  } finally {
    target.cleanup();
  }
}

export async function run(report: BenchReport): Promise<void> {
  const dir = tempDataDir('spilno-sync-bench-');
  const units: Unit[] = [];
  try {
    const [a, b] = await trustedPair();
    units.push(a, b);
    generate(a.ctx, 100_000);
    const count = a.ctx.db.prepare('SELECT count(*) FROM change_log').pluck().get() as number;

    const file = path.join(dir, 'a-to-b.spilno');
    const t0 = performance.now();
    const exp = await exportBundle(a.ctx, { peers: [b.ctx.siteId], outPath: file });
    const exportMs = performance.now() - t0;
    report.line({ name: `export of ${exp.changeCount} changes`, value: exportMs, unit: 'ms', note: `${Math.round(exp.changeCount / (exportMs / 1000))} changes/s, ${(exp.bytes / 1e6).toFixed(1)} MB` });

    const dec = new Decrypter();
    dec.addIdentity(requireUnlocked(b.ctx).ageIdentity);
    const plain = await dec.decrypt(fs.readFileSync(file));
    const e0 = performance.now();
    const { fileKey } = await ageHeader([requireUnlocked(b.ctx).ageRecipient]);
    const sealer = new PayloadSealer(fileKey);
    for (let i = 0; i < plain.length; i += 1 << 20) sealer.push(plain.subarray(i, i + (1 << 20)));
    sealer.finish();
    const encryptMs = performance.now() - e0;
    report.line({ name: 'encryption share of export (age header + sealing the same plaintext)', value: (encryptMs / exportMs) * 100, unit: '%', target: { max: 20 }, note: `${encryptMs.toFixed(0)} ms of ${exportMs.toFixed(0)} ms` });

    const baselineMs = rawBulkInsert(a.ctx);
    report.line({ name: `baseline: raw bulk insert of the same ${count} changes and rows`, value: baselineMs, unit: 'ms' });
    const i0 = performance.now();
    const imp = await importBundle(b.ctx, { path: file });
    const importMs = performance.now() - i0;
    report.line({ name: `import of ${imp.added} changes (validate, merge, apply)`, value: importMs / baselineMs, unit: '× baseline', target: { max: 3 }, note: `${importMs.toFixed(0)} ms` });

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
