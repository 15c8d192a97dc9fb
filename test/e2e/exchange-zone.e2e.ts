/**
 * The exchange log reads its date-time inputs in the zone of the operation the entry belongs
 * to, like the operation and task forms — not in the browser's zone. The browser here runs on
 * New York time; the demo operation runs on Kyiv time.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openShell, screenshot, startApp, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
let page: Page;
let codeName: string;

beforeAll(async () => {
  app = await startApp();
  const { operationId } = await callApi<{ operationId: string }>(app, 'system', 'loadDemo', {});
  codeName = (await callApi<{ codeName: string; timeZone: string }>(app, 'operations', 'get', { id: operationId })).codeName;
  // A planner's laptop set up in the US: New York clock, English (US) locale.
  browser = await openShell(app, { timezoneId: 'America/New_York', locale: 'en-US' });
  page = browser.page;
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
    await expect(form.getByLabel('Строк').inputValue()).resolves.toBe('15.01.2026 10:00');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
  });

  it('dates and times read in the app language, 24-hour, whatever the browser locale; a date that is not one is refused in place', async () => {
    expect(await page.evaluate(() => navigator.language)).toMatch(/^en/);
    await page.getByRole('link', { name: 'Операції', exact: true }).click();
    await page.getByRole('button', { name: 'Нова операція' }).click();
    const form = page.getByTestId('operation-form');
    expect(await form.getByLabel('Початок').inputValue()).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
    expect(await form.getByLabel('Початок').getAttribute('placeholder')).toBe('дд.мм.рррр гг:хв');
    await form.getByLabel('Кодова назва').fill('ЛИСТОПАД');
    await form.getByLabel('Правова підстава').fill('ст. 558 МК України');
    await form.getByLabel('Початок').fill('31.11.2026 08:00');
    await form.getByLabel('Кінець').fill('02.12.2026 20:00');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await form.getByText('Вкажіть дату й час: дд.мм.рррр гг:хв').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('startsAt');
    await screenshot(page, 'exchange-zone-date-refused');
    await form.getByLabel('Початок').fill('01.12.2026 20:30');
    await form.getByLabel('Кінець').click();
    expect(await form.getByLabel('Початок').inputValue()).toBe('01.12.2026 20:30');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await form.waitFor({ state: 'detached' });
    const ops = await callApi<{ codeName: string; startsAt: string }[]>(app, 'operations', 'list', {});
    // 20:30 in Kyiv on 1 December is 18:30 UTC.
    expect(ops.find((o) => o.codeName === 'ЛИСТОПАД')?.startsAt).toBe('2026-12-01T18:30:00.000Z');

    await page.evaluate(() => localStorage.setItem('spilno.lang', 'en'));
    await page.goto(`${app.baseUrl}#/operations`);
    await page.reload();
    await page.getByRole('button', { name: 'New operation' }).click();
    expect(await form.getByLabel('Start').inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await page.keyboard.press('Escape');
    await page.evaluate(() => localStorage.setItem('spilno.lang', 'uk'));
  });
});
