/**
 * Calendar and synchronization matrix in real Chromium against browser mode: the demo week
 * coloured per agency, a drag that reschedules (and survives a reload), undo, a drag the
 * service rejects (snaps back, says why), and the matrix rows per agency.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openShell, screenshot, startApp, type Browser, type RunningApp } from './harness.js';

interface Task { id: string; title: string; startsAt: string; endsAt: string; accountableAgencyId: string | null }
interface Agency { id: string; code: string; shortUk: string; color: string }
interface Plan { operation: { id: string; codeName: string }; tasks: Task[] }

const HOUR = 3_600_000;
let app: RunningApp;
let browser: Browser;
let page: Page;
let plan: Plan;
let agencies: Agency[];

const byTitle = (prefix: string) => plan.tasks.find((t) => t.title.startsWith(prefix))!;
const eventEl = (title: string): Locator => page.locator('.fc-timegrid-event.spilno-task', { hasText: title });
/** An event's top edge measured from the top of the time grid: independent of page scroll. */
const topInGrid = (el: Locator) => el.evaluate((n) =>
  n.getBoundingClientRect().top - n.closest('.fc-timegrid-body')!.getBoundingClientRect().top);

function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

async function openCalendar(dateIso: string): Promise<void> {
  await page.evaluate((d) => { window.location.hash = `/calendar?view=timeGridWeek&date=${d}`; }, dateIso.slice(0, 10));
  await page.locator('.fc-timegrid-event.spilno-task').first().waitFor();
}

/** Drags an event vertically by `hours` slots (the week view has one-hour slots). */
async function dragByHours(el: Locator, hours: number): Promise<void> {
  const slot = await page.locator('td.fc-timegrid-slot-lane').first().boundingBox();
  // Mouse coordinates are the viewport's: bring the event (and room around it) into view.
  await el.scrollIntoViewIfNeeded();
  const box = (await el.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + Math.min(10, box.height / 2);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y + 8, { steps: 4 });
  await page.mouse.move(x, y + hours * slot!.height, { steps: 12 });
  await page.mouse.up();
}

