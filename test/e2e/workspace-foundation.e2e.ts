/**
 * Issue 2's end-to-end flow in real Chromium against browser mode: load the demo, see the
 * operation with its agencies and tasks in Ukrainian, switch to English, create an operation,
 * reload and still see it; the API refuses a call without the launch token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, startApp, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('workspace foundation flow', () => {
  it('loads the demo and shows its agencies and tasks in Ukrainian, then in English', async () => {
    const page = browser.page;
    await page.goto(app.launchUrl);
    await page.getByRole('heading', { name: 'Операцій ще немає' }).waitFor();
    await expect(page.getByRole('note').textContent()).resolves.toContain('не є сертифікованою системою');
    await screenshot(page, 'foundation-01-empty-uk');

    await page.getByRole('button', { name: 'Завантажити демо' }).click();
    await page.getByTestId('op-status').waitFor();
    await expect(page.locator('h1').textContent()).resolves.not.toBe('');
    await page.getByText('Державна митна служба України (митниці)').first().waitFor();
    await page.getByRole('tab', { name: 'Завдання' }).click();
    await page.getByTestId('task-card').first().waitFor();
    expect(await page.getByTestId('task-card').count()).toBeGreaterThan(3);
    // The agencies accountable for the police-led demo's tasks (СБУ's officers work in police-led tasks).
    for (const code of ['ДМС', 'НПУ', 'ДПСУ', 'прокуратура']) {
      await page.getByTestId('task-board').getByText(code, { exact: true }).first().waitFor();
    }
    await screenshot(page, 'foundation-02-demo-tasks-uk');

    await page.getByRole('combobox', { name: 'Мова' }).selectOption('en');
    await page.getByRole('tab', { name: 'Tasks' }).waitFor();
    await page.getByRole('link', { name: 'Operations', exact: true }).waitFor();
    await expect(page.getByRole('note').textContent()).resolves.toContain('not a certified system');
    await page.getByRole('combobox', { name: 'Group by' }).selectOption('agency');
    await page.getByRole('region', { name: /^NPU — National Police/ }).waitFor();
    await screenshot(page, 'foundation-03-demo-tasks-en');
  });

  it('creates an operation, shows field errors first, and still lists it after a reload', async () => {
    const page = browser.page;
    await page.getByRole('link', { name: 'Operations', exact: true }).click();
    await page.getByRole('button', { name: 'New operation' }).first().click();
    const form = page.getByTestId('operation-form');
    await form.getByRole('button', { name: 'Save' }).click();
    // Empty code name and a formal interaction without a legal basis: errors next to the fields.
    await form.getByText('Required').first().waitFor();
    await form.getByText('A formal interaction needs its legal basis').waitFor();
    await screenshot(page, 'foundation-04-form-errors');

    await form.getByLabel('Code name').fill('БУРШТИН-7');
    await form.getByLabel('Legal basis').fill('ст. 558 Митного кодексу України');
    await form.getByLabel('Operation type').selectOption('joint_patrol');
    await form.getByRole('checkbox', { name: /NPU/ }).check();
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'БУРШТИН-7' }).waitFor();

    await page.reload();
    await page.getByRole('link', { name: 'Operations', exact: true }).click();
    await page.getByRole('link', { name: 'БУРШТИН-7' }).waitFor();
    await screenshot(page, 'foundation-05-list-after-reload');
  });

  it('refuses an API call without the launch token', async () => {
    const res = await fetch(`${new URL(app.baseUrl).origin}/api/operations/list`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}',
    });
    expect(res.status).toBe(401);
    const wrong = await fetch(`${new URL(app.baseUrl).origin}/api/operations/list`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Spilno-Token': 'x'.repeat(43) }, body: '{}',
    });
    expect(wrong.status).toBe(401);
  });
});
