/**
 * The core off the relaying thread (electron/core/). For three long jobs — importing a ~100 MB
 * bundle, a coordinator briefing pack of ~100 pages, a cold conflict scan of ~28,000 tasks — the
 * event-loop delay of the relaying thread (what Electron main or the browser-mode server would
 * feel) is measured with `monitorEventLoopDelay` while the job runs:
 *  - baseline: the same job through a core in this thread (how the app ran before the worker);
 *  - the app: the job through the core worker, this thread only relaying.
 * Target p99 ≤ 20 ms. Then, in Chromium against browser mode (the worker), clicks on the main
 * navigation while a 100 MB import runs: time from the click event to the next painted frame.
 */
import fs from 'node:fs';
import os from 'node:os';
import { Core } from '../../electron/core/core.js';
import { startCoreWorker, type CoreHandle } from '../../electron/core/core-client.js';
import { openServiceContext } from '../../electron/services/context.js';
import { buildLargeOperation } from '../helpers/large-operation.js';
import { tempDataDir } from '../helpers/temp-context.js';
import { callApi, openBrowser, startApp, uploadViaApi } from '../e2e/harness.js';
import { openUnit, send, TEST_PASSPHRASE, trustAll, withIdentity, type Unit } from '../electron/sync/sync-helpers.js';
import type { BenchReport } from './bench-kit.js';
import { generateSpread } from './sync-data.js';

/** ~240 bytes of bundle per change: ~420,000 changes make ~100 MB. */
const BUNDLE_CHANGES = 420_000;

interface Delay { p99: number; max: number; blockedShare: number; ms: number }

/**
 * How late this thread would answer something that arrives at a random moment while `job`
 * runs. A 2 ms interval timer stamps every turn of the loop; a gap of g ms between stamps means
 * an arrival in it waited up to g − 2 ms. The p99 is taken over time (the wait exceeded in 1 %
 * of the job's wall time), not over timer ticks: a loop blocked for 13 s is one tick but 13 s
 * of time, and `monitorEventLoopDelay`'s per-tick p99 would hide it.
 */
async function loopDelayDuring(job: () => Promise<unknown>): Promise<Delay> {
  const stamps: number[] = [];
  const timer = setInterval(() => stamps.push(performance.now()), 2);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const t0 = performance.now();
  stamps.push(t0);
  await job();
  const ms = performance.now() - t0;
  // One more turn so a loop blocked to the very end is counted.
  await new Promise((resolve) => setTimeout(resolve, 10));
  clearInterval(timer);
  const gaps = stamps.slice(1).map((t, i) => Math.max(0, t - stamps[i]! - 2));
  const total = gaps.reduce((a, g) => a + g + 2, 0);
  const over = (d: number) => gaps.reduce((a, g) => a + Math.max(0, g - d), 0);
  let lo = 0;
  let hi = Math.max(...gaps, 0);
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (over(mid) > total * 0.01) lo = mid; else hi = mid;
  }
  return { p99: hi, max: Math.max(...gaps, 0), blockedShare: gaps.filter((g) => g > 20).reduce((a, g) => a + g, 0) / total, ms };
}

async function inThisThread(dataDir: string): Promise<CoreHandle> {
  return new Core(openServiceContext({ dataDir, mode: 'browser' }), { watchMs: 0 });
}

async function inWorker(dataDir: string): Promise<CoreHandle> {
  return startCoreWorker({ dataDir, mode: 'browser', background: false, watchMs: 250 });
}

async function expectOk(p: Promise<{ ok: boolean; error?: unknown }>): Promise<void> {
  const r = await p;
  if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r.error)}`);
}

function lines(report: BenchReport, job: string, base: Delay, worker: Delay, note: string): void {
  const detail = (d: Delay) => `max ${d.max.toFixed(0)} ms, blocked > 20 ms for ${(d.blockedShare * 100).toFixed(0)} % of the job's ${(d.ms / 1000).toFixed(1)} s`;
  report.line({ name: `${job}: relaying loop delay p99, core in this thread (baseline)`, value: base.p99, unit: 'ms', note: detail(base) });
  report.line({ name: `${job}: relaying loop delay p99, core in the worker`, value: worker.p99, unit: 'ms', target: { max: 20 }, note: `${detail(worker)}; ${note}` });
}

/** SPILNO_BENCH_CORE=scan,pack runs only those parts (import, scan, pack, click). */
const PARTS = new Set((process.env.SPILNO_BENCH_CORE ?? 'import,scan,pack,click').split(','));

