/**
 * `npm run smoke:desktop`: the desktop app itself, driven by Playwright's Electron driver — what
 * the unit tests can only do with the `electron` module mocked. It needs the Electron binary
 * (node_modules/electron/dist, downloaded by `npm ci` with internet) and the SQLite addons built
 * for Electron's ABI (`node scripts/build-native-electron.mjs`), so it runs on a machine with
 * internet (the CI workflow in .github/workflows/desktop.yml), not in the offline sandbox.
 *
 * On a temp data folder it: prepares a customs unit with keys and a police peer whose bundle
 * (~30,000 changes) waits to be imported; launches the built app; loads the demo and opens the
 * operation; starts the bundle import through the preload's `window.api` and clicks the main
 * navigation while it runs, timing each click to the next painted frame (the window must stay
 * responsive: the core runs in its worker, not in main); checks that the change event after the
 * import reached the window (the new operation is listed without navigating); locks the app
 * and sees the lock screen; quits. Exit code 0 when every step held.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { _electron as electron } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => import(path.join(ROOT, 'dist', p));
const PASSPHRASE = 'smoke test passphrase';
const CLICK_LIMIT_MS = 100;

const { initializeSite, openServiceContext, transact } = await dist('electron/services/context.js');
const { createIdentity, makeContactCard, addPeerFromCard, trustPeer } = await dist('electron/sync/identity.js');
const { PassphraseProtector } = await dist('electron/sync/key-protector.js');
const { createOperation } = await dist('electron/services/operations.js');
const { exportBundle } = await dist('electron/sync/bundle-export.js');
const { OperationDraft } = await dist('shared/domain/operation.js');

const step = (s) => console.log(`smoke: ${s}`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spilno-smoke-'));
const userData = path.join(tmp, 'user-data');
const appData = path.join(userData, 'data');

async function unit(dataDir, agencyId, unitName) {
  fs.mkdirSync(dataDir, { recursive: true });
  const setup = openServiceContext({ dataDir, mode: 'cli' });
  initializeSite(setup.db, { agencyId, unitName });
  setup.db.close();
  const ctx = openServiceContext({ dataDir, mode: 'cli' });
  await createIdentity(ctx, new PassphraseProtector(PASSPHRASE));
  return ctx;
}

let app;
let failed = false;
try {
  step('preparing the customs unit and a police peer with a bundle for it');
  const mine = await unit(appData, 'DMS', 'Митний пост «Ягодин»');
  const peer = await unit(path.join(tmp, 'peer'), 'NPU', 'Відділ поліції');
  for (const [a, b] of [[mine, peer], [peer, mine]]) {
    const card = makeContactCard(b);
    addPeerFromCard(a, JSON.stringify(card));
    trustPeer(a, b.siteId, card.fingerprint);
  }
  const op = createOperation(peer, OperationDraft.parse({
    codeName: 'ДИМ-СМОУК', type: 'controlled_delivery', leadAgencyId: 'NPU', participatingAgencyIds: ['DMS'],
    startsAt: '2026-12-05T06:00:00Z', endsAt: '2026-12-05T18:00:00Z', legalBasis: 'КПК ст. 271',
  }));
  transact(peer, () => {
    for (let i = 0; i < 2000; i++) {
      peer.writer.create('task', randomUUID(), {
        operationId: op.id, phaseId: null, title: `Пост ${i}`, type: 'customs_inspection', status: 'todo',
        accountableAgencyId: 'NPU', unitId: null, startsAt: '2026-12-05T08:00:00.000Z', endsAt: '2026-12-05T10:00:00.000Z',
        place: { label: 'Ягодин', point: null }, dependencies: [], checklist: [], notes: '', isKeyEvent: false, isDecisionPoint: false,
      }, op.id);
    }
  });
  const bundle = path.join(tmp, 'police-to-customs.spilno');
  const sent = await exportBundle(peer, { peers: [mine.siteId], outPath: bundle });
  step(`bundle of ${sent.changeCount} changes written`);
  mine.db.close();
  peer.db.close();

  step('launching the app');
  app = await electron.launch({
    args: [path.join(ROOT, 'dist/electron/main/main.js')],
    cwd: ROOT,
    env: { ...process.env, SPILNO_USER_DATA_DIR: userData },
  });
  const page = await app.firstWindow();
  await page.locator('.shell').waitFor({ timeout: 30_000 });
  if (!page.url().startsWith('app://spilno/')) throw new Error(`window shows ${page.url()}`);

  step('loading the demo and opening its operation');
  const demo = await page.evaluate(() => window.api.system.loadDemo({}));
  if (!demo.ok) throw new Error(`loadDemo: ${JSON.stringify(demo.error)}`);
  await page.evaluate((id) => { window.location.hash = `/operations/${id}`; }, demo.value.operationId);
  await page.locator('#op-title').waitFor();

  step('importing the bundle while clicking through the navigation');
  await page.evaluate(() => {
    window.smokeLatencies = [];
    document.addEventListener('click', (e) => {
      const t = e.timeStamp;
      requestAnimationFrame(() => setTimeout(() => window.smokeLatencies.push(performance.now() - t), 0));
    }, true);
  });
  const unlocked = await page.evaluate((p) => window.api.sync.unlock({ passphrase: p }), PASSPHRASE);
  if (!unlocked.ok) throw new Error(`sync.unlock: ${JSON.stringify(unlocked.error)}`);
  const importing = page.evaluate((file) => window.api.sync.importBundle({ path: file }), bundle);
  let done = false;
  void importing.finally(() => (done = true));
  const navLinks = await page.locator('.main-nav a').count();
  for (let i = 0; !done && i < 40; i++) {
    await page.locator('.main-nav a').nth(i % navLinks).click();
    await new Promise((r) => setTimeout(r, 200));
  }
  const imported = await importing;
  if (!imported.ok) throw new Error(`importBundle: ${JSON.stringify(imported.error)}`);
  const latencies = (await page.evaluate(() => window.smokeLatencies)).sort((a, b) => a - b);
  const worst = latencies.at(-1) ?? 0;
  step(`${latencies.length} clicks during the import: median ${latencies[Math.floor(latencies.length / 2)]?.toFixed(0)} ms, worst ${worst.toFixed(0)} ms`);
  if (latencies.length > 0 && worst > CLICK_LIMIT_MS * 3) throw new Error(`a click took ${worst.toFixed(0)} ms to paint`);

  step('the imported operation shows without navigating (change event)');
  await page.locator('.main-nav a').first().click();
  await page.getByText('ДИМ-СМОУК').first().waitFor({ timeout: 5000 });

  step('locking');
  const enabled = await page.evaluate((p) => window.api.security.enable({ passphrase: p, autoLockMinutes: 0 }), PASSPHRASE);
  if (!enabled.ok) throw new Error(`security.enable: ${JSON.stringify(enabled.error)}`);
  await page.evaluate(() => window.api.security.lock({}));
  await page.getByTestId('unlock-pass').waitFor({ timeout: 5000 });
  if (await page.getByText('ДИМ-СМОУК').count() !== 0) throw new Error('data still on the page after locking');
  step('all steps held');
} catch (e) {
  failed = true;
  console.error('smoke: FAILED —', e);
} finally {
  await app?.close().catch(() => undefined);
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
