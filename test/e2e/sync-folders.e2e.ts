/**
 * The folder exchange panel of the Sync page in real Chromium against browser mode: a run writes
 * a bundle for the trusted peer into the outbox; the peer's answer dropped into the inbox waits
 * for review (and is handed to the import form) until auto-import takes it, with the step
 * under way on the progress bar; a junk file is refused with its reason; locked keys give the
 * typed error. The peer unit runs in the test process on its own database file; the folders are
 * temp folders named on `spilno web --outbox DIR --inbox DIR`, as a USB stick's would be: the
 * page never names a path.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskDraft } from '../../shared/domain/task.js';
import { updateOperation } from '../../electron/services/operations.js';
import { transact } from '../../electron/services/context.js';
import { createTaskInTransaction } from '../../electron/services/tasks.js';
import { exportBundle } from '../../electron/sync/bundle-export.js';
import { importBundle } from '../../electron/sync/bundle-import.js';
import { addPeerFromCard } from '../../electron/sync/identity.js';
import { exportCardToFile } from '../../electron/sync/service.js';
import { trustPeer } from '../../electron/sync/identity.js';
import { openUnit, withIdentity, type Unit } from '../electron/sync/sync-helpers.js';
import { callApi, openShell, screenshot, startApp, tempDir, type Browser, type RunningApp } from './harness.js';

const PASSPHRASE = 'пароль-підрозділу';

let app: RunningApp;
let browser: Browser;
let page: Page;
let peer: Unit;
let files: string;
let outbox: string;
let inbox: string;
let operationId: string;
let mySite: string;

const section = () => page.getByTestId('sync-folders');
const bar = () => section().getByTestId('sync-progress');

async function runExchange(): Promise<void> {
  await section().getByRole('button', { name: 'Виконати обмін' }).click();
  await expect.poll(() => bar().getAttribute('data-finished'), { timeout: 30_000 }).toBe('true');
  await expect.poll(() => section().getByRole('button', { name: 'Виконати обмін' }).isEnabled()).toBe(true);
}

beforeAll(async () => {
  files = tempDir('spilno-e2e-folders-');
  outbox = path.join(files, 'usb', 'outbox');
  inbox = path.join(files, 'usb', 'inbox');
  app = await startApp({ args: ['--outbox', outbox, '--inbox', inbox] });
  ({ operationId } = await callApi<{ operationId: string }>(app, 'system', 'loadDemo', {}));
  peer = await withIdentity(openUnit('NPU', 'Відділ поліції'));
  // Keys and a trusted peer as the Sync page makes them (sync.e2e.ts drives those forms).
  const me = await callApi<{ siteId: string; fingerprint: string }>(app, 'sync', 'createIdentity', { passphrase: PASSPHRASE });
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
  await section().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  peer?.cleanup();
  if (files) fs.rmSync(files, { recursive: true, force: true });
});

describe('folder exchange panel', () => {
  it('writes a bundle for the trusted peer into outbox/<peer site>/ and lists it with its change count', async () => {
    expect(await section().locator('h2').textContent()).toBe('Обмін через теку');
    // The folders named when the server started; the page shows their names and no path field.
    await expect.poll(() => section().getByTestId('folder-outbox').textContent()).toContain('outbox');
    expect(await section().getByTestId('folder-inbox').textContent()).toContain('inbox');
    expect(await section().locator('input:not([type=checkbox])').count()).toBe(0);
    expect(await section().textContent()).not.toContain(files);
    expect(await section().getByRole('checkbox').isChecked()).toBe(false);
    expect(await section().textContent()).toContain('Імпортуються лише чисті пакети');
    await runExchange();

    const written = section().getByTestId('folder-exported');
    expect(await written.count()).toBe(1);
    expect(await written.getAttribute('data-peer')).toBe(peer.ctx.siteId);
    const changes = Number(await written.getAttribute('data-changes'));
    expect(changes).toBeGreaterThan(0);
    expect(await written.textContent()).toContain(`Відділ поліції (NPU) — змін: ${changes}`);
    expect(await section().textContent()).toContain('Записано пакетів: 1');
    // One step (one trusted peer; the inbox does not exist yet), done.
    expect(await bar().getAttribute('data-phase')).toBe('folder');
    expect([await bar().getAttribute('data-done'), await bar().getAttribute('data-total')]).toEqual(['1', '1']);
    expect(await bar().textContent()).toContain('Готово');

    const dir = path.join(outbox, peer.ctx.siteId);
    const [file] = fs.readdirSync(dir);
    expect(await written.locator('code').textContent()).toBe(`${peer.ctx.siteId}/${file!}`);
    // A real bundle, for the peer: it imports there.
    const r = await importBundle(peer.ctx, { path: path.join(dir, file!) });
    expect(r.changeCount).toBe(changes);
    expect(r.perOperation.some((p) => p.operationId === operationId)).toBe(true);
    await screenshot(page, 'sync-folder-written');
  });

  it('keeps the folders for the session: away from the page and back', async () => {
    await page.evaluate(() => { window.location.hash = '/operations'; });
    await page.getByTestId('sync-folders').waitFor({ state: 'detached' });
    await page.evaluate(() => { window.location.hash = '/sync'; });
    await section().waitFor();
    await expect.poll(() => section().getByTestId('folder-outbox').textContent()).toContain('outbox');
    expect(await section().getByTestId('folder-inbox').textContent()).toContain('inbox');
    expect(await section().getByRole('button', { name: 'Виконати обмін' }).isEnabled()).toBe(true);
  });

  it('the peer\'s answer waits for review and opens in the import form; auto-import then takes it, step by step', async () => {
    // The answer: a new command post and 2,000 tasks (30,006 changes), so that checking and
    // importing it span several polls of the bar (about 0.4 s per 1,000 tasks here).
    updateOperation(peer.ctx, operationId, { commandPost: 'КП поліції, Ягодин' });
    const plan = await callApi<{ operation: { startsAt: string; endsAt: string } }>(app, 'operations', 'getPlan', { id: operationId });
    // Bulk, as the benches load plans: one transaction, no per-task scheduling check.
    transact(peer.ctx, () => {
      for (let i = 0; i < 2000; i++) {
        createTaskInTransaction(peer.ctx, randomUUID(), TaskDraft.parse({
          operationId, title: `Патруль ${i}`, type: 'escort', accountableAgencyId: 'NPU',
          startsAt: plan.operation.startsAt, endsAt: plan.operation.endsAt,
        }));
      }
    });
    fs.mkdirSync(inbox, { recursive: true });
    const answer = path.join(inbox, 'from-police.spilno');
    const sent = await exportBundle(peer.ctx, { peers: [mySite], outPath: answer });

    await runExchange();
    const waiting = section().getByTestId('folder-awaiting');
    expect(await waiting.count()).toBe(1);
    expect(await waiting.textContent()).toContain(`Пакет від Відділ поліції`);
    expect(await waiting.textContent()).toContain(`${sent.changeCount} змін`);
    expect(await waiting.locator('code').textContent()).toBe('from-police.spilno');
    expect(await section().textContent()).toContain('Чекають на перегляд: 1');
    expect(await section().textContent()).toContain('«Імпорт пакета»');
    expect(fs.existsSync(answer)).toBe(true);
    expect((await callApi<{ commandPost: string }>(app, 'operations', 'get', { id: operationId })).commandPost).not.toBe('КП поліції, Ягодин');
    await screenshot(page, 'sync-folder-awaiting');

    // Handed to the import form, whose preview reads the same bundle.
    await waiting.getByRole('button', { name: 'Відкрити в імпорті' }).click();
    const chosen = page.getByTestId('sync-import').getByTestId('bundle-chosen');
    expect(await chosen.textContent()).toBe('Вибрано: from-police.spilno');
    const previewButton = page.getByTestId('sync-import').getByRole('button', { name: 'Попередній перегляд' });
    await expect.poll(() => previewButton.evaluate((el) => el === document.activeElement)).toBe(true);
    await previewButton.click();
    expect(await page.getByTestId('import-preview').textContent()).toContain('Відділ поліції');

    // Every state the bar shows during the auto-import run, as rendered: step and text.
    await section().evaluate((el) => {
      const shown: { step: string; text: string }[] = [];
      (window as unknown as { folderBar: typeof shown }).folderBar = shown;
      new MutationObserver(() => {
        const b = el.querySelector('[data-testid=sync-progress]');
        // A new run clears the bar first: what was shown before it is not this run's.
        if (!b) return void shown.splice(0);
        const step = b.getAttribute('data-finished') === 'true' ? 'end' : b.getAttribute('data-step') ?? 'last';
        if (shown.at(-1)?.step !== step) shown.push({ step, text: b.textContent ?? '' });
      }).observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await section().getByRole('checkbox').check();
    await section().getByRole('button', { name: 'Виконати обмін' }).click();
    // Caught while it runs (best effort for the picture; the assertions read what was rendered).
    await section().locator('[data-testid=sync-progress][data-step=import]').waitFor({ timeout: 30_000 }).catch(() => undefined);
    await screenshot(page, 'sync-folder-running', { viewportOnly: true });
    await expect.poll(() => bar().getAttribute('data-finished'), { timeout: 30_000 }).toBe('true');
    const shown = await page.evaluate(() => (window as unknown as { folderBar: { step: string; text: string }[] }).folderBar);
    // 'last': every step done, the answer on its way.
    const order = ['export', 'preview', 'import', 'last', 'end'];
    const ranks = shown.map((s) => order.indexOf(s.step));
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y)); // never back, nothing unnamed
    expect(shown.at(-1)!.text).toContain('Готово');
    // The long step was on screen, named, with its place in the run.
    const importing = shown.find((s) => s.step === 'import');
    expect(importing?.text).toContain('Імпорт пакета from-police.spilno');
    expect(importing?.text).toContain('Крок 2 з 2');

    const imported = section().getByTestId('folder-imported');
    await imported.waitFor();
    expect(Number(await imported.getAttribute('data-added'))).toBe(sent.changeCount);
    expect(await imported.textContent()).toContain('from-police.spilno');
    expect(await section().textContent()).toContain('Імпортовано пакетів: 1');
    expect(fs.readdirSync(path.join(inbox, 'processed'))).toEqual(['from-police.spilno']);
    expect(fs.existsSync(answer)).toBe(false);
    expect((await callApi<{ commandPost: string }>(app, 'operations', 'get', { id: operationId })).commandPost).toBe('КП поліції, Ягодин');
    // The import form's preview of that file went stale with the run (the file has moved).
    expect(await page.getByTestId('import-preview').count()).toBe(0);
    await screenshot(page, 'sync-folder-imported');
  });

  it('refuses a file that is no bundle, with its reason beside it', async () => {
    fs.writeFileSync(path.join(inbox, 'junk.spilno'), 'not a bundle');
    await runExchange();
    const refused = section().getByTestId('folder-refused');
    expect(await refused.count()).toBe(1);
    expect(await refused.textContent()).toMatch(/junk\.spilno — Не вдалося розшифрувати пакет: його адресовано не цьому підрозділу або пошкоджено/);
    expect(await refused.locator('code').textContent()).toBe('refused/junk.spilno');
    expect(fs.readFileSync(path.join(inbox, 'refused', 'junk.spilno.reason.txt'), 'utf8')).toMatch(/decrypt/i);
    expect(await section().textContent()).toContain('Відхилено: 1');
    await screenshot(page, 'sync-folder-refused');
  });

  it('with no trusted peer it warns that nothing will be written, and an empty run says there was nothing to do', async () => {
    expect(await section().getByTestId('folder-no-trusted').count()).toBe(0);
    await page.getByTestId('sync-peers').getByRole('button', { name: 'Відкликати' }).click();
    await section().getByTestId('folder-no-trusted').waitFor();
    expect(await section().getByTestId('folder-no-trusted').textContent()).toContain('Довірених партнерів немає');
    const before = fs.readdirSync(path.join(outbox, peer.ctx.siteId)).length;
    await runExchange();
    expect(await section().getByTestId('folder-nothing').textContent()).toContain('Нічого робити');
    expect([await bar().getAttribute('data-done'), await bar().getAttribute('data-total')]).toEqual(['0', '0']);
    expect(fs.readdirSync(path.join(outbox, peer.ctx.siteId))).toHaveLength(before);
    await screenshot(page, 'sync-folder-nothing');

    await page.locator('.lang-switch select').selectOption('en');
    expect(await section().locator('h2').textContent()).toBe('Folder exchange');
    expect(await section().getByTestId('folder-nothing').textContent()).toContain('Nothing to do');
    expect(await section().textContent()).toContain('Only clean bundles (no change quarantined) are imported');
    await screenshot(page, 'sync-folder-nothing-en', { viewportOnly: true });
    await page.locator('.lang-switch select').selectOption('uk');
  });

  it('with the keys locked the run answers the typed error and says where to unlock', async () => {
    await callApi(app, 'sync', 'lock', {});
    fs.writeFileSync(path.join(inbox, 'later.spilno'), 'kept for later');
    await runExchange();
    expect(await bar().getAttribute('data-failed')).toBe('true');
    const error = section().getByRole('alert');
    expect(await error.textContent()).toContain('Заблоковано — Спершу розблокуйте ключі цього підрозділу');
    expect(await section().getByTestId('folder-need-keys').textContent()).toContain('«Ідентичність підрозділу»');
    expect(await section().getByTestId('folder-result').count()).toBe(0);
    // Nothing was touched: the inbox file is where it was.
    expect(fs.existsSync(path.join(inbox, 'later.spilno'))).toBe(true);
    await screenshot(page, 'sync-folder-locked');
    await callApi(app, 'sync', 'unlock', { passphrase: PASSPHRASE });
  });
});
