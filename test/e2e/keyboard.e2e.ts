/**
 * Keyboard use: dialogs open with Enter, focus their first field, submit with Enter, close with
 * Escape and hand focus back; status changes only offer allowed transitions and a reopen asks
 * for its reason next to the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, startApp, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await openBrowser();
  await browser.page.goto(app.launchUrl);
  await browser.page.getByRole('heading', { name: 'Операції', exact: true }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const focusedName = () => browser.page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  return el ? `${el.tagName}:${el.getAttribute('name') ?? el.textContent ?? ''}` : '';
});

describe('keyboard', () => {
  it('opens a dialog with Enter, focuses its first field, closes with Escape and returns focus', async () => {
    const page = browser.page;
    await page.getByRole('button', { name: 'Нова операція' }).first().focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('operation-form').waitFor();
    await expect(focusedName()).resolves.toBe('INPUT:codeName');
    // Nothing typed yet: Escape just closes.
    await page.keyboard.press('Escape');
    await page.getByTestId('operation-form').waitFor({ state: 'detached' });
    await expect(focusedName()).resolves.toBe('BUTTON:Нова операція');
  });

  it('asks before Escape throws away what was typed; keeping on edits it further, discarding closes', async () => {
    const page = browser.page;
    await page.keyboard.press('Enter');
    await page.getByTestId('operation-form').waitFor();
    await page.keyboard.type('ТИША');
    await page.keyboard.press('Escape');
    const question = page.getByTestId('dialog-unsaved');
    await question.waitFor();
    await screenshot(page, 'keyboard-unsaved-question');
    // A second Escape does not discard either; the safe answer has the focus.
    await page.keyboard.press('Escape');
    await expect(focusedName()).resolves.toBe('BUTTON:Продовжити редагування');
    await page.keyboard.press('Enter');
    await question.waitFor({ state: 'detached' });
    expect(await page.getByTestId('operation-form').locator('input[name=codeName]').inputValue()).toBe('ТИША');
    // × asks the same; discarding closes with nothing saved.
    await page.getByTestId('operation-form').getByRole('button', { name: 'Закрити' }).click();
    await question.getByRole('button', { name: 'Закрити без збереження' }).click();
    await page.getByTestId('operation-form').waitFor({ state: 'detached' });
    expect(await page.getByText('ТИША').count()).toBe(0);
  });

  it('submits a form with Enter and walks the status lifecycle; a reopen needs a reason', async () => {
    const page = browser.page;
    await page.getByRole('button', { name: 'З шаблону' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('template-form').waitFor();
    await page.keyboard.type('ВІТЕР');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'ВІТЕР' }).waitFor();

    await page.getByRole('button', { name: 'Змінити статус' }).focus();
    await page.keyboard.press('Enter');
    const dlg = page.getByTestId('status-dialog');
    const options = await dlg.getByRole('combobox', { name: 'Новий статус' }).locator('option').allTextContents();
    expect(options).toEqual(['Сплановано', 'Скасовано']);
    // Enter on a <select> opens it; the keyboard path to saving is Tab, Tab (Cancel, Save), Enter.
    await expect(focusedName()).resolves.toBe('SELECT:status');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(focusedName()).resolves.toBe('BUTTON:Зберегти');
    await page.keyboard.press('Enter');
    await page.getByTestId('op-status').filter({ hasText: 'Сплановано' }).waitFor();

    await page.getByRole('button', { name: 'Змінити статус' }).click();
    await dlg.getByRole('combobox', { name: 'Новий статус' }).selectOption('draft');
    await dlg.getByRole('button', { name: 'Зберегти' }).press('Enter');
    await dlg.getByText('Повернення на попередній етап потребує причини').waitFor();
    await screenshot(page, 'keyboard-01-reopen-needs-reason');
    await dlg.getByLabel('Причина').fill('Прокурор відкликав погодження');
    await dlg.getByRole('button', { name: 'Зберегти' }).click();
    await page.getByTestId('op-status').filter({ hasText: 'Чернетка' }).waitFor();
  });

  it('renames a phase and removes one, keeping its tasks', async () => {
    const page = browser.page;
    await page.getByRole('tab', { name: 'Огляд' }).click();
    await page.getByRole('row', { name: /1\. Підготовка/ }).getByRole('button', { name: 'Редагувати' }).click();
    const dlg = page.getByTestId('phase-dialog');
    await dlg.getByLabel('Назва фази').fill('Підготовка і рішення');
    await page.keyboard.press('Enter');
    await page.getByText('1. Підготовка і рішення').waitFor();
    await page.getByRole('button', { name: 'Видалити Завершення' }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Видалити' }).click();
    await page.getByText('3. Завершення').waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'Завдання' }).click();
    await page.getByRole('region', { name: 'Без фази' }).getByTestId('task-card').nth(1).waitFor();
    await screenshot(page, 'keyboard-02-phase-removed');
  });
});