beforeAll(async () => {
  app = await startApp();
  const { operationId } = await callApi<{ operationId: string }>(app, 'system', 'loadDemo', {});
  plan = await callApi<Plan>(app, 'operations', 'getPlan', { id: operationId });
  agencies = await callApi<Agency[]>(app, 'directory', 'listAgencies', {});
  browser = await openShell(app);
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('calendar', () => {
  it('shows the demo week with tasks coloured per accountable agency and a legend', async () => {
    const briefing = byTitle('Інструктаж');
    await openCalendar(briefing.startsAt);
    const weekTasks = await page.locator('.fc-timegrid-event.spilno-task').count();
    expect(weekTasks).toBeGreaterThanOrEqual(3);

    for (const prefix of ['Інструктаж', 'Рішення прокурора', 'Підтвердити оперативну']) {
      const task = byTitle(prefix);
      const el = eventEl(prefix);
      if ((await el.count()) === 0) continue; // outside this week when the demo straddles Sunday
      const agency = agencies.find((a) => a.id === task.accountableAgencyId)!;
      await expect.poll(() => el.first().evaluate((n) => getComputedStyle(n).backgroundColor)).toBe(rgb(agency.color));
      expect(await el.first().textContent()).toContain(agency.shortUk);
    }
    // The legend names exactly the agencies of the tasks drawn in this week.
    const drawn = await page.locator('.fc-timegrid-event.spilno-task .fc-event-title').allTextContents();
    // Titles name the agency by its Ukrainian short name («ДМС · …»); the legend by agency id.
    const drawnCodes = agencies.filter((a) => drawn.some((x) => x.includes(`${a.shortUk} · `))).map((a) => a.id).sort();
    expect(drawnCodes.length).toBeGreaterThanOrEqual(3);
    const legendCodes = async () => (await page.getByTestId('calendar-legend').locator('[data-agency]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-agency')))).sort();
    await expect.poll(legendCodes).toEqual(drawnCodes);
    // The operation's window is drawn behind its tasks.
    expect(await page.locator('.fc-bg-event.spilno-operation').count()).toBeGreaterThan(0);
    await screenshot(page, 'calendar-week');
  });

  it('drag reschedules through the API, survives a reload, and undo restores it', async () => {
    const task = byTitle('Інструктаж');
    await openCalendar(task.startsAt);
    const el = eventEl('Інструктаж');
    const before = await topInGrid(el);
    await dragByHours(el, 2);
    await expect.poll(() => page.getByTestId('calendar-notice').textContent()).toContain('Перенесено');

    const moved = await callApi<Task>(app, 'tasks', 'get', { id: task.id });
    expect(Date.parse(moved.startsAt) - Date.parse(task.startsAt)).toBe(2 * HOUR);
    expect(Date.parse(moved.endsAt) - Date.parse(task.endsAt)).toBe(2 * HOUR);

    await page.reload();
    await openCalendar(task.startsAt);
    const after = await topInGrid(eventEl('Інструктаж'));
    expect(after - before).toBeGreaterThan(1.5 * (await page.locator('td.fc-timegrid-slot-lane').first().boundingBox())!.height);
    await screenshot(page, 'calendar-after-drag');

    // Undo is for the last change of this session; make one more and undo it.
    await dragByHours(eventEl('Інструктаж'), -1);
    await expect.poll(async () => (await callApi<Task>(app, 'tasks', 'get', { id: task.id })).startsAt)
      .toBe(new Date(Date.parse(task.startsAt) + HOUR).toISOString());
    await page.getByTestId('calendar-undo').click();
    await expect.poll(() => page.getByTestId('calendar-notice').textContent()).toContain('Повернуто');
    expect((await callApi<Task>(app, 'tasks', 'get', { id: task.id })).startsAt).toBe(moved.startsAt);
  });

  it('moves and resizes a focused task from the keyboard, keeping focus, and refuses what a drop would', async () => {
    const title = 'Прикордонний контроль';
    const task = byTitle(title);
    const at = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR).toISOString();
    await openCalendar(task.startsAt);
    await expect(page.locator('#calendar-keys-hint').textContent()).resolves.toContain('↑/↓ — на годину');
    await eventEl(title).focus();
    const stored = () => callApi<Task>(app, 'tasks', 'get', { id: task.id });
    const focusedTask = () => page.evaluate(() => document.activeElement?.getAttribute('data-task-id'));
    const notice = page.getByTestId('calendar-notice');

    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await stored()).startsAt).toBe(at(task.startsAt, 1));
    await expect.poll(() => notice.textContent()).toContain(`Перенесено: «${title}`);
    await expect.poll(focusedTask).toBe(task.id);

    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(async () => (await stored()).endsAt).toBe(at(task.endsAt, 2));
    await expect.poll(focusedTask).toBe(task.id);
    await screenshot(page, 'calendar-keyboard');

    // A day later is outside the operation: refused like a drop, nothing saved.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => notice.getAttribute('role')).toBe('alert');
    await expect(notice.textContent()).resolves.toContain('Зміну не прийнято');
    expect((await stored()).startsAt).toBe(at(task.startsAt, 1));

    // Shorter an hour at a time down to an hour long, and no shorter than that.
    await eventEl(title).focus();
    await page.keyboard.press('Shift+ArrowUp');
    await expect.poll(async () => (await stored()).endsAt).toBe(at(task.endsAt, 1));
    const hoursLong = async () => { const x = await stored(); return (Date.parse(x.endsAt) - Date.parse(x.startsAt)) / HOUR; };
    for (let left = Math.floor(await hoursLong()) - 1, end = 0; left > 0; left--) {
      end -= 1;
      await eventEl(title).focus();
      await page.keyboard.press('Shift+ArrowUp');
      await expect.poll(async () => (await stored()).endsAt).toBe(at(task.endsAt, 1 + end));
    }
    const floorEnd = (await stored()).endsAt;
    await eventEl(title).focus();
    await page.keyboard.press('Shift+ArrowUp');
    await expect.poll(() => notice.textContent()).toContain('на годину коротше не зробити');
    expect((await stored()).endsAt).toBe(floorEnd);

    // Two keys pressed before the first is saved: the second steps from what the first saved.
    // Dispatched in one go, so that both land while the first save is on its way.
    await eventEl(title).evaluate((el) => {
      for (let i = 0; i < 2; i++) el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true }));
    });
    await expect.poll(async () => (await stored()).startsAt).toBe(at(task.startsAt, 3));
    await expect.poll(() => notice.textContent()).toContain(`Перенесено: «${title}`);

    // Where it was, and the notice closed, for the tests that follow.
    await callApi(app, 'tasks', 'update', { id: task.id, patch: { startsAt: task.startsAt, endsAt: task.endsAt } });
    await notice.getByRole('button').click();
  });

  it('a move that would break a dependency is refused: it snaps back and says why', async () => {
    // The detention depends on the control over the movement ending first; two hours earlier breaks that.
    const task = byTitle('Перехоплення і затримання');
    await openCalendar(task.startsAt);
    const el = eventEl('Перехоплення і затримання');
    const before = await topInGrid(el);
    await dragByHours(el, -2);
    const notice = page.getByTestId('calendar-notice');
    await expect.poll(() => notice.getAttribute('role')).toBe('alert');
    const text = (await notice.textContent())!;
    expect(text).toContain('Зміну не прийнято');
    expect(text).toContain('блокувальний конфлікт');
    expect(text).toContain('починається раніше, ніж завершиться «Контроль за переміщенням вантажу М-07 (оперативні підрозділи за дорученням слідчого)»');
    await expect.poll(() => topInGrid(el)).toBeCloseTo(before, 0);
    expect((await callApi<Task>(app, 'tasks', 'get', { id: task.id })).startsAt).toBe(task.startsAt);
    await screenshot(page, 'calendar-rejected');
  });

  it('a task deleted elsewhere leaves the open calendar by itself (change events)', async () => {
    const task = byTitle('Рішення прокурора');
    await openCalendar(task.startsAt);
    const el = eventEl('Рішення прокурора');
    await el.waitFor();
    // Before the core's events a drag of this stale event was the only way to find out; now the
    // calendar refetches the range when the core says the task changed.
    await callApi(app, 'tasks', 'remove', { id: task.id });
    await expect.poll(() => el.count(), { timeout: 2000 }).toBe(0);
  });

  it('the time-zone choice moves the clock: UTC vs the operation zone (Kyiv)', async () => {
    const task = byTitle('Інструктаж');
    await openCalendar(task.startsAt);
    await page.getByTestId('calendar-filter-operation').selectOption(plan.operation.id);
    await page.getByTestId('calendar-zone').selectOption('utc');
    const utcText = await eventEl('Інструктаж').locator('.fc-event-time').textContent();
    await page.getByTestId('calendar-zone').selectOption('operation');
    await expect.poll(() => eventEl('Інструктаж').locator('.fc-event-time').textContent()).not.toBe(utcText);
    const kyivText = (await eventEl('Інструктаж').locator('.fc-event-time').textContent())!;
    const hour = (s: string) => Number(/(\d{1,2}):\d{2}/.exec(s)![1]);
    // Kyiv is UTC+2 in winter and UTC+3 in summer.
    expect([2, 3]).toContain((hour(kyivText) - hour(utcText!) + 24) % 24);
  });
});

