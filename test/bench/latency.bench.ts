/**
 * Latency that does not grow with history (issue 15).
 *
 * 1. Commit latency: the same task save (dispatch → guard → write → change record → audit) on
 *    the demo plan alone and on the demo plan beside a 200k-change history, interleaved in
 *    rounds, medians compared (target ≤ 1.2×).
 * 2. Load: browser mode (the real `spilno web` process, over HTTP) with the 200k-change history,
 *    and 50 concurrent clients doing mixed reads and writes — each a busy planner: an action
 *    (a save and the reloads after it, or opening a page) every 0.5–1.5 s. Prints p50/p99/max,
 *    the errors and the lost writes (every acknowledged write is read back at the end); then
 *    the same clients without pauses, for the throughput at saturation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../../electron/api/dispatch.js';
import { openServiceContext, type ServiceContext } from '../../electron/services/context.js';
import { loadDemo } from '../../electron/services/demo.js';
import { getOperationPlan } from '../../electron/services/operations.js';
import type { BenchReport } from './bench-kit.js';
import { addHistory } from './history.js';

const HISTORY = { operations: 150, tasksEach: 20, changes: 200_000 };

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'spilno-bench-lat-'));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function commitLatency(report: BenchReport): Promise<void> {
  const dirs = [tempDir(), tempDir()];
  const contexts: ServiceContext[] = dirs.map((dataDir) => openServiceContext({ dataDir, mode: 'cli' }));
  try {
    const targets = contexts.map((ctx) => {
      const { operationId } = loadDemo(ctx);
      return getOperationPlan(ctx, operationId).tasks[0]!;
    });
    const t0 = performance.now();
    const changes = addHistory(contexts[1]!, HISTORY);
    const buildS = (performance.now() - t0) / 1000;
    const times: number[][] = [[], []];
    let n = 0;
    const save = async (i: number) => {
      const task = targets[i]!;
      const t = performance.now();
      const r = await dispatch(contexts[i]!, 'tasks', 'update', { id: task.id, patch: { title: `${task.title} · ${n++}` } });
      if (!r.ok) throw new Error(`save failed: ${r.error.code} ${r.error.message}`);
      return performance.now() - t;
    };
    for (let w = 0; w < 10; w++) { await save(0); await save(1); }
    for (let round = 0; round < 15; round++) {
      for (let k = 0; k < 10; k++) {
        times[round % 2]!.push(await save(round % 2));
        times[1 - (round % 2)]!.push(await save(1 - (round % 2)));
      }
    }
    const empty = median(times[0]!);
    const long = median(times[1]!);
    report.line({ name: 'task save, demo plan alone (median of 150)', value: empty, unit: 'ms' });
    report.line({
      name: `task save beside a ${changes.toLocaleString('en')}-change history (median of 150)`, value: long, unit: 'ms',
      note: `${HISTORY.operations * HISTORY.tasksEach} tasks in ${HISTORY.operations} operations, built in ${buildS.toFixed(0)} s`,
    });
    report.line({ name: 'commit latency ratio, 200k-change history / empty', value: long / empty, unit: '×', target: { max: 1.2 } });
  } finally {
    for (const c of contexts) c.db.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

interface Server { child: ChildProcess; port: number; token: string }

async function startServer(dataDir: string): Promise<Server> {
  const main = path.resolve('dist/electron/cli/main.js');
  const child = spawn(process.execPath, [...(process.env.SPILNO_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean), 'bin/spilno.js', 'web', '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (!fs.existsSync(main)) throw new Error('build first (npm run bench builds)');
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/\S+/.exec(out);
      if (m) resolve(m[0]);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const url = new URL(line);
  return { child, port: Number(url.port), token: new URLSearchParams(url.hash.slice(1)).get('token')! };
}

function caller(server: Server) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  return (method: string, input: unknown) => new Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>((resolve, reject) => {
    const body = Buffer.from(JSON.stringify(input));
    const req = http.request({
      host: '127.0.0.1', port: server.port, path: `/api/${method.replace('.', '/')}`, method: 'POST', agent,
      headers: {
        host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', 'content-length': body.length,
        'x-spilno-token': server.token,
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const CLIENTS = 50;
const ACTIONS_EACH = 30;
/** Between two actions a client waits 0.5–1.5 s: a planner saving or opening something every
 *  second, without pause, is far busier than a real one (seconds to minutes between saves). */
