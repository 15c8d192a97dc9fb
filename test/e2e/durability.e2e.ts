/**
 * Durability and audit in real Chromium against browser mode: the audit view lists and filters
 * entries, Verify says the trail is intact and then names the entry an outside edit broke, and
 * the app lock covers the app until the right passphrase is entered.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openShell, screenshot, startApp, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
let page: Page;
const PASS = 'correct horse battery staple';

beforeAll(async () => {
  app = await startApp();
  await callApi(app, 'system', 'loadDemo', {});
  await callApi(app, 'operations', 'create', {
    codeName: 'ГРАНІТ', type: 'joint_search', leadAgencyId: 'NPU', participatingAgencyIds: ['DMS', 'NPU'],
    startsAt: '2026-12-05T06:00:00Z', endsAt: '2026-12-05T18:00:00Z', legalBasis: 'ухвала',
  });
  browser = await openShell(app);
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function go(hash: string): Promise<void> {
  await page.evaluate((h) => { window.location.hash = h; }, hash);
}

describe('audit view', () => {
  it('lists entries newest first and filters by action', async () => {
    await go('/audit');
    await page.getByTestId('audit-table').waitFor();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(2);
    // Actions read in words; the recorded method name stays in the tooltip.
    await expect.poll(() => page.getByTestId('audit-row').first().textContent()).toContain('Створено операцію');
    expect(await page.getByTestId('audit-action').first().getAttribute('title')).toBe('operations.create');
    expect(await page.getByTestId('audit-filter-action').locator('option').allTextContents()).toContain('Завантажено демонстраційну операцію');
    await page.getByTestId('audit-filter-action').selectOption('system.loadDemo');
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(1);
    await expect.poll(() => page.getByTestId('audit-row').first().textContent()).toContain('Завантажено демонстраційну операцію');
    expect(await page.getByTestId('audit-row').first().textContent()).not.toMatch(/\bDMS\b/);
    // What it touched, counted in words, not a row of identifiers.
    expect(await page.getByTestId('audit-affected').first().textContent()).toMatch(/^1 операція, \d+ фаз\S*, \d+ завдан\S*, \d+ запис\S* обміну/);
    await screenshot(page, 'audit-view');
  });

  it('Verify reports an intact trail, then the entry an outside edit broke', async () => {
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-verify-result').textContent()).toMatch(/2/);
    const db = new Database(path.join(app.dataDir, 'spilno.db'));
    db.prepare("UPDATE audit_log SET actor = 'хтось інший' WHERE seq = 1").run();
    db.close();
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-verify-result').textContent()).toMatch(/№ 1/);
    await screenshot(page, 'audit-verify-broken');
  });
});

describe('app lock', () => {
  it('encrypts, locks, refuses a wrong passphrase and unlocks with the right one', async () => {
    await go('/settings');
    await page.getByTestId('security-section').waitFor();
    await page.getByTestId('backups-section').waitFor();
    await screenshot(page, 'settings-durability');
    await page.getByTestId('sec-pass').fill(PASS);
    await page.getByTestId('sec-pass-repeat').fill(PASS);
    await page.getByTestId('sec-enable').click();
    await page.getByTestId('sec-lock').waitFor({ timeout: 30_000 });
    await page.getByTestId('sec-lock').click();
    await page.getByTestId('lock-screen').waitFor();
    await expect(callApi(app, 'operations', 'list', {})).rejects.toThrow(/locked/);
    await page.getByTestId('unlock-pass').fill('wrong passphrase');
    await page.getByTestId('unlock').click();
    await expect.poll(() => page.getByTestId('lock-screen').textContent(), { timeout: 20_000 }).toMatch(/Неправильна/);
    await screenshot(page, 'lock-screen');
    await page.getByTestId('unlock-pass').fill(PASS);
    await page.getByTestId('unlock').click();
    await page.locator('.shell').waitFor();
    await expect.poll(() => page.getByTestId('lock-screen').count(), { timeout: 20_000 }).toBe(0);
    const ops = await callApi<unknown[]>(app, 'operations', 'list', {});
    expect(ops).toHaveLength(2);
    // The wipe of an encrypted store asks for its passphrase, not a phrase anyone can type.
    await go('/settings');
    await page.getByTestId('security-section').waitFor();
    await page.getByTestId('security-section').locator('summary', { hasText: 'Екстрене знищення даних' }).click();
    await page.getByTestId('sec-wipe-pass').waitFor();
    expect(await page.getByTestId('sec-wipe-confirm').count()).toBe(0);
    expect(await page.getByTestId('sec-wipe').isDisabled()).toBe(true);
    await page.getByTestId('sec-wipe-pass').fill(PASS);
    expect(await page.getByTestId('sec-wipe').isDisabled()).toBe(false);
    await screenshot(page, 'settings-wipe-encrypted');
  });
});
