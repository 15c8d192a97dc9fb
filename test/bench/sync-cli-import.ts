/**
 * Peak memory of a bundle import, measured honestly: the real CLI (`spilno bundle import`,
 * compiled JS, no test loader, Node's default heap limit) in a fresh process that does nothing
 * else, so the figure is the import's own peak as a user would see it, not the bench's.
 * The child's peak RSS comes from getrusage at its exit; the parent samples its /proc status
 * to show what the peak is made of (anonymous memory vs mapped files).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportPreview } from '../../shared/api/sync.js';
import { TEST_PASSPHRASE, type Unit } from '../electron/sync/sync-helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Preloaded into the child. At exit it prints its peak resident set (KB) and the largest JS
 * heap seen; the heap is sampled whenever the CLI prints a progress line, which it does from
 * inside the import (read and validate phases) where no timer could run.
 */
const PEAK_HOOK = `data:text/javascript,${encodeURIComponent(`
  let heap = 0, heapTotal = 0, external = 0;
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (...args) => {
    const m = process.memoryUsage();
    heap = Math.max(heap, m.heapUsed); heapTotal = Math.max(heapTotal, m.heapTotal); external = Math.max(external, m.external);
    return write(...args);
  };
  process.on('exit', () => write('\\npeak=' + JSON.stringify({ rssKb: process.resourceUsage().maxRSS, heap, heapTotal, external }) + '\\n'));
`)}`;

interface Sample { rss: number; anon: number; file: number }
interface Peak { rssKb: number; heap: number; heapTotal: number; external: number }

export interface CliImportResult {
  ms: number;
  peakMb: number;
  preview: ImportPreview;
  /** What the peak was made of, for the bench line. */
  breakdown: string;
}

function readStatus(pid: number): Sample | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
  } catch {
    return null;
  }
}

/** Closes the unit's connection and imports `file` into its data folder with the CLI. */
export function cliImport(unit: Unit, file: string): Promise<CliImportResult> {
  unit.ctx.db.close();
  const passFile = path.join(unit.dataDir, 'bench-passphrase');
  fs.writeFileSync(passFile, TEST_PASSPHRASE, { mode: 0o600 });
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [
      '--import', PEAK_HOOK, path.join(root, 'bin/spilno.js'), 'bundle', 'import', file,
      '--data-dir', unit.dataDir, '--passphrase-file', passFile, '--json',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let atPeak: Sample | null = null;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setInterval(() => {
      const s = readStatus(child.pid!);
      if (s && (!atPeak || s.rss > atPeak.rss)) atPeak = s;
    }, 100);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const ms = performance.now() - t0;
      const m = /\npeak=(.*)\n/.exec(err);
      if (code !== 0 || !m) {
        reject(new Error(`import failed (${code}): ${err.slice(-2000)}`));
        return;
      }
      const peak = JSON.parse(m[1]!) as Peak;
      const MB = (bytes: number) => (bytes / 1048576).toFixed(0);
      const s: Sample | null = atPeak;
      resolve({
        ms, peakMb: peak.rssKb / 1024, preview: JSON.parse(out) as ImportPreview,
        breakdown: (s ? `largest /proc sample ${MB(s.rss * 1024)} MB = anon ${MB(s.anon * 1024)} + files ${MB(s.file * 1024)}; ` : '')
          + `JS heap ≤ ${MB(peak.heap)} MB used of ${MB(peak.heapTotal)} MB, external ${MB(peak.external)} MB`,
      });
    });
  });
}
