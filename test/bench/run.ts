/**
 * `npm run bench`: runs every test/bench/*.bench.ts module (optionally only those whose name
 * contains argv[2]) and prints one line per figure. A module exporting `explicitOnly = true`
 * (minutes long) runs only when argv[2] is exactly its name: `npm run bench -- sync-large`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { verdict, type BenchReport } from './bench-kit.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();

const report: BenchReport = {
  section: (title) => console.log(`\n== ${title}`),
  line: (l) => {
    const v = Number.isInteger(l.value) ? String(l.value) : l.value.toFixed(2);
    console.log(`${l.name}: ${v} ${l.unit} ${verdict(l)}${l.note ? ` — ${l.note}` : ''}`.trimEnd());
  },
};

let failed = false;
for (const f of files) {
  const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { run(r: BenchReport): Promise<void>; explicitOnly?: boolean };
  if (mod.explicitOnly && filter !== f.replace('.bench.ts', '')) continue;
  report.section(f.replace('.bench.ts', ''));
  try {
    await mod.run(report);
  } catch (e) {
    failed = true;
    console.error(`${f} failed:`, e);
  }
}
process.exitCode = failed ? 1 : 0;
