/**
 * Walking an operation through its lifecycle in Chromium: the status dialog offers the next
 * step first, and completing an operation whose tasks are not done or cancelled asks first,
 * naming them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openBrowser, screenshot, startApp, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
let operationId: string;

beforeAll(async () => {
  app = await startApp();
  ({ id: operationId } = await callApi<{ id: string }>(app, 'operations', 'create', {
    codeName: 'НАРАДА', type: 'working_group', leadAgencyId: 'DMS', participatingAgencyIds: ['DMS'],
    startsAt: '2027-03-02T08:00:00Z', endsAt: '2027-03-02T12:00:00Z', legalBasis: 'план спільних заходів',
  }));
  for (const title of ['Порядок денний', 'Протокол наради']) {
    await callApi(app, 'tasks', 'create', {
      operationId, title, type: 'meeting', accountableAgencyId: 'DMS', startsAt: '2027-03-02T08:00:00Z', endsAt: '2027-03-02T09:00:00Z',
    });
  }
  // The next work on the calendar: a joint patrol in April, with one task.
  const { id: patrolId } = await callApi<{ id: string }>(app, 'operations', 'create', {
    codeName: 'ВЕСНА', type: 'joint_patrol', leadAgencyId: 'DMS', participatingAgencyIds: ['DMS', 'DPSU'],
    startsAt: '2027-04-14T06:00:00Z', endsAt: '2027-04-14T14:00:00Z', legalBasis: 'спільний план патрулювання',
  });
  await callApi(app, 'tasks', 'create', {
    operationId: patrolId, title: 'Спільний наряд на ділянці', type: 'patrol', accountableAgencyId: 'DMS', startsAt: '2027-04-14T07:00:00Z', endsAt: '2027-04-14T11:00:00Z',
  });
  browser = await openBrowser();
  await browser.page.goto(app.launchUrl);
  await browser.page.evaluate((id) => { window.location.hash = `/operations/${id}`; }, operationId);
  await browser.page.getByTestId('op-status').waitFor();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('status lifecycle in the UI', () => {
  // Before the status walk: a completed operation's plan no longer changes (issue 17).
  it('lists the tasks a shrunk window would leave outside while it is typed, and the save says the same', async () => {
    const page = browser.page;
    await page.getByRole('button', { name: 'Редагувати' }).first().click();
    const form = page.getByTestId('operation-form');
    // The tasks run 10:00-11:00 Kyiv time; ending the operation at 10:30 leaves both outside.
    await form.getByLabel('Кінець').fill('02.03.2027 10:30');
    const notice = form.getByTestId('outside-window');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Протокол наради');
    await screenshot(page, 'lifecycle-window-outside');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await form.getByText(/Нові межі залишають поза операцією 2 завдання/).waitFor();
    expect((await callApi<{ endsAt: string }>(app, 'operations', 'get', { id: operationId })).endsAt).toBe('2027-03-02T12:00:00.000Z');
    // Back to a window that holds them: the notice goes and the save goes through.
    await form.getByLabel('Кінець').fill('02.03.2027 13:00');
    await notice.waitFor({ state: 'detached' });
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await form.waitFor({ state: 'detached' });
    expect((await callApi<{ endsAt: string }>(app, 'operations', 'get', { id: operationId })).endsAt).toBe('2027-03-02T11:00:00.000Z');
  });

  it('offers the next step first at every stage, and asks before completing with open tasks', async () => {
    const page = browser.page;
    const dlg = page.getByTestId('status-dialog');
    for (const next of ['Сплановано', 'Затверджено', 'Проінструктовано', 'Триває']) {
      await page.getByRole('button', { name: 'Змінити статус' }).click();
      const select = dlg.getByRole('combobox', { name: 'Новий статус' });
      expect(await select.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe(next);
      // Approval names who approves (the head of the leading body).
      if (next === 'Затверджено') await dlg.locator('input[name=approvedBy]').fill('Начальник митниці Коваленко О. П.');
      await dlg.getByRole('button', { name: 'Зберегти' }).click();
      await page.getByTestId('op-status').filter({ hasText: next }).waitFor();
    }
    const plan = await callApi<{ tasks: { id: string; title: string }[] }>(app, 'operations', 'getPlan', { id: operationId });
    await callApi(app, 'tasks', 'update', { id: plan.tasks.find((t) => t.title === 'Порядок денний')!.id, patch: { status: 'done' } });

    await page.getByRole('button', { name: 'Змінити статус' }).click();
    const warning = dlg.getByTestId('status-open-tasks');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('1 завдання не виконане');
    expect(await warning.textContent()).toContain('Протокол наради');
    expect(await warning.textContent()).not.toContain('Порядок денний');
    await screenshot(page, 'lifecycle-complete-open-tasks');
    // Aborting is chosen, not offered, and closes nothing silently either: no warning for it.
    await dlg.getByRole('combobox', { name: 'Новий статус' }).selectOption('aborted');
    await warning.waitFor({ state: 'detached' });
    await dlg.getByRole('combobox', { name: 'Новий статус' }).selectOption('completed');
    // Completing with open tasks says why (kept with the outcome for the after-action report).
    await dlg.getByRole('button', { name: 'Завершити все одно' }).click();
    await dlg.getByText('Є незавершені завдання: зазначте, чому операцію завершують').waitFor();
    await dlg.locator('textarea[name=reason]').fill('Протокол складе секретар після наради');
    await dlg.getByRole('button', { name: 'Завершити все одно' }).click();
    await page.getByTestId('op-status').filter({ hasText: 'Завершено' }).waitFor();
  });

  it('the calendar opens on the week of the next work, and its filter lists every operation', async () => {
    const page = browser.page;
    await page.getByRole('link', { name: 'Календар', exact: true }).click();
    // НАРАДА is completed; the patrol in April is the next work, months from today.
    await page.locator('.fc-event').filter({ hasText: 'Спільний наряд на ділянці' }).first().waitFor();
    const options = await page.getByTestId('calendar-filter-operation').locator('option').allTextContents();
    expect(options.slice(1)).toEqual(['ВЕСНА', 'НАРАДА']);
    await screenshot(page, 'lifecycle-calendar-next-work');
  });
});
