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

  it('edits a decision in place: its validity extended, in the app language\'s date pattern', async () => {
    await page.getByTestId('decisions').getByRole('button', { name: 'Змінити: 41/2-271' }).click();
    const form = page.getByTestId('edit-decision');
    // The form shows the stored wall time in the Ukrainian pattern, 24-hour.
    await expect(form.getByLabel('Діє до').inputValue()).resolves.toBe('31.03.2027 00:00');
    await form.getByLabel('Діє до').fill('15.04.2027 18:00');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await page.getByTestId('decisions').getByText('15.04.2027 18:00').waitFor();
    expect(await page.getByTestId('edit-decision').count()).toBe(0);
    const spine = await callApi<{ decisions: { number: string; validUntil: string }[] }>(app, 'legal', 'get', { operationId: plan.operation.id });
    expect(spine.decisions.find((d) => d.number === '41/2-271')!.validUntil).toBe('2027-04-15T15:00:00.000Z');
  });

  it('asks before removing a record; «Скасувати» keeps it', async () => {
    const rows = page.getByTestId('proceedings').locator('tbody tr');
    await rows.first().getByRole('button', { name: 'Вилучити' }).click();
    const confirm = page.getByTestId('confirm-dialog');
    await expect(confirm.textContent()).resolves.toContain('12027030000000417');
    await confirm.getByRole('button', { name: 'Скасувати' }).click();
    expect(await rows.count()).toBe(1);
    await rows.first().getByRole('button', { name: 'Вилучити' }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Вилучити' }).click();
    await page.getByText('Провадження не зазначено').waitFor();
  });

  it('gives and withdraws this unit\'s agency agreement mark', async () => {
    await page.getByTestId('agree-open').click();
    const form = page.getByTestId('agree');
    await form.getByLabel('Посада, звання, ім’я того, хто погоджує').fill('Заступник начальника Волинської митниці Ігор МЕЛЬНИК');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await page.getByTestId('agreements').getByText('Ігор МЕЛЬНИК', { exact: false }).waitFor();
    expect(await page.getByTestId('agree-open').count()).toBe(0);
    await page.getByTestId('agreements').getByRole('button', { name: 'Відкликати погодження' }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Вилучити' }).click();
    await page.getByTestId('agree-open').waitFor();
    expect((await callApi<{ agreements: unknown[] }>(app, 'legal', 'get', { operationId: plan.operation.id })).agreements).toEqual([]);
  });

  it('sets the installation\'s marking ceiling in Settings; a marking above it is refused', async () => {
    await page.evaluate(() => { window.location.hash = '/settings'; });
    const section = page.getByTestId('ceiling-settings');
    await section.getByLabel('Без грифу').check();
    await expect.poll(async () => (await callApi<{ ceiling: string }>(app, 'legal', 'getSettings', {})).ceiling).toBe('none');
    await expect(callApi(app, 'operations', 'update', { id: plan.operation.id, patch: { marking: 'dsk' } })).rejects.toThrow(/above|вищий|ceiling/i);
    await section.getByLabel('«Для службового користування»').check();
    await expect.poll(async () => (await callApi<{ ceiling: string }>(app, 'legal', 'getSettings', {})).ceiling).toBe('dsk');
    await screenshot(page, 'settings-ceiling');
  });
});
