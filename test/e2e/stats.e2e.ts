/**
 * The statistics page in Chromium: a period typed in the app's date pattern, the charts drawn
 * from the core's figures (bars counted in the SVG), every chart saved as CSV, SVG and PNG, both
 * languages, and nothing the Content-Security-Policy had to block.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, callApi, openBrowser, screenshot, startApp, tempDir, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
let page: Page;
const files = tempDir('spilno-e2e-stats-');

beforeAll(async () => {
  app = await startApp();
  // May 2031: three operations of two types and one late Article 558 notification.
  const op = (codeName: string, type: string, leadAgencyId: string, day: string, formality = 'formal') => callApi(app, 'operations', 'create', {
    codeName, type, leadAgencyId, participatingAgencyIds: leadAgencyId === 'DMS' ? ['NPU'] : ['DMS'], formality, legalBasis: 'наказ',
    startsAt: `2031-05-${day}T06:00:00Z`, endsAt: `2031-05-${day}T18:00:00Z`,
  });
  await op('ПЕРШИЙ', 'joint_patrol', 'DPSU', '05');
  await op('ДРУГИЙ', 'joint_patrol', 'DPSU', '12', 'informal');
  await op('ТРЕТІЙ', 'customs_inspection', 'DMS', '20');
  await callApi(app, 'exchange', 'create', {
    kind: 'art558_notification', fromAgencyId: 'DMS', toAgencyId: 'NPU', subject: 'Повідомлення', legalBasis: 'ст. 558 МК України',
    sentAt: '2031-05-06T09:00:00Z', dueAt: '2031-05-07T09:00:00Z', acknowledgedAt: '2031-05-08T09:00:00Z',
  });
  browser = await openBrowser();
  page = browser.page;
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(app.launchUrl);
  await page.locator('.shell').waitFor();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  fs.rmSync(files, { recursive: true, force: true });
});

async function save(button: ReturnType<Page['getByRole']>, name: string): Promise<{ file: string; suggested: string }> {
  const download = page.waitForEvent('download');
  await button.click();
  const d = await download;
  const file = path.join(files, name);
  await d.saveAs(file);
  return { file, suggested: d.suggestedFilename() };
}

describe('statistics page', () => {
  it('draws the period’s figures typed in the app’s date pattern', async () => {
    await page.getByRole('link', { name: 'Статистика', exact: true }).click();
    await page.getByTestId('stats-page').waitFor();
    await page.getByTestId('stats-from').fill('01.05.2031');
    await page.getByTestId('stats-to').fill('31.05.2031');
    await page.getByTestId('stats-to').blur();
    const summary = page.getByTestId('stats-summary');
    await expect.poll(() => summary.textContent()).toContain('3 операції');
    expect(await summary.textContent()).toContain('із запізненням 1');
    const byType = page.getByTestId('stats-chart-operationsByType');
    // One bar per type: joint patrol (2) and customs inspection (1).
    await expect.poll(() => byType.locator('svg rect').count()).toBe(2);
    expect(await byType.locator('svg').textContent()).toContain('Спільне патрулювання');
    const forms = page.getByTestId('stats-chart-interactionByForm');
    expect(await forms.locator('svg').textContent()).toContain('Представництво та участь');
    await screenshot(page, 'stats-page-uk');
  });

  it('saves a chart as CSV, SVG and PNG with what it shows', async () => {
    const chart = page.getByTestId('stats-chart-art558');
    const csv = await save(chart.getByTestId('stats-export-csv'), 'art558.csv');
    expect(csv.suggested).toBe('Povidomlennia-za-st.-558-MK-Ukrainy-2031-05-01-2031-05-31.csv');
    const text = fs.readFileSync(csv.file, 'utf8').replace(/^\ufeff/, '');
    expect(text.split('\r\n').slice(0, 2)).toEqual([
      'Вид повідомлення,Вчасно,Із запізненням,Відсутні,Строк не минув',
      'Письмове повідомлення про правопорушення,0,1,0,0',
    ]);
    const svg = await save(chart.getByTestId('stats-export-svg'), 'art558.svg');
    const svgText = fs.readFileSync(svg.file, 'utf8');
    expect(svgText.startsWith('<svg')).toBe(true);
    expect(svgText).toContain('Повідомлення за ст. 558 МК України');
    expect(svgText).toContain('01.05.2031');
    expect(svgText).toContain('Із запізненням');
    expect(svgText).not.toContain('<script');
    const png = await save(chart.getByTestId('stats-export-png'), 'art558.png');
    const bytes = fs.readFileSync(png.file);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Twice the SVG's width: sharp enough for paper.
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(600);
    // Kept to be looked at, like the page screenshots.
    fs.copyFileSync(png.file, path.join(ARTIFACTS_DIR, 'stats-art558-export.png'));
  });

  it('speaks English when the app does, and the CSP blocked nothing', async () => {
    await page.locator('.lang-switch select').selectOption('en');
    await expect.poll(() => page.getByTestId('stats-summary').textContent()).toContain('3 operations');
    expect(await page.getByTestId('stats-chart-operationsByType').locator('svg').textContent()).toContain('Joint patrol');
    await screenshot(page, 'stats-page-en');
    await page.locator('.lang-switch select').selectOption('uk');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  });

  it('a period that ends before it starts is said so, not asked', async () => {
    await page.getByTestId('stats-from').fill('01.06.2031');
    await page.getByTestId('stats-from').blur();
    await page.getByRole('alert').filter({ hasText: 'Кінець має бути пізніше за початок' }).waitFor();
    await page.getByTestId('stats-preset-year').click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
  });
});
