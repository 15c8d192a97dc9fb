/**
 * Every page, at 1280×720 and 1440×900, in Ukrainian and English, with the demo loaded: nothing
 * overflows its box or is cut off without its full text at hand, and axe-core finds no serious
 * or critical violation (run once per page and language). Screenshots of each land in
 * test-artifacts/ui-<lang>-<width>-<page>.png to be looked at.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openShell, screenshot, startApp, type Browser, type RunningApp } from './harness.js';
import { axeViolations, findOverflows, wrappedNavigation } from './ui-audit.js';

let app: RunningApp;
let browser: Browser;
let page: Page;
let operationId: string;
/** The demo's first day (the calendar opens on its week: what it shows must not depend on today). */
let demoDay: string;

const SIZES = [[1280, 720], [1440, 900]] as const;

/** Each page: its hash path and what shows once it has its data. */
function pages(): { name: string; path: string; ready: string; then?: () => Promise<void> }[] {
  const op = `/operations/${operationId}`;
  return [
    { name: 'operations', path: '/operations', ready: '[data-testid=operations-table]' },
    { name: 'op-overview', path: `${op}?tab=overview`, ready: '.overview' },
    { name: 'op-tasks', path: `${op}?tab=tasks`, ready: '[data-testid=task-board]' },
    {
      name: 'op-tasks-by-agency', path: `${op}?tab=tasks`, ready: '[data-testid=task-board]',
      then: async () => {
        await page.locator('select[name=groupBy]').selectOption('agency');
      },
    },
    { name: 'op-timeline', path: `${op}?tab=timeline`, ready: '.gantt-chart' },
    { name: 'op-conflicts', path: `${op}?tab=conflicts`, ready: '[data-testid=critical-path]' },
    { name: 'op-matrix', path: `${op}?tab=matrix`, ready: '.matrix' },
    { name: 'op-exports', path: `${op}?tab=exports`, ready: '[role=tabpanel] button' },
    { name: 'calendar', path: `/calendar?view=timeGridWeek&date=${demoDay}`, ready: '.fc-timegrid-event' },
    { name: 'conflicts', path: '/conflicts', ready: '[data-testid=conflicts-count]' },
    { name: 'directory', path: '/directory', ready: '.directory .vrow:not(.vhead)' },
    { name: 'exchange', path: '/exchange', ready: '.vrow:not(.vhead)' },
    { name: 'sync', path: '/sync', ready: 'h1' },
    { name: 'stats', path: '/stats', ready: '[data-testid=stats-chart-operationsByType] svg' },
    { name: 'audit', path: '/audit', ready: '[data-testid=audit-table]' },
    { name: 'settings', path: '/settings', ready: '[data-testid=security-section]' },
  ];
}

async function show(path: string, ready: string): Promise<void> {
  await page.evaluate((p) => { window.location.hash = p; }, path);
  await page.locator(ready).first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.state.loading, [aria-busy=true]').length === 0);
  // Fonts and the last paint of what came with the data.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
}

beforeAll(async () => {
  app = await startApp();
  ({ operationId } = await callApi<{ operationId: string }>(app, 'system', 'loadDemo', {}));
  demoDay = (await callApi<{ operation: { startsAt: string } }>(app, 'operations', 'getPlan', { id: operationId })).operation.startsAt.slice(0, 10);
  browser = await openShell(app);
  page = browser.page;
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the shell', () => {
  it('loads without a missing file (the favicon is there) and offers a skip link first', async () => {
    const missing: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`);
    });
    await page.reload();
    await page.locator('.shell').waitFor();
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    expect(missing).toEqual([]);
    const icon = await fetch(new URL('favicon.svg', app.baseUrl));
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await page.locator('link[rel=icon]').getAttribute('href')).toBe('./favicon.svg');

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // The route did not change.
    expect(await page.evaluate(() => location.hash)).toBe('#/operations');
  });
});

describe('every page fits and is accessible', () => {
  for (const lang of ['uk', 'en'] as const) {
    for (const [width, height] of SIZES) {
      it(`${lang}, ${width}×${height}`, async () => {
        await page.setViewportSize({ width, height });
        await page.evaluate((l) => localStorage.setItem('spilno.lang', l), lang);
        await page.reload();
        await page.locator('.shell').waitFor();
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        const findings: string[] = [];
        for (const p of pages()) {
          await show(p.path, p.ready);
          await p.then?.();
          await screenshot(page, `ui-${lang}-${width}-${p.name}`, { viewportOnly: true });
          for (const o of await findOverflows(page)) findings.push(`${p.name}: overflow ${o.element} «${o.text}» ${o.box}`);
          // Every main-navigation entry on one line.
          if (p.name === 'op-tasks-by-agency') {
            // The demo's five agencies side by side, none behind a sideways scroll.
            const board = await page.getByTestId('task-board').evaluate((b) => ({ columns: b.children.length, hidden: b.scrollWidth - b.clientWidth }));
            if (board.columns !== 5 || board.hidden > 1) findings.push(`op-tasks-by-agency: ${board.columns} columns, ${board.hidden} px out of view`);
          }
          if (p.name === 'op-matrix') {
            // The sticky head (columns, key events) never covers the first agency row.
            const gap = await page.evaluate(() => document.querySelector('.matrix tbody tr')!.getBoundingClientRect().top
              - Math.max(...Array.from(document.querySelectorAll('.matrix thead th, .matrix thead td')).map((c) => c.getBoundingClientRect().bottom)));
            if (gap < -1) findings.push(`op-matrix: the head covers the first agency row by ${-gap} px`);
          }
          // Every control reachable from the keyboard.
          const unreachable = await page.locator('a[href], button, input, select, textarea').evaluateAll((els) => els
            .filter((e) => e.getAttribute('tabindex') === '-1' && (e as HTMLElement).offsetParent !== null)
            .map((e) => e.outerHTML.slice(0, 80)));
          for (const u of unreachable) findings.push(`${p.name}: not reachable by keyboard: ${u}`);
          for (const entry of await wrappedNavigation(page)) findings.push(`${p.name}: navigation entry «${entry}» wraps`);
          if (width === 1440) {
            for (const v of await axeViolations(page)) findings.push(`${p.name}: axe ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(' | ')}`);
          }
        }
        expect(findings).toEqual([]);
      }, 300_000);
    }
  }
});
