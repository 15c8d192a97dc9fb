/**
 * Automatic sync on the Sync page in real Chromium against browser mode: the planner ticks
 * «Обмінюватися автоматично» with the two folders named on `spilno web --outbox DIR --inbox DIR`;
 * with nobody clicking anything more, the app writes a bundle for its trusted peer, imports the
 * peer's answer dropped into the inbox, and the per-peer table shows both exchanges.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../electron/sync/bundle-export.js';
import { importBundle } from '../../electron/sync/bundle-import.js';
import { addPeerFromCard, trustPeer } from '../../electron/sync/identity.js';
import { exportCardToFile } from '../../electron/sync/service.js';
import { openUnit, withIdentity, type Unit } from '../electron/sync/sync-helpers.js';
import { callApi, openShell, screenshot, startApp, tempDir, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
let page: Page;
let peer: Unit;
let files: string;
let outbox: string;
let inbox: string;
let mySite: string;

beforeAll(async () => {
  files = tempDir('spilno-e2e-auto-');
  outbox = path.join(files, 'sync', 'outbox');
  inbox = path.join(files, 'sync', 'inbox');
  app = await startApp({ args: ['--outbox', outbox, '--inbox', inbox] });
  await callApi(app, 'system', 'loadDemo', {});
  peer = await withIdentity(openUnit('NPU', 'Відділ поліції'));
  const me = await callApi<{ siteId: string; fingerprint: string }>(app, 'sync', 'createIdentity', { passphrase: 'пароль-підрозділу' });
  mySite = me.siteId;
  const myCard = await callApi<{ text: string }>(app, 'sync', 'exportCard', {});
  const peerCard = exportCardToFile(peer.ctx, path.join(files, 'police.card'));
  await callApi(app, 'sync', 'addPeer', { card: fs.readFileSync(peerCard.path, 'utf8') });
  await callApi(app, 'sync', 'trustPeer', { siteId: peer.ctx.siteId, fingerprint: peerCard.card.fingerprint });
  addPeerFromCard(peer.ctx, myCard.text);
  trustPeer(peer.ctx, me.siteId, me.fingerprint);

  browser = await openShell(app);
  page = browser.page;
  await page.evaluate(() => { window.location.hash = '/sync'; });
  await page.getByTestId('sync-auto').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  peer?.cleanup();
  if (files) fs.rmSync(files, { recursive: true, force: true });
});

describe('automatic sync panel', () => {
  it('runs by itself once ticked: writes for the peer, imports its answer, shows both per peer', async () => {
    const section = page.getByTestId('sync-auto');
    await section.getByText('Обмінюватися автоматично').click();
    await expect.poll(() => section.getByTestId('sync-auto-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('watching');

    // The app writes the demo's changes for the peer after its quiet time, with nobody clicking.
    const forPeer = path.join(outbox, peer.ctx.siteId);
    const written = () => (fs.existsSync(forPeer) ? fs.readdirSync(forPeer).filter((f) => f.endsWith('.spilno')) : []);
    await expect.poll(() => written().length, { timeout: 60_000 }).toBe(1);
    await importBundle(peer.ctx, { path: path.join(forPeer, written()[0]!) });

    // The peer's answer arrives in the inbox; the app imports it on its own.
    const answer = await exportBundle(peer.ctx, { peers: [mySite], outPath: path.join(files, 'answer.spilno') });
    fs.renameSync(answer.path, path.join(inbox, 'from-police.spilno'));
    const row = section.getByTestId('sync-auto-peer');
    await expect.poll(() => row.textContent(), { timeout: 60_000 }).toMatch(/змін: \d+.*змін: \d+/);
    await expect.poll(() => fs.existsSync(path.join(inbox, 'processed', 'from-police.spilno')), { timeout: 30_000 }).toBe(true);
    expect(await row.textContent()).toContain('Відділ поліції');
    await screenshot(page, 'sync-auto');
  }, 180_000);
});
