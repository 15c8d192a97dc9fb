/**
 * Debian's Chromium driven over bare CDP, for benchmarks that time what a user's page pays.
 * Playwright enables Chromium's network inspector on every page and cannot turn it off; it
 * decodes each answer's body as text on the page's thread when the body ends (~45 ms for the
 * 1.76 MB answer of the map bench), a cost no user's page has. Here the browser speaks CDP over
 * a pipe (--remote-debugging-pipe: we write on its fd 3, it answers on fd 4, messages end with
 * NUL) and only the Target, Emulation and Runtime domains are used — no Network domain, so no
 * inspector; Runtime.evaluate works without Runtime.enable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { tempDir } from '../e2e/harness.js';

const CHROMIUM = process.env.SPILNO_CHROMIUM ?? '/usr/bin/chromium';

export interface BarePage {
  /** Evaluates `fn(arg)` in the page and answers its (JSON-serialisable) result, awaiting a promise. */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Sends any CDP command to the page's session (e.g. the Profiler domain). */
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * Opens `url` in a fresh headless Chromium profile with the e2e harness's flags, viewport,
 * locale and time zone, and resolves once the page's `ready` expression is true.
 */
export async function openBarePage(url: string, options: { width: number; height: number; ready: string }): Promise<BarePage> {
  const profile = tempDir('spilno-bench-profile-');
  const child: ChildProcess = spawn(CHROMIUM, [
    '--headless', '--remote-debugging-pipe', `--user-data-dir=${profile}`,
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--lang=uk-UA',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], env: { ...process.env, TZ: 'Europe/Kyiv' } });
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));

  let nextId = 1;
  const pending = new Map<number, { resolve(v: Record<string, unknown>): void; reject(e: Error): void }>();
  let buffered = Buffer.alloc(0);
  fromBrowser.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    let end: number;
    while ((end = buffered.indexOf(0)) >= 0) {
      const msg = JSON.parse(buffered.subarray(0, end).toString('utf8')) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
      buffered = buffered.subarray(end + 1);
      const waiter = msg.id !== undefined ? pending.get(msg.id) : undefined;
      if (!waiter) continue;
      pending.delete(msg.id!);
      if (msg.error) waiter.reject(new Error(msg.error.message));
      else waiter.resolve(msg.result ?? {});
    }
  });
  child.once('exit', (code) => {
    for (const w of pending.values()) w.reject(new Error(`chromium exited with ${code}\n${stderr}`));
    pending.clear();
  });
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toBrowser.write(JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params }) + '\0');
    });

  const { targetId } = await send('Target.createTarget', { url: 'about:blank' }) as { targetId: string };
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true }) as { sessionId: string };
  const inPage = (method: string, params?: Record<string, unknown>) => send(method, params, sessionId);
  await inPage('Emulation.setDeviceMetricsOverride', { width: options.width, height: options.height, deviceScaleFactor: 1, mobile: false });
  await inPage('Emulation.setLocaleOverride', { locale: 'uk-UA' });
  await inPage('Emulation.setTimezoneOverride', { timezoneId: 'Europe/Kyiv' });
  await inPage('Page.navigate', { url });

  const run = async <R>(expression: string): Promise<R> => {
    const r = await inPage('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }) as {
      result: { value: R }; exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value;
  };
  // tsx (esbuild with keepNames) wraps named functions in the source in __name(fn, name).
  const evaluate = <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) =>
    run<R>(`(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg)}); })()`);
  const deadline = Date.now() + 60_000;
  while (!(await run<boolean>(`Boolean(${options.ready})`).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`The page did not get ready: ${options.ready}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    evaluate,
    send: inPage,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        await send('Browser.close').catch(() => child.kill('SIGTERM'));
        await exited;
      }
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
