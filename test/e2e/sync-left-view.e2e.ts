/**
 * An operation the police are taken off, as a police planner meets it in real Chromium: the
 * import's preview says an operation leaves their agency's view before anything is written, and
 * after the import the operation is gone from their list. Customs (the lead) runs in the test
 * process; the police unit is a data folder the two exchanged bundles in, then opened in browser
 * mode (issue 13: "each participant ends with exactly its view").
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskDraft } from '../../shared/domain/task.js';
import { updateOperation } from '../../electron/services/operations.js';
import { createTask } from '../../electron/services/tasks.js';
import { importBundle } from '../../electron/sync/bundle-import.js';
import { TEST_PASSPHRASE, newOperation, openUnit, send, trustAll, withIdentity, type Unit } from '../electron/sync/sync-helpers.js';
import { callApi, openShell, screenshot, startApp, tempDir, type Browser, type RunningApp } from './harness.js';

let customs: Unit;
let police: Unit;
let app: RunningApp;
let browser: Browser;
let page: Page;
let files: string;
let removal: string;

beforeAll(async () => {
  customs = await withIdentity(openUnit('DMS', 'Митниця «Ягодин»'));
  police = await withIdentity(openUnit('NPU', 'Відділ поліції'));
  trustAll([customs, police]);
  files = tempDir('spilno-e2e-left-view-');
  const op = newOperation(customs.ctx, { codeName: 'ГРАНІТ', leadAgencyId: 'DMS', participatingAgencyIds: ['NPU'] });
  createTask(customs.ctx, TaskDraft.parse({
    operationId: op.id, title: 'Супровід вантажу', type: 'escort', accountableAgencyId: 'NPU',
    startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
  }));
  // The police take the operation in and answer, so customs knows they hold it.
  await importBundle(police.ctx, { path: (await send(customs, [police], files)).file });
  await importBundle(customs.ctx, { path: (await send(police, [customs], files)).file });
  updateOperation(customs.ctx, op.id, { participatingAgencyIds: [] });
  removal = (await send(customs, [police], files)).file;
  police.ctx.db.close();

  app = await startApp({ dataDir: police.dataDir });
  await callApi(app, 'sync', 'unlock', { passphrase: TEST_PASSPHRASE });
  browser = await openShell(app);
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  customs?.cleanup();
  police?.cleanup();
  if (files) fs.rmSync(files, { recursive: true, force: true });
});

describe('an operation taken away from an agency', () => {
  it('is named in the preview as leaving the agency\'s view, and is gone from the list after the import', async () => {
    await page.evaluate(() => { window.location.hash = '/operations'; });
    await expect.poll(() => page.locator('main').textContent()).toContain('ГРАНІТ');

    await page.evaluate(() => { window.location.hash = '/sync'; });
    const imp = page.getByTestId('sync-import');
    await imp.locator('input[type=file]').setInputFiles(removal);
    await imp.getByRole('button', { name: /Попередній перегляд|Preview/ }).click();
    const left = page.getByTestId('left-view');
    await left.waitFor();
    // The operation is named by its code name, never by its id.
    const preview = await page.getByTestId('import-preview').textContent();
    expect(preview).toContain('ГРАНІТ: 2');
    const said = await left.textContent();
    expect(said).toMatch(/операц/i);
    expect(said).toContain('1');
    await left.scrollIntoViewIfNeeded();
    await screenshot(page, 'sync-left-view-preview', { viewportOnly: true });

    await imp.getByRole('button', { name: /Імпортувати|Import/ }).click();
    await imp.locator('.alert.ok').waitFor();
    await page.evaluate(() => { window.location.hash = '/operations'; });
    await expect.poll(() => page.locator('main').textContent()).not.toContain('ГРАНІТ');
    await screenshot(page, 'sync-left-view-operations', { viewportOnly: true });
  });
});
