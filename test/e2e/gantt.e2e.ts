/**
 * The operation timeline in real Chromium against browser mode, on the demo: a bar per task on
 * the operation's clock, the critical path the service computes, an arrow per dependency with its
 * lag, grouping by agency, zoom; a drag and a key press that reschedule through the API, and a
 * drag the save guard refuses (the bar snaps back and the reason appears beside it).
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openBrowser, screenshot, startApp, type Browser, type RunningApp } from './harness.js';

interface Task { id: string; title: string; startsAt: string; endsAt: string; dependencies: { predecessorId: string; lagMinutes: number }[] }
interface Plan { operation: { id: string; startsAt: string; endsAt: string }; tasks: Task[] }
interface CriticalPath { criticalPath: string[] }

const HOUR = 3_600_000;
let app: RunningApp;
let browser: Browser;
let page: Page;
let plan: Plan;

const bar = (taskId: string): Locator => page.locator(`.gantt-chart [data-task-id="${taskId}"]`);
const shape = (taskId: string): Locator => bar(taskId).locator('.gantt-bar-shape');
/** A bar's x in the chart's own coordinates (independent of scrolling). */
const barX = async (taskId: string) => Number(await shape(taskId).getAttribute('x'));
const fresh = () => callApi<Plan>(app, 'operations', 'getPlan', { id: plan.operation.id });

async function dragBy(taskId: string, dx: number): Promise<void> {
  await shape(taskId).scrollIntoViewIfNeeded();
  const box = (await shape(taskId).boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y, { steps: 5 });
  await page.mouse.move(x + dx, y, { steps: 5 });
  await page.mouse.up();
}

async function zoomTo(z: string): Promise<void> {
  await page.getByTestId('gantt-zoom').selectOption(z);
  await page.locator(`.gantt-scroll[data-zoom="${z}"]`).waitFor();
}

