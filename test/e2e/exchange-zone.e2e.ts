/**
 * The exchange log reads its date-time inputs in the zone of the operation the entry belongs
 * to, like the operation and task forms — not in the browser's zone. The browser here runs on
 * New York time; the demo operation runs on Kyiv time.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openBrowser, screenshot, startApp, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
let page: Page;
let codeName: string;

beforeAll(async () => {
  app = await startApp();
  const { operationId } = await callApi<{ operationId: string }>(app, 'system', 'loadDemo', {});
  codeName = (await callApi<{ codeName: string; timeZone: string }>(app, 'operations', 'get', { id: operationId })).codeName;
  browser = await openBrowser({ timezoneId: 'America/New_York' });
  page = browser.page;
  await page.goto(app.launchUrl);
  await page.locator('.shell').waitFor();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('exchange log times', () => {
  it('a due time typed for a Kyiv operation is Kyiv time, whatever the browser zone', async () => {
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
    await page.getByRole('link', { name: 'Журнал обміну', exact: true }).click();
    await page.getByRole('button', { name: 'Новий запис' }).click();
    const form = page.getByTestId('exchange-form');
    await form.getByLabel('Операція').selectOption({ label: codeName });
    await form.getByLabel('Тема').fill('Запит про вантаж — час за Києвом');
    await form.getByLabel('Строк').fill('2026-01-15T10:00');
    await form.getByText('Europe/Kyiv').first().waitFor();
    await screenshot(page, 'exchange-zone-form');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await form.waitFor({ state: 'detached' });
    const entries = await callApi<{ subject: string; dueAt: string | null }[]>(app, 'exchange', 'list', { operationId: null });
    // 10:00 in Kyiv in January is 08:00 UTC (in New York it would have been 15:00 UTC).
    expect(entries.find((e) => e.subject === 'Запит про вантаж — час за Києвом')?.dueAt).toBe('2026-01-15T08:00:00.000Z');
    // Opened again, the form shows the same wall time it was given.
    await page.getByRole('button', { name: 'Запит про вантаж — час за Києвом' }).click();
    await expect(form.getByLabel('Строк').inputValue()).resolves.toBe('2026-01-15T10:00');
  });
});
