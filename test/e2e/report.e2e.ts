/**
 * The after-action report from the operation page in Chromium, for the demo's completed
 * operation (its results, actual times and unit log): the coordinator's copy and an agency's
 * copy downloaded as PDFs, read back with pdftotext.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPages } from '../electron/exports/pdf-tools.js';
import { callApi, openShell, screenshot, startApp, tempDir, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
let page: Page;
let operationId: string;
let codeName: string;
const files = tempDir('spilno-e2e-report-');

beforeAll(async () => {
  app = await startApp();
  ({ completedOperationId: operationId } = await callApi<{ completedOperationId: string }>(app, 'system', 'loadDemo', { withCompleted: true }));
  codeName = (await callApi<{ codeName: string }>(app, 'operations', 'get', { id: operationId })).codeName;
  browser = await openShell(app);
  page = browser.page;
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  fs.rmSync(files, { recursive: true, force: true });
});

async function download(name: string): Promise<string[]> {
  const saved = page.waitForEvent('download');
  await page.getByTestId('export-report').click();
  const d = await saved;
  expect(d.suggestedFilename()).toMatch(/-report-uk\.pdf$/);
  const file = path.join(files, name);
  await d.saveAs(file);
  return pdfPages(file);
}

describe('after-action report from the operation page', () => {
  it('downloads the whole report, and one agency’s copy', async () => {
    await page.evaluate((id) => { window.location.hash = `/operations/${id}?tab=exports`; }, operationId);
    await page.getByTestId('report-button').waitFor();
    await screenshot(page, 'report-button', { viewportOnly: true });
    const all = (await download('all.pdf')).join('\n');
    expect(all).toContain('ЗВІТ ЗА РЕЗУЛЬТАТАМИ ОПЕРАЦІЇ');
    expect(all).toContain(`«${codeName}»`);
    expect(all).toContain('Усі органи');
    expect(all).toContain('Вилучень: 1');
    expect(all).toContain('мети досягнуто');
    expect(all).toContain('5. Журнал дій підрозділів');
    await page.getByTestId('report-agency').selectOption('DMS');
    const customs = (await download('dms.pdf')).join('\n');
    expect(customs).toContain('Примірник органу');
    expect(customs).toContain('Державна митна служба');
  });
});