beforeAll(async () => {
  app = await startApp();
  const { operationId } = await callApi<{ operationId: string }>(app, 'system', 'loadDemo', {});
  plan = await callApi<Plan>(app, 'operations', 'getPlan', { id: operationId });
  browser = await openBrowser();
  page = browser.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(app.launchUrl);
  await page.evaluate((id) => { window.location.hash = `/operations/${id}?tab=timeline`; }, operationId);
  await page.locator('.gantt-chart').waitFor();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('operation timeline', () => {
  it('draws every task, the critical path the service computes, and every dependency with its lag', async () => {
    expect(await page.locator('.gantt-chart .gantt-bar').count()).toBe(plan.tasks.length);
    const cp = await callApi<CriticalPath>(app, 'conflicts', 'criticalPath', { operationId: plan.operation.id });
    expect(cp.criticalPath.length).toBeGreaterThan(0);
    const critical = await page.locator('.gantt-chart .gantt-bar.critical').evaluateAll((els) => els.map((e) => e.getAttribute('data-task-id')));
    expect(new Set(critical)).toEqual(new Set(cp.criticalPath));
    const deps = plan.tasks.flatMap((t) => t.dependencies);
    expect(await page.locator('.gantt-chart .gantt-link').count()).toBe(deps.length);
    expect(await page.locator('.gantt-chart .gantt-link.critical').count()).toBeGreaterThan(0);
    const lags = deps.filter((d) => d.lagMinutes !== 0).length;
    expect(await page.locator('.gantt-chart .gantt-lag').count()).toBe(lags);
    // The bar's accessible name says when, on the operation's clock.
    const first = [...plan.tasks].sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0]!;
    expect(await bar(first.id).getAttribute('aria-label')).toContain(first.title);
    await page.getByTestId('gantt-summary').getByText(/за київським часом/).waitFor();
    await screenshot(page, 'gantt-01-demo-by-phase');
  });

  it('groups by agency and zooms from hours to weeks', async () => {
    await page.getByTestId('gantt-group').selectOption('agency');
    await page.locator('.gantt-group-label', { hasText: 'НПУ' }).waitFor();
    await page.locator('.gantt-group-label', { hasText: 'прокуратура' }).waitFor();
    const t = plan.tasks[0]!;
    await zoomTo('hours');
    const wide = (await shape(t.id).boundingBox())!.width;
    await zoomTo('week');
    const narrow = (await shape(t.id).boundingBox())!.width;
    // 56 px an hour against 1.5: the bar is 37 times narrower (within rounding of short bars).
    expect(wide / narrow).toBeGreaterThan(20);
    await screenshot(page, 'gantt-02-by-agency-week');
    await page.getByTestId('gantt-group').selectOption('phase');
  });

  it('moves a task by dragging its bar, through the API', async () => {
    await zoomTo('hours');
    const successors = new Set(plan.tasks.flatMap((t) => t.dependencies.map((d) => d.predecessorId)));
    const free = plan.tasks.find((t) => !successors.has(t.id) && Date.parse(t.endsAt) + HOUR <= Date.parse(plan.operation.endsAt))!;
    const before = await barX(free.id);
    await dragBy(free.id, 56);
    await page.getByTestId('gantt-notice').getByText(/перенесено/).waitFor();
    await expect.poll(async () => (await fresh()).tasks.find((t) => t.id === free.id)!.startsAt)
      .toBe(new Date(Date.parse(free.startsAt) + HOUR).toISOString());
    expect(await barX(free.id)).toBeCloseTo(before + 56, 0);
  });

  it('refuses a drag out of the operation window: the bar snaps back and the reason shows beside it', async () => {
    await zoomTo('day');
    // The task nearest an edge of the operation's window, dragged half a day past that edge
    // (6 px an hour at this zoom); the plan as it is now (the test above moved a task).
    const { operation, tasks } = await fresh();
    const latest = [...tasks].sort((a, b) => b.endsAt.localeCompare(a.endsAt))[0]!;
    const earliest = [...tasks].sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0]!;
    const toEnd = (Date.parse(operation.endsAt) - Date.parse(latest.endsAt)) / HOUR;
    const toStart = (Date.parse(earliest.startsAt) - Date.parse(operation.startsAt)) / HOUR;
    const last = toEnd <= toStart ? latest : earliest;
    const hours = toEnd <= toStart ? toEnd + 12 : -(toStart + 12);
    const before = await barX(last.id);
    await dragBy(last.id, hours * 6);
    const notice = page.getByTestId('gantt-notice');
    // The refusal replaces the notice the move above left (role status) with an alert.
    await expect.poll(() => notice.getAttribute('role')).toBe('alert');
    expect(await notice.textContent()).toMatch(/не збережено.*вікн/i);
    expect(await barX(last.id)).toBeCloseTo(before, 0);
    const after = (await shape(last.id).boundingBox())!;
    expect((await fresh()).tasks.find((t) => t.id === last.id)!.startsAt).toBe(last.startsAt);
    // Where the user was looking: next to the bar, on screen.
    const box = (await notice.boundingBox())!;
    expect(Math.abs(box.y - (after.y + after.height))).toBeLessThan(150);
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    await screenshot(page, 'gantt-03-refused', { viewportOnly: true });
    await notice.getByRole('button').click();
  });

  it('moves and lengthens the focused bar with the keyboard', async () => {
    await zoomTo('day');
    const current = (await fresh()).tasks;
    const successors = new Set(current.flatMap((t) => t.dependencies.map((d) => d.predecessorId)));
    const t = current.find((x) => !successors.has(x.id) && Date.parse(x.endsAt) + 3 * HOUR <= Date.parse(plan.operation.endsAt))!;
    await bar(t.id).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await fresh()).tasks.find((x) => x.id === t.id)!.startsAt)
      .toBe(new Date(Date.parse(t.startsAt) + HOUR).toISOString());
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => (await fresh()).tasks.find((x) => x.id === t.id)!.endsAt)
      .toBe(new Date(Date.parse(t.endsAt) + 2 * HOUR).toISOString());
    // Focus stays on the bar for the next step.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-task-id'))).toBe(t.id);
  });
});
