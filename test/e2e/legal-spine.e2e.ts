/**
 * The operation's «Провадження» tab in real Chromium against browser mode: an operation laid out
 * from the controlled-delivery template shows the hard warning about classified details; the
 * planner records the proceeding and the prosecutor's decision covering the controlled action,
 * a wrong ЄРДР number is refused next to its field, and the decision's conflict disappears.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openBrowser, screenshot, startApp, type Browser, type RunningApp } from './harness.js';

interface Plan { operation: { id: string }; tasks: { id: string; title: string; type: string }[] }
interface Report { conflicts: { rule: string; taskIds: string[] }[] }

let app: RunningApp;
let browser: Browser;
let page: Page;
let plan: Plan;

beforeAll(async () => {
  app = await startApp();
  const op = await callApi<{ id: string }>(app, 'operations', 'createFromTemplate', {
    templateId: 'controlled_delivery', codeName: 'БУРШТИН', startsAt: '2027-03-01T06:00:00+02:00', lang: 'uk',
  });
  plan = await callApi<Plan>(app, 'operations', 'getPlan', { id: op.id });
  browser = await openBrowser();
  page = browser.page;
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(app.launchUrl);
  await page.evaluate((id) => { window.location.hash = `/operations/${id}?tab=legal`; }, op.id);
  await page.getByTestId('legal-tab').waitFor();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const missingFor = async () => (await callApi<Report>(app, 'conflicts', 'forOperation', { operationId: plan.operation.id })).conflicts
  .filter((c) => c.rule === 'decision_missing').flatMap((c) => c.taskIds);
const rules = async () => (await callApi<Report>(app, 'conflicts', 'forOperation', { operationId: plan.operation.id })).conflicts.map((c) => c.rule);

describe('legal basis tab', () => {
  it('warns that classified details belong in the classified file', async () => {
    await expect(page.getByTestId('covert-warning').textContent()).resolves.toContain('справи з грифом');
    await expect(page.getByTestId('legal-approval').textContent()).resolves.toBe('Операцію ще не затверджено');
  });

  it('refuses a malformed ЄРДР number next to its field, then records the proceeding', async () => {
    await page.getByTestId('add-proceeding-open').click();
    const form = page.getByTestId('add-proceeding');
    await form.getByLabel('Номер у ЄРДР').fill('1234');
    await form.getByLabel('Дата внесення до ЄРДР').fill('2027-02-20');
    await form.getByLabel('Правова кваліфікація (КК України)').fill('ч. 1 ст. 305 КК України');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await expect(form.getByRole('alert').first().textContent()).resolves.toContain('17 цифр');
    await form.getByLabel('Номер у ЄРДР').fill('12027030000000417');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await page.getByTestId('proceedings').getByText('12027030000000417').waitFor();
    expect(await rules()).not.toContain('proceeding_missing');
  });

  it('records the prosecutor\'s decision covering the controlled action; its conflict goes away', async () => {
    const control = plan.tasks.find((x) => x.type === 'controlled_delivery')!;
    expect(await missingFor()).toContain(control.id);
    await page.getByTestId('add-decision-open').click();
    const form = page.getByTestId('add-decision');
    await form.getByLabel('Номер').fill('41/2-271');
    await form.getByLabel('Дата', { exact: true }).fill('2027-02-25');
    await form.getByLabel('Хто ухвалив').fill('Прокурор Волинської обласної прокуратури');
    await form.getByLabel('Діє з').fill('2027-02-26T00:00');
    await form.getByLabel('Діє до').fill('2027-03-31T00:00');
    await form.getByLabel('Завдання, які воно охоплює').selectOption([control.id]);
    await form.getByLabel('Посилання на справу з грифом').fill('НТ справа № 41, т. 1');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await page.getByTestId('decisions').getByText('41/2-271').waitFor();
    // The tracker still waits for its own ruling and the expert for the investigator's decision:
    // the prosecutor's decision covers only what it names.
    const left = await missingFor();
    expect(left).not.toContain(control.id);
    expect(left.map((id) => plan.tasks.find((x) => x.id === id)!.type).sort()).toEqual(['covert_tracking', 'forensic_examination']);
    await screenshot(page, 'legal-spine-tab');
  });
});