export async function run(report: BenchReport): Promise<void> {
  const units: Unit[] = [];
  const dirs: string[] = [];
  try {
    // A police unit with ~28,000 tasks; three customs units that will each import its bundle.
    const a = await withIdentity(openUnit('NPU'));
    const targets = [await withIdentity(openUnit('DMS')), await withIdentity(openUnit('DMS')), await withIdentity(openUnit('DMS'))];
    units.push(a, ...targets);
    trustAll([a, ...targets]);
    generateSpread(a.ctx, BUNDLE_CHANGES, 40);
    const dir = tempDataDir('spilno-core-bench-');
    dirs.push(dir);
    const bundle = await send(a, targets, dir);
    const mb = fs.statSync(bundle.file).size / 1e6;
    report.line({ name: 'bundle', value: mb, unit: 'MB', note: `${bundle.changeCount} changes` });
    // On a shared 2-core machine a busy neighbour delays this thread too (not the core's doing).
    report.line({ name: 'machine load average (1 min)', value: os.loadavg()[0]!, unit: '', note: `${os.cpus().length} cores` });
    for (const t of targets) t.ctx.db.close();

    // 1. The bundle import.
    const importWith = async (open: (d: string) => Promise<CoreHandle>, unit: Unit) => {
      const core = await open(unit.dataDir);
      try {
        await expectOk(core.call('sync', 'unlock', { passphrase: TEST_PASSPHRASE }));
        const granted = await core.grant({ kind: 'read', path: bundle.file });
        if (!granted.ok) throw new Error(granted.error.message);
        return await loopDelayDuring(() => expectOk(core.call('sync', 'importBundle', { file: granted.value.handle })));
      } finally {
        await core.close();
      }
    };
    if (PARTS.has('import')) {
      const importBase = await importWith(inThisThread, targets[0]!);
      const importWorker = await importWith(inWorker, targets[1]!);
      lines(report, `import of the ${mb.toFixed(0)} MB bundle`, importBase, importWorker, 'one apply transaction in the worker');
    }

    // 2. A cold conflict scan of the police unit's plan (the first scan after opening).
    a.ctx.db.close();
    const scanWith = async (open: (d: string) => Promise<CoreHandle>) => {
      const core = await open(a.dataDir);
      try {
        return await loopDelayDuring(() => expectOk(core.call('conflicts', 'scan', {})));
      } finally {
        await core.close();
      }
    };
    const tasks = BUNDLE_CHANGES / 15;
    if (PARTS.has('scan')) {
      const scanBase = await scanWith(inThisThread);
      const scanWorker = await scanWith(inWorker);
      lines(report, `cold conflict scan (~${Math.round(tasks / 1000)},000 tasks)`, scanBase, scanWorker, 'index built on first use');
    }

    // 3. The coordinator's briefing pack of a 500-task, 12-agency operation.
    const packDir = tempDataDir('spilno-core-bench-pack-');
    dirs.push(packDir);
    const setup = openServiceContext({ dataDir: packDir, mode: 'cli' });
    const { operationId } = buildLargeOperation(setup, { agencies: 12, tasks: 500 });
    setup.db.close();
    let pages = 0;
    const packWith = async (open: (d: string) => Promise<CoreHandle>) => {
      const core = await open(packDir);
      try {
        let answer: { ok: boolean; value?: unknown; error?: unknown } = { ok: false };
        const delay = await loopDelayDuring(async () => {
          answer = await core.call('exports', 'briefing', { operationId, agencyId: null, lang: 'uk' });
        });
        // Counted after the measurement: decoding the PDF is this test's work, not the relay's.
        if (!answer.ok) throw new Error(JSON.stringify(answer.error));
        const pdf = Buffer.from((answer.value as { base64: string }).base64, 'base64').toString('latin1');
        pages = (pdf.match(/\/Type \/Page\b/g) ?? []).length;
        return delay;
      } finally {
        await core.close();
      }
    };
    if (PARTS.has('pack')) {
      const packBase = await packWith(inThisThread);
      const packWorker = await packWith(inWorker);
      lines(report, `coordinator pack (${pages} pages)`, packBase, packWorker, 'pdfkit in the worker');
    }
    if (!PARTS.has('click')) return;

    // 4. Chromium against browser mode: clicks while the third unit imports the bundle.
    const app = await startApp({ dataDir: targets[2]!.dataDir });
    const browser = await openBrowser();
    try {
      await callApi(app, 'sync', 'unlock', { passphrase: TEST_PASSPHRASE });
      const page = browser.page;
      await page.goto(app.launchUrl);
      await page.locator('.shell').waitFor();
      await page.evaluate(() => {
        const w = window as unknown as { clickLatencies: number[] };
        w.clickLatencies = [];
        // From the click event's timestamp to the frame painted after its handlers ran.
        document.addEventListener('click', (e) => {
          const t = e.timeStamp;
          requestAnimationFrame(() => setTimeout(() => w.clickLatencies.push(performance.now() - t), 0));
        }, true);
      });
      const links = ['Календар', 'Операції', 'Конфлікти', 'Довідник'];
      const clickAround = async (until: () => boolean, most: number): Promise<number[]> => {
        await page.evaluate(() => { (window as unknown as { clickLatencies: number[] }).clickLatencies = []; });
        for (let clicks = 0; !until() && clicks < most; clicks++) {
          await page.getByRole('link', { name: links[clicks % links.length]!, exact: true }).click();
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        const got = await page.evaluate(() => (window as unknown as { clickLatencies: number[] }).clickLatencies);
        return got.sort((x, y) => x - y);
      };
      const stats = (l: number[]) => `${l.length} clicks, median ${(l[Math.floor(l.length / 2)] ?? NaN).toFixed(0)} ms, worst ${(l.at(-1) ?? NaN).toFixed(0)} ms`;
      // The same clicks with nothing running: what rendering those pages costs by itself.
      const idle = await clickAround(() => false, 16);
      const handle = await uploadViaApi(app, bundle.file);
      const importing = callApi(app, 'sync', 'importBundle', { file: handle });
      let done = false;
      void importing.finally(() => (done = true));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const busy = await clickAround(() => done, 40);
      await importing;
      report.line({ name: 'Chromium: click to next frame, idle (baseline)', value: idle[Math.floor(idle.length / 2)] ?? NaN, unit: 'ms', note: stats(idle) });
      report.line({
        name: 'Chromium: click to next frame while a 100 MB import runs (median)', value: busy[Math.floor(busy.length / 2)] ?? NaN, unit: 'ms', target: { max: 100 },
        note: `${stats(busy)}; clicks on the main navigation; the pages' data waits for the core's transaction (their loading state shows)`,
      });
    } finally {
      await browser.close();
      await app.stop();
    }
  } finally {
    for (const u of units) u.cleanup();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}
