/**
 * The Sync page in real Chromium against browser mode: create keys, save the contact card,
 * add a peer's card and trust it only with the fingerprint typed back, export a bundle for it,
 * then preview and import the peer's answer. The peer unit runs in the test process on its
 * own database file; files are exchanged through a temp folder, by path, as on one computer.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle, importBundle } from '../../electron/sync/bundle.js';
import { addPeerFromFile, exportCardToFile } from '../../electron/sync/service.js';
import { trustPeer } from '../../electron/sync/identity.js';
import { updateOperation } from '../../electron/services/operations.js';
import { openUnit, withIdentity, type Unit } from '../electron/sync/sync-helpers.js';
import { callApi, openBrowser, screenshot, startApp, tempDir, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
let page: Page;
let peer: Unit;
let files: string;
let operationId: string;

beforeAll(async () => {
  app = await startApp();
  ({ operationId } = await callApi<{ operationId: string }>(app, 'system', 'loadDemo', {}));
  peer = await withIdentity(openUnit('NPU', 'Відділ поліції'));
  files = tempDir('spilno-e2e-sync-');
  browser = await openBrowser();
  page = browser.page;
  await page.goto(app.launchUrl);
  await page.locator('.shell').waitFor();
  await page.evaluate(() => { window.location.hash = '/sync'; });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  peer?.cleanup();
  if (files) fs.rmSync(files, { recursive: true, force: true });
});

describe('sync page', () => {
  it('creates keys, shows the fingerprint and saves the contact card', async () => {
    const identity = page.getByTestId('sync-identity');
    await identity.locator('input[type=password]').nth(0).fill('пароль-підрозділу');
    await identity.locator('input[type=password]').nth(1).fill('пароль-підрозділу');
    await identity.getByRole('button').first().click();
    const fp = page.getByTestId('own-fingerprint');
    await fp.waitFor();
    const info = await callApi<{ fingerprint: string; unlocked: boolean }>(app, 'sync', 'identity', {});
    expect(await fp.textContent()).toBe(info.fingerprint);
    expect(info.unlocked).toBe(true);
    const card = path.join(files, 'customs.card');
    await identity.locator('input').last().fill(card);
    await identity.getByRole('button', { name: /Зберегти картку контакту|Save contact card/ }).click();
    await expect.poll(() => fs.existsSync(card)).toBe(true);
    expect(fs.readFileSync(card, 'utf8')).toContain(info.fingerprint);
  });

  it('adds a peer card and trusts it only with the right fingerprint; exports a bundle for it', async () => {
    const peerCard = exportCardToFile(peer.ctx, path.join(files, 'police.card'));
    addPeerFromFile(peer.ctx, path.join(files, 'customs.card'));
    const mine = await callApi<{ siteId: string; fingerprint: string }>(app, 'sync', 'identity', {});
    trustPeer(peer.ctx, mine.siteId, mine.fingerprint);

    const peers = page.getByTestId('sync-peers');
    await peers.locator('input').first().fill(peerCard.path);
    await peers.getByRole('button').first().click();
    const row = peers.getByTestId('peer-row');
    await expect.poll(() => row.getAttribute('data-status')).toBe('pending');
    await row.getByRole('button').first().click();
    const dialog = page.locator('dialog');
    await dialog.locator('input').fill('0000-0000');
    await dialog.locator('button[type=submit]').click();
    await dialog.locator('.alert.danger').waitFor();
    await dialog.locator('input').fill(peerCard.card.fingerprint.toLowerCase().replaceAll('-', ' '));
    await dialog.locator('button[type=submit]').click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('trusted');

    const exp = page.getByTestId('sync-export');
    await exp.locator('input[type=checkbox]').first().check();
    const bundle = path.join(files, 'to-police.spilno');
    await exp.locator('input:not([type])').fill(bundle);
    await exp.getByRole('button').click();
    await exp.locator('.alert.ok').waitFor();
    const r = await importBundle(peer.ctx, { path: bundle });
    expect(r.perOperation.some((p) => p.operationId === operationId)).toBe(true);
  });

  it('previews and imports the peer\'s answer', async () => {
    updateOperation(peer.ctx, operationId, { commandPost: 'КП поліції, Ягодин' });
    const mine = await callApi<{ siteId: string }>(app, 'sync', 'identity', {});
    const file = path.join(files, 'from-police.spilno');
    await exportBundle(peer.ctx, { peers: [mine.siteId], outPath: file });

    const imp = page.getByTestId('sync-import');
    await imp.locator('input:not([type])').fill(file);
    await imp.getByRole('button').first().click();
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('Відділ поліції');
    await screenshot(page, 'sync-import-preview');
    await imp.getByRole('button', { name: /Імпортувати|Import/ }).click();
    await imp.locator('.alert.ok').waitFor();
    const op = await callApi<{ commandPost: string }>(app, 'operations', 'get', { id: operationId });
    expect(op.commandPost).toBe('КП поліції, Ягодин');
  });
});