const THINK_MS = { min: 500, max: 1500 };

type Call = ReturnType<typeof caller>;
interface Mine { operationId: string; taskId: string }

/**
 * One user action as the renderer issues it: a save is followed by the reloads the query
 * layer does after a commit (the plan, the badges); opening a page reads what the page shows.
 */
function action(c: number, i: number, mine: Mine, demoId: string): { method: string; input: unknown }[] {
  switch (i % 6) {
    case 0: case 3:
      return [
        { method: 'tasks.update', input: { id: mine.taskId, patch: { title: `Патруль ${c}.${i}` } } },
        { method: 'operations.getPlan', input: { id: mine.operationId } },
        { method: 'conflicts.taskCounts', input: {} },
      ];
    case 1:
      return [
        {
          method: 'tasks.create',
          input: {
            operationId: mine.operationId, title: `Завдання ${c}.${i}`, type: 'briefing', accountableAgencyId: 'DMS',
            startsAt: '2027-03-01T11:00:00Z', endsAt: '2027-03-01T12:00:00Z',
          },
        },
        { method: 'operations.getPlan', input: { id: mine.operationId } },
      ];
    case 2:
      return [{ method: 'operations.list', input: {} }, { method: 'conflicts.taskCounts', input: {} }];
    case 4:
      return [{ method: 'operations.getPlan', input: { id: demoId } }, { method: 'conflicts.forOperation', input: { operationId: demoId } }];
    default:
      return [{ method: 'tasks.listInRange', input: { from: '2027-03-01T00:00:00Z', to: '2027-03-03T00:00:00Z' } }];
  }
}

interface LoadResult {
  latencies: number[];
  byMethod: Map<string, number[]>;
  errors: number;
  errorKinds: Map<string, number>;
  lost: number;
  writes: number;
  wallS: number;
}