describe('synchronization matrix', () => {
  it('shows one row per agency with its tasks, units on expand, and opens a task on click', async () => {
    await page.evaluate((id) => { window.location.hash = `/operations/${id}?tab=matrix`; }, plan.operation.id);
    // The operation page's tab strip (whatever element it uses) names the tab by its label.
    const tab = page.getByText('Матриця синхронізації', { exact: true });
    await tab.first().waitFor();
    if (!(await page.getByTestId('sync-matrix').count())) await tab.first().click();
    const matrix = page.getByTestId('sync-matrix');
    await matrix.waitFor();
    const rows = await matrix.locator('tr.agency-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-agency-row')));
    // The lead agency first, then every participant (even one left without tasks).
    expect(rows[0]).toBe('NPU');
    expect(rows.slice(1).sort()).toEqual(['DMS', 'DPSU', 'OGP', 'SBU']);
    // Three phases as columns.
    expect(await matrix.locator('thead tr').first().locator('th').count()).toBe(4);
    const npu = matrix.locator('tr[data-agency-row="NPU"]');
    // The police lead: the check, the registration, the briefing, the control, the arrest, the
    // seizure and the notification.
    expect(await npu.locator('.matrix-chip').count()).toBe(7);
    expect(await npu.textContent()).toContain('Перехоплення і затримання');
    expect(await matrix.locator('.marker.key_event').count()).toBe(2);
    await npu.locator('button.expander').click();
    await expect.poll(() => matrix.locator('tr.unit-row').first().textContent()).toContain('ГУНП');
    await screenshot(page, 'sync-matrix');

    await npu.locator('.matrix-chip').first().click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/task=/);
  });
});
