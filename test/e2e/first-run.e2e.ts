/**
 * A new installation in real Chromium: the app asks whose workstation it is before anything
 * else, the answer shows wherever the installation names itself (Settings, Sync), the demo
 * loads as a separate sample, and the agency is then fixed while unit and operator still change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openBrowser, screenshot, startApp, type Browser, type RunningApp } from './harness.js';
import { axeViolations, findOverflows } from './ui-audit.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp({ firstRun: true });
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('first-run setup', () => {
  it('asks for the agency, unit and operator first, on every page, with field errors in place', async () => {
    const page = browser.page;
    await page.goto(app.launchUrl);
    await page.getByRole('heading', { name: 'Налаштування цієї установки' }).waitFor();
    await screenshot(page, 'first-run-01-setup-uk', { viewportOnly: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(await findOverflows(page)).toEqual([]);
    // No page of the app is reachable before the answer.
    await page.goto(`${app.baseUrl}#/calendar`);
    await page.getByRole('heading', { name: 'Налаштування цієї установки' }).waitFor();
    expect(await page.locator('.calendar-page, .fc').count()).toBe(0);

    const form = page.getByTestId('site-setup');
    await form.getByRole('button', { name: 'Почати роботу' }).click();
    // Unit and operator are required; the focusable fields carry the errors.
    await form.locator('[aria-invalid="true"]').nth(1).waitFor();
    expect(await form.locator('[aria-invalid="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('name')))).toEqual(['unitName', 'operatorName']);
    // The keyboard lands on the first field to fix.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('unitName');
    expect((await callApi<{ needed: boolean }>(app, 'system', 'setup', {})).needed).toBe(true);

    await form.getByLabel('Орган').selectOption('NPU');
    await form.getByLabel('Підрозділ').fill('ГУНП у Волинській області');
    await form.getByLabel('Оператор').fill('Бондар С. В.');
    await form.getByLabel(/демонстраційну операцію/).check();
    await screenshot(page, 'first-run-02-filled-uk', { viewportOnly: true });
    await form.getByRole('button', { name: 'Почати роботу' }).click();
    // Straight into the sample operation.
    await page.getByTestId('op-status').waitFor();
    expect(await page.evaluate(() => location.hash)).toMatch(/^#\/operations\/[\w-]+/);
  });

  it('shows the answer where the installation names itself, with the agency then fixed', async () => {
    const page = browser.page;
    await page.goto(`${app.baseUrl}#/settings`);
    const form = page.getByTestId('site-setup');
    await form.waitFor();
    expect(await form.getByLabel('Підрозділ').inputValue()).toBe('ГУНП у Волинській області');
    expect(await form.getByLabel('Орган').isDisabled()).toBe(true);
    await page.getByTestId('setup-agency-fixed').getByText('НПУ').waitFor();
    await form.getByLabel('Оператор').fill('Ткачук М. Р.');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await form.getByRole('status').getByText('Збережено.').waitFor();
    expect((await callApi<{ name: string }>(app, 'audit', 'operator', {})).name).toBe('Ткачук М. Р.');
    await screenshot(page, 'first-run-03-settings-uk');

    // The Sync page names the unit and its agency in words once it has keys.
    await callApi(app, 'sync', 'createIdentity', { passphrase: 'довга фраза ключів' });
    await page.goto(`${app.baseUrl}#/sync`);
    const facts = page.locator('.sync-facts');
    await facts.getByText('ГУНП у Волинській області').waitFor();
    await facts.getByText('НПУ', { exact: true }).waitFor();
  });
});
