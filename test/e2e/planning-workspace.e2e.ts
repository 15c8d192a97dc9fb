/**
 * Issue 3's planning flows in Chromium: an operation from a template, tasks assigned across
 * agencies (task form and bulk reassign), a roster import with a bad row (nothing written),
 * and an exchange entry that goes overdue and stands out here and on the operation page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openBrowser, screenshot, startApp, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
let operationId = '';

interface Plan { operation: { id: string; codeName: string }; tasks: { id: string; title: string; accountableAgencyId: string | null; startsAt: string }[]; phases: unknown[] }

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

describe('planning workspace', () => {
  it('creates a controlled delivery from its template with phases, tasks and checklists in Ukrainian', async () => {
    const page = browser.page;
    await page.getByRole('button', { name: 'З шаблону' }).click();
    const dlg = page.getByTestId('template-form');
    await dlg.getByLabel('Кодова назва').fill('КОРДОН-12');
    await dlg.getByLabel('Початок').fill('2026-12-10T08:00');
    // Every handling code, H3 (not to be shared at all) included.
    expect(await dlg.getByLabel('Код поводження').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['H0', 'H1', 'H2', 'H3']);
    await screenshot(page, 'workspace-01-template-dialog');
    await dlg.getByRole('button', { name: 'Створити' }).click();
    await page.getByRole('heading', { name: 'КОРДОН-12' }).waitFor();
    operationId = decodeURIComponent(/#\/operations\/([^?]+)/.exec(page.url())![1]!);

    const plan = await callApi<Plan>(app, 'operations', 'getPlan', { id: operationId });
    expect(plan.phases).toHaveLength(3);
    // The corrected template (issue 16): registration, decision, tracker ruling, briefing; border
    // control, passage under customs control, the controlled movement, arrest; seizure, customs
    // specialist, expert, notification of customs.
    expect(plan.tasks).toHaveLength(13);
    // 08:00 Kyiv wall time in December is 06:00 UTC.
    expect(plan.tasks.map((t) => t.startsAt).sort()[0]).toBe('2026-12-10T06:00:00.000Z');

    await page.getByRole('tab', { name: 'Завдання' }).click();
    await page.getByRole('button', { name: 'Пропуск вантажу під митним контролем' }).waitFor();
    await expect(page.getByRole('region', { name: 'Виконання' }).getByTestId('task-card').count()).resolves.toBe(4);
    await screenshot(page, 'workspace-02-template-board');
  });

  it('assigns tasks across agencies through the task form and a bulk reassignment', async () => {
    const page = browser.page;
    await page.getByRole('button', { name: 'Контроль за переміщенням вантажу (оперативний підрозділ за дорученням слідчого)' }).click();
    const form = page.getByTestId('task-form');
    await expect(form.getByLabel('Відповідальний орган').inputValue()).resolves.toBe('NPU');
    await form.getByLabel('Відповідальний орган').selectOption('SBU');
    await form.getByRole('button', { name: '+ Додати пункт' }).click();
    await form.getByLabel('Пункт').last().fill('Резервний екіпаж на трасі М-07');
    await screenshot(page, 'workspace-03-task-form');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await form.waitFor({ state: 'detached' });

    await page.getByRole('checkbox', { name: 'Вибрати «Вилучення і документування»' }).check();
    await page.getByRole('checkbox', { name: 'Вибрати «Повідомлення митниці про виявлену контрабанду (ст. 558 МК України)»' }).check();
    await page.getByRole('combobox', { name: 'Перепризначити органу' }).selectOption('BEB');
    await page.getByRole('button', { name: 'Перепризначити', exact: true }).click();
    await page.getByRole('combobox', { name: 'Групувати' }).selectOption('agency');
    await page.getByRole('region', { name: /^БЕБ/ }).getByTestId('task-card').nth(1).waitFor();
    await screenshot(page, 'workspace-04-board-by-agency');

    const plan = await callApi<Plan>(app, 'operations', 'getPlan', { id: operationId });
    const agencyOf = (title: string) => plan.tasks.find((t) => t.title === title)!.accountableAgencyId;
    expect(agencyOf('Контроль за переміщенням вантажу (оперативний підрозділ за дорученням слідчого)')).toBe('SBU');
    expect(agencyOf('Вилучення і документування')).toBe('BEB');
    expect(agencyOf('Повідомлення митниці про виявлену контрабанду (ст. 558 МК України)')).toBe('BEB');
    expect(agencyOf('Пропуск вантажу під митним контролем')).toBe('DMS');
  });

  it('imports a roster only when every row is valid; a bad row blocks it and cancelling writes nothing', async () => {
    const page = browser.page;
    await page.getByRole('link', { name: 'Довідник', exact: true }).click();
    await page.getByRole('button', { name: 'Імпорт списку (CSV)' }).click();
    const dlg = page.getByTestId('import-dialog');
    const bad = 'орган;піб;посада;позивний;email\nDMS;Іваненко Петро Іванович;старший інспектор;Сокіл-1;p.ivanenko@customs.gov.ua\nXYZ;;інспектор;;не-пошта\nNPU;Коваль Олена Петрівна;слідча;Лелека;\n';
    await dlg.locator('input[type=file]').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await dlg.getByTestId('import-summary').waitFor();
    await expect(dlg.getByTestId('import-summary').textContent()).resolves.toContain('з помилками 1');
    await expect(dlg.getByText('Невідомий орган').isVisible()).resolves.toBe(true);
    await expect(dlg.getByText('Недійсна електронна адреса').isVisible()).resolves.toBe(true);
    await expect(dlg.getByRole('button', { name: 'Імпортувати 3' }).isDisabled()).resolves.toBe(true);
    await screenshot(page, 'workspace-05-import-bad-row');
    // A file was chosen: Escape asks before the checked rows are thrown away.
    await page.keyboard.press('Escape');
    await dlg.getByTestId('dialog-unsaved').getByRole('button', { name: 'Закрити без збереження' }).click();
    await dlg.waitFor({ state: 'detached' });
    expect(await callApi<unknown[]>(app, 'directory', 'listPeople', { agencyId: null })).toHaveLength(0);

    await page.getByRole('button', { name: 'Імпорт списку (CSV)' }).click();
    const fixed = bad.replace('XYZ;;інспектор;;не-пошта', 'DPSU;Мельник Андрій;інспектор;Орел;a.melnyk@dpsu.gov.ua');
    await dlg.getByLabel('…або вставте текст CSV').fill(fixed);
    await dlg.getByRole('button', { name: 'Імпортувати 3' }).click();
    await dlg.waitFor({ state: 'detached' });
    await page.getByText('Імпортовано записів: 3').waitFor();
    await page.getByTestId('people-table').getByText('Іваненко Петро Іванович').waitFor();
    await screenshot(page, 'workspace-06-directory-after-import');
    const people = await callApi<{ fullName: string; agencyId: string }[]>(app, 'directory', 'listPeople', { agencyId: null });
    expect(people.map((p) => p.agencyId).sort()).toEqual(['DMS', 'DPSU', 'NPU']);
  });

  it('reads the labels the app shows, lists the allowed values, and can take the valid rows alone', async () => {
    const page = browser.page;
    await page.getByRole('button', { name: 'Імпорт списку (CSV)' }).click();
    const dlg = page.getByTestId('import-dialog');
    const csv = 'орган;ПІБ;навички;допуск\nДМС;Гнатюк Олег;Кінолог;ДСК\nпрокуратура;Савченко Ніна;Снайпер;форма 2\nНПУ;Лисенко Тарас;Водій|Медик;Допуск за формою 3\n';
    await dlg.getByLabel('…або вставте текст CSV').fill(csv);
    await dlg.getByTestId('import-summary').getByText('з помилками 1').waitFor();
    // The error column comes right after the line number, whatever the file's width.
    expect(await dlg.locator('thead th').allTextContents()).toEqual(['Рядок', 'Помилки', 'Орган', 'ПІБ', 'Навички', 'Допуск']);
    await dlg.getByText('Навички: Невідома навичка «Снайпер»').waitFor();
    await dlg.getByTestId('import-allowed').getByText('Допустимі значення').click();
    await dlg.getByTestId('import-allowed').getByText(/Кінолог, Перекладач/).waitFor();
    await screenshot(page, 'workspace-06b-import-labels');
    await dlg.getByTestId('import-valid').click();
    await dlg.getByTestId('import-partial').getByText('Не імпортовано рядки з помилками: 3').waitFor();
    await screenshot(page, 'workspace-06c-import-partial');
    // What was to be done is done: closing asks nothing.
    await dlg.locator('.dialog-footer').getByRole('button', { name: 'Закрити', exact: true }).click();
    await dlg.waitFor({ state: 'detached' });
    const people = await callApi<{ fullName: string; skills: string[]; clearance: string }[]>(app, 'directory', 'listPeople', { agencyId: null });
    const byName = new Map(people.map((p) => [p.fullName, p]));
    expect(byName.get('Гнатюк Олег')).toMatchObject({ skills: ['k9_handler'], clearance: 'none' });
    expect(byName.get('Лисенко Тарас')).toMatchObject({ skills: ['driver', 'medic'], clearance: 'form3' });
    expect(byName.has('Савченко Ніна')).toBe(false);
  });

  it('shows a mandatory notification whose due time has passed as overdue, in the log and on the operation page', async () => {
    const page = browser.page;
    await page.getByRole('link', { name: 'Журнал обміну', exact: true }).click();
    await page.getByRole('button', { name: 'Новий запис' }).click();
    const form = page.getByTestId('exchange-form');
    await form.getByLabel('Вид').selectOption('art558_notification');
    await form.getByLabel('До органу').selectOption('NPU');
    await form.getByLabel('Операція').selectOption({ label: 'КОРДОН-12' });
    await form.getByLabel('Тема').fill('Повідомлення про виявлення ознак контрабанди');
    await form.getByLabel('Строк').fill('2025-01-15T10:00');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await form.waitFor({ state: 'detached' });
    const row = page.getByTestId('exchange-row').filter({ hasText: 'Повідомлення про виявлення ознак контрабанди' });
    await row.waitFor();
    await expect(row.getAttribute('data-state')).resolves.toBe('overdue');
    await expect(page.getByTestId('exchange-overdue').textContent()).resolves.toContain('1');
    await screenshot(page, 'workspace-07-exchange-overdue');

    await page.goto(`${app.baseUrl}#/operations/${operationId}`);
    await page.getByTestId('op-overdue').waitFor();
    await expect(page.getByTestId('op-overdue').textContent()).resolves.toContain('Повідомлення про виявлення ознак контрабанди');
    await screenshot(page, 'workspace-08-operation-overdue');

    // Acknowledging it clears the alarm.
    await page.getByRole('link', { name: 'Журнал обміну', exact: true }).click();
    await row.getByRole('button', { name: 'Надіслати' }).click();
    await row.getByRole('button', { name: 'Підтвердити' }).click();
    await page.locator('[data-testid=exchange-row][data-state=acknowledged]').filter({ hasText: 'Повідомлення про виявлення ознак контрабанди' }).waitFor();
    await page.getByTestId('exchange-overdue').waitFor({ state: 'detached' });
  });
});
