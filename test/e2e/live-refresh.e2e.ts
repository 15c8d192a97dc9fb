/**
 * Live refresh in real Chromium against browser mode: the core's change events reach every open
 * window. Two windows on one store — an edit saved in one shows in the other within a second,
 * with no navigation; a bundle imported by the CLI (another process writing the same SQLite
 * file) shows in an open window the same way.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeSite, openServiceContext } from '../../electron/services/context.js';
import { createIdentity } from '../../electron/sync/identity.js';
import { newOperation, openUnit, send, TEST_PASSPHRASE, testProtector, trustAll, withIdentity, type Unit } from '../electron/sync/sync-helpers.js';
import { callApi, openBrowser, screenshot, startApp, tempDir, type Browser, type RunningApp } from './harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

let app: RunningApp;
let browser: Browser;
let peer: Unit;
let files: string;
let operationId: string;

interface Plan { tasks: { id: string; title: string }[] }

beforeAll(async () => {
  // The investigating unit's folder (the demo is police-led), with keys, set up before the app
  // opens it (the CLI needs them); the peer is another police unit.
  const dataDir = tempDir('spilno-e2e-live-');
  const setup = openServiceContext({ dataDir, mode: 'cli' });
  initializeSite(setup.db, { agencyId: 'NPU', unitName: 'Слідче управління ГУНП у Волинській області' });
  setup.db.close();
  const mine = openServiceContext({ dataDir, mode: 'cli' });
  await createIdentity(mine, testProtector());
  peer = await withIdentity(openUnit('NPU', 'Відділ поліції'));
  trustAll([peer, Object.assign({ ctx: mine, dataDir, agencyId: 'NPU' }) as Unit]);
  mine.db.close();

  app = await startApp({ dataDir });
  ({ operationId } = await callApi<{ operationId: string }>(app, 'system', 'loadDemo', {}));
  files = tempDir('spilno-e2e-live-files-');
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  peer?.cleanup();
  if (files) fs.rmSync(files, { recursive: true, force: true });
});

async function openWindow(hash: string): Promise<Page> {
  const page = browser.context.pages().length === 1 && browser.page.url() === 'about:blank' ? browser.page : await browser.context.newPage();
  await page.goto(app.launchUrl);
  await page.locator('.shell').waitFor();
  await page.evaluate((h) => { window.location.hash = h; }, hash);
  return page;
}

describe('live refresh', () => {
  it('an edit saved in one window shows in the other within a second', async () => {
    const plan = await callApi<Plan>(app, 'operations', 'getPlan', { id: operationId });
    const task = plan.tasks[0]!;
    const a = await openWindow(`/operations/${operationId}`);
    const b = await openWindow(`/operations/${operationId}`);
    for (const p of [a, b]) {
      await p.getByRole('tab', { name: 'Завдання' }).click();
      await p.getByRole('button', { name: task.title }).first().waitFor();
    }
    await a.getByRole('button', { name: task.title }).first().click();
    const form = a.getByTestId('task-form');
    await form.getByLabel('Назва').fill('Перевірка вантажу — оновлено в іншому вікні');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await form.waitFor({ state: 'detached' });
    const saved = Date.now();
    await b.getByRole('button', { name: 'Перевірка вантажу — оновлено в іншому вікні' }).first().waitFor({ timeout: 1000 });
    expect(Date.now() - saved).toBeLessThan(1000);
    await screenshot(b, 'live-01-other-window');
  });

  it('a bundle imported by the CLI into the same data folder shows in an open window', async () => {
    const page = await openWindow('/operations');
    await page.getByTestId('operations-table').waitFor();
    expect(await page.getByText('СХІД-ЛАЙВ').count()).toBe(0);
    newOperation(peer.ctx, { codeName: 'СХІД-ЛАЙВ' });
    const mine = await callApi<{ siteId: string }>(app, 'sync', 'identity', {});
    const bundle = await send(peer, [{ ctx: { siteId: mine.siteId } } as Unit], files);
    const passFile = path.join(files, 'pass.txt');
    fs.writeFileSync(passFile, TEST_PASSPHRASE, { mode: 0o600 });
    execFileSync(process.execPath, [path.join(ROOT, 'bin/spilno.js'), 'bundle', 'import', bundle.file, '--data-dir', app.dataDir, '--passphrase-file', passFile], { stdio: 'pipe' });
    const imported = Date.now();
    await page.getByTestId('operations-table').getByText('СХІД-ЛАЙВ').waitFor({ timeout: 2000 });
    expect(Date.now() - imported).toBeLessThan(2000);
    await screenshot(page, 'live-02-cli-import');
  });

  it('a lock made elsewhere shows the lock screen in an open window and drops what it showed', async () => {
    const page = await openWindow(`/operations/${operationId}`);
    const plan = await callApi<{ operation: { codeName: string } }>(app, 'operations', 'getPlan', { id: operationId });
    await page.getByRole('heading', { name: plan.operation.codeName }).waitFor();
    await callApi(app, 'security', 'enable', { passphrase: TEST_PASSPHRASE, autoLockMinutes: 0 });
    await callApi(app, 'security', 'lock', {});
    const locked = Date.now();
    await page.getByTestId('unlock-pass').waitFor({ timeout: 2000 });
    expect(Date.now() - locked).toBeLessThan(2000);
    // The plan the window showed is gone from the page, not only covered.
    await expect.poll(() => page.getByText(plan.operation.codeName).count(), { timeout: 2000 }).toBe(0);
    await screenshot(page, 'live-03-locked-elsewhere');
  });
});

