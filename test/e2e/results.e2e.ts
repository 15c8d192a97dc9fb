/**
 * The «Результати» and «Хід виконання» tabs in Chromium on the demo's completed operation: the
 * consignment, seizure, evidence with its hand-overs, detentions (a foreign citizen's Latin
 * name), protocol, opened proceeding and outcome are shown; a completed operation still takes a
 * detention; the execution record shows plan against actual and the unit log, without controls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openBrowser, screenshot, startApp, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
let completedId: string;

beforeAll(async () => {
  app = await startApp({ agency: 'NPU', unit: 'ГУНП у Волинській області' });
  ({ completedOperationId: completedId } = await callApi<{ completedOperationId: string }>(app, 'system', 'loadDemo', { withCompleted: true }));
  browser = await openBrowser();
  await browser.page.goto(app.launchUrl);
  await browser.page.evaluate((id) => { window.location.hash = `/operations/${id}`; }, completedId);
  await browser.page.getByTestId('op-status').waitFor();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('results and execution tabs', () => {
  it('shows what the completed operation achieved and still takes results', async () => {
    const page = browser.page;
    await page.getByRole('tab', { name: 'Результати' }).or(page.getByRole('link', { name: 'Результати' })).or(page.getByRole('button', { name: 'Результати' })).first().click();
    const tab = page.getByTestId('results-tab');
    await tab.waitFor();
    const text = await tab.textContent();
    for (const s of ['Автомобільні запчастини', '8708 99 97 90', 'TOLU4734787', 'Прекурсори', '2914 31 00 00', 'PSP 0031447', 'НДЕКЦ 118204',
      'Nowak Tomasz', 'Petrenko Ivan Mykolaiovych', '0417/20500/', 'ч. 2 ст. 311', 'Повторний огляд складу не знадобився', 'ЯНТАРНИЙ ШЛЯХ']) {
      expect(text, s).toContain(s);
    }
    await screenshot(page, 'results-tab');
    await screenshot(page, 'results-tab-viewport', { viewportOnly: true });

    await page.getByTestId('add-detention-open').click();
    const form = page.getByTestId('add-detention');
    await form.locator('input[name=fullName]').fill('Гнатенко Юрій Олексійович');
    await form.locator('input[name=citizenship]').fill('ua');
    await form.locator('input[name=detainedAt]').fill('01.01.2026 10:00');
    await form.locator('input[name=detainedBy]').fill('Ткачук М. Р.');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await page.getByTestId('detentions').getByText('Hnatenko Yurii Oleksiiovych').waitFor();
  });

  it('shows plan against actual and the unit log, read-only once completed', async () => {
    const page = browser.page;
    await page.getByRole('tab', { name: 'Хід виконання' }).or(page.getByRole('link', { name: 'Хід виконання' })).or(page.getByRole('button', { name: 'Хід виконання' })).first().click();
    const tab = page.getByTestId('execution-tab');
    await tab.waitFor();
    expect(await page.getByTestId('exec-summary').textContent()).toContain('Виконано 5');
    expect(await page.getByTestId('plan-vs-actual').textContent()).toContain('так і не розпочато');
    expect(await page.getByTestId('activity-log').textContent()).toContain('пломба PL 4417722 ціла');
    expect(await tab.getByRole('button', { name: 'Фактичний початок' }).count()).toBe(0);
    await screenshot(page, 'execution-tab');
  });
});
