/**
 * End-to-end harness: the real app in browser mode on a temp data dir, driven by Debian's
 * Chromium through playwright-core. Suites assume `node scripts/build.mjs` has run (npm test
 * does it first), so they exercise exactly what ships.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { tempDataDir } from '../helpers/temp-dir.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS_DIR = path.join(ROOT, 'test-artifacts');
const CHROMIUM = process.env.SPILNO_CHROMIUM ?? '/usr/bin/chromium';

export interface RunningApp {
  /** Origin plus path, without the token fragment. */
  baseUrl: string;
  /** The printed launch URL, token fragment included. */
  launchUrl: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A fresh folder in the system temp folder, removed when this process exits. */
export function tempDir(prefix: string): string {
  return tempDataDir(prefix);
}

/** The unit a new data folder is set up as (`spilno init`), unless a suite asks for a first run. */
export const E2E_UNIT = 'Митний пост «Ягодин» Волинської митниці';

/**
 * Starts `spilno web` on a free port and resolves once it printed its one launch line. A new
 * data folder is first set up by `spilno init` as a customs unit, as an installer would, so the
 * suites meet the app past its first-run setup; `firstRun: true` leaves the folder empty.
 */
export async function startApp(options: { dataDir?: string; args?: readonly string[]; firstRun?: boolean; agency?: string; unit?: string } = {}): Promise<RunningApp> {
  const dataDir = options.dataDir ?? tempDir('spilno-e2e-data-');
  if (!options.dataDir && !options.firstRun) {
    execFileSync(process.execPath, [path.join(ROOT, 'bin/spilno.js'), 'init', '--data-dir', dataDir, '--agency', options.agency ?? 'DMS', '--unit', options.unit ?? E2E_UNIT], { cwd: ROOT, stdio: 'ignore' });
  }
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/spilno.js'), 'web', '--data-dir', dataDir, '--port', '0', ...(options.args ?? [])], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const launchUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`spilno web did not start in time\n${stderr}`)), 30_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Spilno browser mode: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`spilno web exited with ${code}\n${stderr}`));
    });
  });
  const token = /#token=([A-Za-z0-9_-]+)/.exec(launchUrl)?.[1];
  if (!token) throw new Error(`No token in launch URL ${launchUrl}`);
  return {
    baseUrl: launchUrl.split('#')[0]!,
    launchUrl,
    token,
    dataDir,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A fresh Chromium profile per suite: no state leaks between suites. */
export async function openBrowser(options: { timezoneId?: string; locale?: string } = {}): Promise<Browser> {
  const profile = tempDir('spilno-e2e-profile-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    locale: options.locale ?? 'uk-UA',
    timezoneId: options.timezoneId ?? 'Europe/Kyiv',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page PNG under test-artifacts/ (gitignored) and returns its path. */
/** The whole page, or with `viewportOnly` what the window shows (for pages thousands of pixels long). */
/** Chromium on the app's launch URL, once the app's shell is up: where every page test starts. */
export async function openShell(app: RunningApp, options: Parameters<typeof openBrowser>[0] = {}): Promise<Browser> {
  const browser = await openBrowser(options);
  await browser.page.goto(app.launchUrl);
  await browser.page.locator('.shell').waitFor();
  return browser;
}

export async function screenshot(page: Page, name: string, { viewportOnly = false } = {}): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: !viewportOnly });
  return file;
}

/** Calls the API from the test process with the launch token, as the renderer would. */
export async function callApi<T = unknown>(app: RunningApp, domain: string, method: string, input: unknown): Promise<T> {
  const res = await fetch(`${new URL(app.baseUrl).origin}/api/${domain}/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Spilno-Token': app.token },
    body: JSON.stringify(input ?? {}),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!body.ok) throw new Error(`${domain}.${method} failed: ${JSON.stringify(body.error)}`);
  return body.value as T;
}

/**
 * Sends a file to browser mode as the page does (files.beginUpload, then 4 MiB pieces) and
 * answers the handle: the API takes no path.
 */
export async function uploadViaApi(app: RunningApp, file: string): Promise<string> {
  const bytes = fs.readFileSync(file);
  const choice = await callApi<{ handle: string }>(app, 'files', 'beginUpload', { name: path.basename(file), size: bytes.length });
  const piece = 4 * 1024 * 1024;
  for (let offset = 0; offset < bytes.length; offset += piece) {
    await callApi(app, 'files', 'uploadChunk', { handle: choice.handle, offset, base64: bytes.subarray(offset, offset + piece).toString('base64') });
  }
  return choice.handle;
}