async function drive(call: Call, own: Mine[], demoId: string, think: boolean, actionsEach: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const byMethod = new Map<string, number[]>();
  let errors = 0;
  const errorKinds = new Map<string, number>();
  const lastTitle = new Map<string, string>();
  const created: string[] = [];
  const t0 = performance.now();
  await Promise.all(own.map(async (mine, c) => {
    // Clients start spread over one think time, as users do, not in lockstep.
    if (think) await sleep(Math.random() * THINK_MS.max);
    for (let i = 0; i < actionsEach; i++) {
      for (const { method, input } of action(c, i, mine, demoId)) {
        const t = performance.now();
        let r: Awaited<ReturnType<Call>> | null;
        try {
          r = await call(method, input);
        } catch {
          r = null;
        }
        const ms = performance.now() - t;
        latencies.push(ms);
        if (!byMethod.has(method)) byMethod.set(method, []);
        byMethod.get(method)!.push(ms);
        if (!r?.ok) {
          errors++;
          const kind = `${method}: ${r?.error?.code ?? 'no answer'}`;
          errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
          continue;
        }
        if (method === 'tasks.update') lastTitle.set(mine.taskId, (input as { patch: { title: string } }).patch.title);
        if (method === 'tasks.create') created.push((r.value as { id: string }).id);
      }
      if (think) await sleep(THINK_MS.min + Math.random() * (THINK_MS.max - THINK_MS.min));
    }
  }));
  const wallS = (performance.now() - t0) / 1000;
  let lost = 0;
  for (const [taskId, title] of lastTitle) {
    const r = await call('tasks.get', { id: taskId });
    if (!r.ok || (r.value as { title: string }).title !== title) lost++;
  }
  for (const id of created) if (!(await call('tasks.get', { id })).ok) lost++;
  latencies.sort((a, b) => a - b);
  return { latencies, byMethod, errors, errorKinds, lost, writes: lastTitle.size + created.length, wallS };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function loadRun(report: BenchReport): Promise<void> {
  const dataDir = tempDir();
  let server: Server | null = null;
  try {
    const ctx = openServiceContext({ dataDir, mode: 'cli' });
    const { operationId: demoId } = loadDemo(ctx);
    const changes = addHistory(ctx, HISTORY);
    ctx.db.close();
    server = await startServer(dataDir);
    const call = caller(server);

    // Each client owns one operation with one task: its writes never collide with another's
    // on purpose, so every acknowledged write must be read back exactly.
    const own: Mine[] = [];
    for (let c = 0; c < CLIENTS; c++) {
      const op = await call('operations.create', {
        codeName: `НАВАНТАЖЕННЯ-${c}`, type: 'joint_patrol', leadAgencyId: 'DMS', legalBasis: 'ст. 558 МКУ',
        startsAt: '2027-03-01T06:00:00Z', endsAt: '2027-03-02T06:00:00Z',
      });
      const opId = (op.value as { id: string }).id;
      const task = await call('tasks.create', {
        operationId: opId, title: 'Патруль', type: 'patrol', accountableAgencyId: 'DMS',
        startsAt: '2027-03-01T08:00:00Z', endsAt: '2027-03-01T10:00:00Z',
      });
      own.push({ operationId: opId, taskId: (task.value as { id: string }).id });
    }

    const users = await drive(call, own, demoId, true, ACTIONS_EACH);
    const r = users.latencies;
    const note = `${r.length} requests in ${users.wallS.toFixed(1)} s (${(r.length / users.wallS).toFixed(0)}/s), `
      + `think ${THINK_MS.min / 1000}–${THINK_MS.max / 1000} s between actions, history ${changes.toLocaleString('en')} changes, `
      + `machine load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
    report.line({ name: `load, ${CLIENTS} clients: p50`, value: percentile(r, 50), unit: 'ms', note });
    report.line({ name: `load, ${CLIENTS} clients: p99`, value: percentile(r, 99), unit: 'ms', target: { max: 250 } });
    report.line({ name: `load, ${CLIENTS} clients: max`, value: r[r.length - 1]!, unit: 'ms' });
    for (const [method, ms] of [...users.byMethod].sort(([a], [b]) => a.localeCompare(b))) {
      ms.sort((a, b) => a - b);
      console.log(`  ${method}: ${ms.length} calls, p50 ${percentile(ms, 50).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms, max ${ms[ms.length - 1]!.toFixed(0)} ms`);
    }
    report.line({
      name: `load, ${CLIENTS} clients: errors`, value: users.errors, unit: 'requests', target: { max: 0 },
      ...(users.errors > 0 ? { note: [...users.errorKinds].map(([k, n]) => `${k} ×${n}`).join(', ') } : {}),
    });
    report.line({
      name: `load, ${CLIENTS} clients: lost writes`, value: users.lost, unit: 'writes', target: { max: 0 },
      note: `${users.writes} acknowledged writes read back`,
    });

    // The same clients without pausing: what the one core serves at saturation. Latency is
    // then queueing (50 requests always waiting), so it is printed without a target.
    const flood = await drive(call, own, demoId, false, 12);
    const f = flood.latencies;
    report.line({
      name: `saturation, ${CLIENTS} clients without think time: throughput`, value: f.length / flood.wallS, unit: 'requests/s',
      note: `p50 ${percentile(f, 50).toFixed(0)} ms, p99 ${percentile(f, 99).toFixed(0)} ms, max ${f[f.length - 1]!.toFixed(0)} ms, `
        + `${flood.errors} errors${flood.errors > 0 ? ` (${[...flood.errorKinds].map(([k, n]) => `${k} ×${n}`).join(', ')})` : ''}, `
        + `${flood.lost} of ${flood.writes} writes lost`,
    });
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await new Promise((r) => server!.child.once('exit', r));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(report: BenchReport): Promise<void> {
  await commitLatency(report);
  await loadRun(report);
}
