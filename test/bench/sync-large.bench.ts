/**
 * The 500 MB bundle (issue 5: "a 500 MB bundle imports with under 300 MB peak memory").
 * Not part of the default `npm run bench` (it takes minutes and ~2 GB of temp disk); run it by
 * name:  npm run bench -- sync-large   (SPILNO_BENCH_BUNDLE_MB=N for another size).
 *
 * Content: ~2 million small changes (tasks as the app writes them, ~15 changes each, spread
 * over 40 operations) — the hard case for memory, because anything an import keeps per row or
 * per change grows with the count; large text fields would reach 500 MB with far fewer rows.
 *
 * The import is the real CLI in a fresh process (see sync-cli-import.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { exportBundle } from '../../electron/sync/bundle-export.js';
import { trustedPair, type Unit } from '../electron/sync/sync-helpers.js';
import { tempDataDir } from '../helpers/temp-context.js';
import type { BenchReport } from './bench-kit.js';
import { cliImport } from './sync-cli-import.js';
import { generateSpread } from './sync-data.js';

/** Only when named on the command line (see run.ts). */
export const explicitOnly = true;

/** Bundle bytes per change of the generated tasks (measured: 25.3 MB for 102,024 changes). */
const BYTES_PER_CHANGE = 245;
const OPERATIONS = 40;

export async function run(report: BenchReport): Promise<void> {
  const targetMb = Number(process.env.SPILNO_BENCH_BUNDLE_MB ?? 500);
  const dir = tempDataDir('spilno-sync-large-');
  const units: Unit[] = [];
  try {
    const [a, b] = await trustedPair();
    units.push(a, b);
    const g0 = performance.now();
    generateSpread(a.ctx, Math.round((targetMb * 1e6) / BYTES_PER_CHANGE), OPERATIONS);
    const genMs = performance.now() - g0;

    const file = path.join(dir, 'a-to-b.spilno');
    const e0 = performance.now();
    const exp = await exportBundle(a.ctx, { peers: [b.ctx.siteId], outPath: file });
    const exportMs = performance.now() - e0;
    const mb = exp.bytes / 1e6;
    report.line({
      name: `export of ${exp.changeCount} changes (${OPERATIONS} operations)`, value: exportMs / 1000, unit: 's',
      note: `${mb.toFixed(0)} MB bundle; generating the data took ${(genMs / 1000).toFixed(0)} s`,
    });
    a.ctx.db.close();

    const r = await cliImport(b, file);
    if (r.preview.status !== 'new' || r.preview.added !== exp.changeCount) {
      throw new Error(`import applied ${r.preview.added} of ${exp.changeCount} changes (${r.preview.status})`);
    }
    report.line({
      name: `peak RSS importing a ${mb.toFixed(0)} MB bundle (${exp.changeCount} changes; CLI in a fresh process)`,
      value: r.peakMb, unit: 'MB', target: { max: 300 },
      note: `${(r.ms / 1000).toFixed(0)} s, ${Math.round(exp.changeCount / (r.ms / 1000))} changes/s; ${r.breakdown}`,
    });
  } finally {
    for (const u of units) u.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
