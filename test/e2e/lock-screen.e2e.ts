/**
 * Locked means nothing to see or reach (issue 14, defect 1) in real Chromium against browser
 * mode: an operation page with its edit dialog open, then the store is locked from outside the
 * page (as the core's auto-lock does) and from the page itself. Afterwards no text of any
 * operation, task or person is left in the DOM, no dialog exists, Tab only cycles the lock
 * form, keys do nothing, and unlocking brings the user back to the same page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callApi, openBrowser, screenshot, startApp, type Browser, type RunningApp } from './harness.js';

const PASS = 'correct horse battery staple';
let app: RunningApp;
let browser: Browser;
let operationId: string;
/** Text of the demo that must never be on the page while locked. */
let secrets: string[];

beforeAll(async () => {
  app = await startApp();
  browser = await openBrowser();
  await callApi(app, 'system', 'loadDemo', {});
  const ops = await callApi<{ id: string; codeName: string }[]>(app, 'operations', 'list', {});
  operationId = ops[0]!.id;
  const plan = await callApi<{ operation: { codeName: string; legalBasis: string; commandPost: string }; tasks: { title: string }[] }>(
    app, 'operations', 'getPlan', { id: operationId },
  );
  const people = await callApi<{ fullName: string }[]>(app, 'directory', 'listPeople', { agencyId: null });
  secrets = [
    plan.operation.codeName, plan.operation.legalBasis.slice(0, 40), plan.operation.commandPost,
    'Петренко Іван Миколайович', '1984-03-12', 'м. Ковель, вул. Заводська, 5',
    ...plan.tasks.slice(0, 4).map((t) => t.title), ...people.slice(0, 4).map((p) => p.fullName),
  ];
  await callApi(app, 'security', 'enable', { passphrase: PASS, autoLockMinutes: 0 });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Everything the page holds: rendered text, attribute values, form values. */
async function pageContent(page: Page): Promise<string> {
  return page.evaluate(() => {
    const values = Array.from(document.querySelectorAll('input, textarea, select')).map((e) => (e as HTMLInputElement).value);
    return `${document.documentElement.outerHTML}\n${document.body.innerText}\n${values.join('\n')}`;
  });
}

async function focusedTestId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    const inLock = !!el?.closest('[data-testid="lock-screen"]');
    return `${el?.tagName.toLowerCase()}:${el?.getAttribute('data-testid') ?? ''}:${inLock ? 'lock' : 'outside'}`;
  });
}

async function expectLockedAndEmpty(page: Page): Promise<void> {
  await page.getByTestId('lock-screen').waitFor();
  await page.getByTestId('unlock-pass').waitFor();
  const content = await pageContent(page);
  for (const s of secrets) expect(content, `"${s}" still on the page`).not.toContain(s);
  expect(await page.locator('dialog').count()).toBe(0);
  expect(await page.locator('.shell, nav, main').count()).toBe(0);
  // Tab and Shift+Tab cycle the lock form only.
  const seen = new Set<string>();
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    seen.add(await focusedTestId(page));
  }
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Shift+Tab');
    seen.add(await focusedTestId(page));
  }
  expect([...seen].sort()).toEqual(['button:unlock:lock', 'input:unlock-pass:lock']);
  // Keys that act elsewhere in the app do nothing here.
  const before = await pageContent(page);
  const hash = await page.evaluate(() => location.hash);
  for (const key of ['Escape', 'Alt+ArrowLeft', 'Control+k', 'n', 'e', 'ArrowDown', 'PageDown']) await page.keyboard.press(key);
  await page.getByTestId('unlock-pass').fill('');
  expect(await page.evaluate(() => location.hash)).toBe(hash);
  expect(await page.locator('dialog').count()).toBe(0);
  const after = await pageContent(page);
  for (const s of secrets) expect(after).not.toContain(s);
  expect(after.length).toBeLessThanOrEqual(before.length + 200);
}

async function unlockAndReturn(page: Page, expectedHash: string, heading: string): Promise<void> {
  await page.getByTestId('unlock-pass').fill('wrong passphrase!');
  await page.getByTestId('unlock').click();
  await page.getByTestId('unlock-error').waitFor();
  expect(await pageContent(page)).not.toContain(secrets[0]!);
  await page.getByTestId('unlock-pass').fill(PASS);
  await page.getByTestId('unlock').click();
  await page.getByRole('heading', { name: heading }).waitFor();
  expect(await page.evaluate(() => location.hash)).toBe(expectedHash);
  expect(await page.getByTestId('lock-screen').count()).toBe(0);
}

describe('the lock screen in Chromium', () => {
  it('locked from outside (auto-lock in the core) with the edit dialog open: nothing of the plan is left to see or reach', async () => {
    const page = browser.page;
    await page.goto(app.launchUrl);
    await page.getByRole('link', { name: 'Операції', exact: true }).waitFor();
    await page.evaluate((id) => { location.hash = `#/operations/${id}?tab=tasks`; }, operationId);
    await page.getByRole('heading', { name: secrets[0]! }).waitFor();
    await page.getByRole('tab', { name: 'Огляд' }).click();
    await page.getByRole('button', { name: 'Редагувати' }).first().click();
    await page.locator('dialog[open]').waitFor();
    const hash = await page.evaluate(() => location.hash);
    expect(await pageContent(page)).toContain('Петренко Іван Миколайович');
    await screenshot(page, 'lock-01-edit-dialog-open');

    await callApi(app, 'security', 'lock', {});
    await expectLockedAndEmpty(page);
    await screenshot(page, 'lock-02-locked-from-core');
    await unlockAndReturn(page, hash, secrets[0]!);
  });

  it('locked from the page (Settings → Lock now): the same, and back on the settings page after unlock', async () => {
    const page = browser.page;
    await page.getByRole('link', { name: 'Налаштування', exact: true }).click();
    await page.getByTestId('sec-lock').click();
    await expectLockedAndEmpty(page);
    await unlockAndReturn(page, '#/settings', 'Налаштування');
  });

  it('a page that missed the lock event finds out from its next call and drops everything', async () => {
    // A second tab whose event stream never connects: only the answer to a call can tell it.
    const page = await browser.context.newPage();
    try {
      await page.route('**/api/events', (route) => route.abort());
      await page.goto(`${app.baseUrl}#token=${app.token}`);
      await page.evaluate((id) => { location.hash = `#/operations/${id}`; }, operationId);
      await page.getByRole('heading', { name: secrets[0]! }).waitFor();
      await callApi(app, 'security', 'lock', {});
      expect(await pageContent(page)).toContain(secrets[0]!);
      await page.evaluate(() => { location.hash = '#/directory'; });
      await expectLockedAndEmpty(page);
    } finally {
      await page.close();
    }
  });
});
