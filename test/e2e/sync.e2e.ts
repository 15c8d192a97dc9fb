/**
 * The Sync page in real Chromium against browser mode: create keys, save the contact card,
 * add a peer's card and trust it only with the fingerprint typed back, export a bundle for it,
 * then preview and import the peer's answer. The peer unit runs in the test process on its
 * own database file. Files move as a user moves them in a browser: picked with the file input
 * (the page sends them to the server) and saved as downloads; the page never names a path.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ExchangeDraft } from '../../shared/domain/exchange.js';
import { appendChanges } from '../../electron/db/repos/change-log.repo.js';
import { transact } from '../../electron/services/context.js';
import { materialiseRows } from '../../electron/sync/apply.js';
import { exportBundle } from '../../electron/sync/bundle-export.js';
import { importBundle } from '../../electron/sync/bundle-import.js';
import { addPeerFromFile, exportCardToFile } from '../../electron/sync/service.js';
import { trustPeer } from '../../electron/sync/identity.js';
import { updateOperation } from '../../electron/services/operations.js';
import { listTasksForOperation, updateTask } from '../../electron/services/tasks.js';
import { openUnit, withIdentity, type Unit } from '../electron/sync/sync-helpers.js';
import { callApi, openShell, screenshot, startApp, tempDir, uploadViaApi, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
let page: Page;
let peer: Unit;
let files: string;
let operationId: string;

beforeAll(async () => {
  // The demo's controlled delivery is led by the police investigator: this window is the
  // investigating unit that plans it, the peer another police unit taking part.
  app = await startApp({ agency: 'NPU', unit: 'Слідче управління ГУНП у Волинській області' });
  ({ operationId } = await callApi<{ operationId: string }>(app, 'system', 'loadDemo', {}));
  peer = await withIdentity(openUnit('NPU', 'Відділ поліції'));
  files = tempDir('spilno-e2e-sync-');
  browser = await openShell(app);
  page = browser.page;
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
    const download = page.waitForEvent('download');
    await identity.getByRole('button', { name: /Зберегти картку контакту|Save contact card/ }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toMatch(/\.card$/);
    await saved.saveAs(card);
    expect(fs.readFileSync(card, 'utf8')).toContain(info.fingerprint);
  });

  it('without folders named on the command line, the folder exchange says how to name them and cannot run', async () => {
    const folders = page.getByTestId('sync-folders');
    await folders.getByTestId('folder-browser-hint').waitFor();
    expect(await folders.getByTestId('folder-browser-hint').textContent()).toContain('spilno web --outbox');
    expect(await folders.getByRole('button', { name: 'Виконати обмін' }).isDisabled()).toBe(true);
    expect(await folders.locator('input:not([type=checkbox])').count()).toBe(0);
  });

  it('adds a peer card and trusts it only with the right fingerprint; exports a bundle for it', async () => {
    const peerCard = exportCardToFile(peer.ctx, path.join(files, 'police.card'));
    addPeerFromFile(peer.ctx, path.join(files, 'customs.card'));
    const mine = await callApi<{ siteId: string; fingerprint: string }>(app, 'sync', 'identity', {});
    trustPeer(peer.ctx, mine.siteId, mine.fingerprint);

    const peers = page.getByTestId('sync-peers');
    await peers.locator('input[type=file]').setInputFiles(peerCard.path);
    await peers.getByRole('button', { name: 'Додати картку' }).click();
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
    const download = page.waitForEvent('download');
    await exp.getByRole('button').click();
    await (await download).saveAs(bundle);
    await exp.locator('.alert.ok').waitFor();
    const bar = exp.getByTestId('sync-progress');
    expect(await bar.getAttribute('data-finished')).toBe('true');
    expect(await bar.getAttribute('data-phase')).toBe('write');
    expect(Number(await bar.getAttribute('data-done'))).toBeGreaterThan(0);
    expect(await bar.getAttribute('data-done')).toBe(await bar.getAttribute('data-total'));
    const r = await importBundle(peer.ctx, { path: bundle });
    expect(r.perOperation.some((p) => p.operationId === operationId)).toBe(true);
  });

  it('previews and imports the peer\'s answer', async () => {
    updateOperation(peer.ctx, operationId, { commandPost: 'КП поліції, Ягодин' });
    const mine = await callApi<{ siteId: string }>(app, 'sync', 'identity', {});
    const file = path.join(files, 'from-police.spilno');
    await exportBundle(peer.ctx, { peers: [mine.siteId], outPath: file });

    const imp = page.getByTestId('sync-import');
    await imp.locator('input[type=file]').setInputFiles(file);
    await expect.poll(() => imp.getByTestId('bundle-chosen').textContent()).toContain('from-police.spilno');
    await imp.getByRole('button', { name: /Попередній перегляд|Preview/ }).click();
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('Відділ поліції');
    await screenshot(page, 'sync-import-preview');
    await imp.getByRole('button', { name: /Імпортувати|Import/ }).click();
    await imp.locator('.alert.ok').waitFor();
    const op = await callApi<{ commandPost: string }>(app, 'operations', 'get', { id: operationId });
    expect(op.commandPost).toBe('КП поліції, Ягодин');
  });

  it('imports concurrent edits with a progress bar to its end; the plan marks the conflicts until a pick', async () => {
    interface PlanTask { id: string; title: string; startsAt: string; endsAt: string; dependencies: { predecessorId: string }[] }
    const plan = await callApi<{ operation: { startsAt: string }; tasks: PlanTask[] }>(app, 'operations', 'getPlan', { id: operationId });
    // A task the peer holds with all its predecessors (the rest wait there for people it was not sent).
    const held = new Set(listTasksForOperation(peer.ctx, operationId).map((x) => x.id));
    const task = plan.tasks.find((x) => held.has(x.id) && x.dependencies.every((d) => held.has(d.predecessorId)))!;
    const later = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
    const theirs = later(plan.operation.startsAt, -60);
    // Both units move the same critical fields before either hears of the other's change.
    await callApi(app, 'operations', 'update', { id: operationId, patch: { startsAt: later(plan.operation.startsAt, -30) } });
    // Ending earlier keeps every dependency satisfied, so no scheduling check refuses either edit.
    await callApi(app, 'tasks', 'update', { id: task.id, patch: { endsAt: later(task.endsAt, -20) } });
    updateOperation(peer.ctx, operationId, { startsAt: theirs });
    updateTask(peer.ctx, { id: task.id, patch: { endsAt: later(task.endsAt, -10) } });
    const mine = await callApi<{ siteId: string }>(app, 'sync', 'identity', {});
    const file = path.join(files, 'concurrent.spilno');
    const sent = await exportBundle(peer.ctx, { peers: [mine.siteId], outPath: file });

    const imp = page.getByTestId('sync-import');
    await imp.locator('input[type=file]').setInputFiles(file);
    await expect.poll(() => imp.getByTestId('bundle-chosen').textContent()).toContain('concurrent.spilno');
    await imp.getByRole('button', { name: /Попередній перегляд|Preview/ }).click();
    await page.getByTestId('import-preview').waitFor();
    // Every phase the bar shows during the import, in order.
    await imp.evaluate((section) => {
      const seen: string[] = [];
      (window as unknown as { seenPhases: string[] }).seenPhases = seen;
      new MutationObserver(() => {
        const bar = section.querySelector('[data-testid=sync-progress]');
        const phase = bar ? `${bar.getAttribute('data-phase')}${bar.getAttribute('data-finished') === 'true' ? ':end' : ''}` : null;
        if (phase && seen.at(-1) !== phase) seen.push(phase);
      }).observe(section, { subtree: true, childList: true, attributes: true });
    });
    await imp.getByRole('button', { name: /Імпортувати|Import/ }).click();
    await imp.locator('.alert.ok').waitFor();
    const bar = imp.getByTestId('sync-progress');
    expect(await bar.getAttribute('data-finished')).toBe('true');
    expect(await bar.getAttribute('data-phase')).toBe('apply');
    expect(Number(await bar.getAttribute('data-done'))).toBe(sent.changeCount);
    expect(Number(await bar.getAttribute('data-total'))).toBe(sent.changeCount);
    const element = bar.locator('progress');
    expect(await element.evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual([sent.changeCount, sent.changeCount]);
    expect(await bar.textContent()).toContain('Готово');
    const seen = await page.evaluate(() => (window as unknown as { seenPhases: string[] }).seenPhases);
    const order = ['decrypt', 'verify', 'validate', 'apply', 'apply:end'];
    expect(seen.map((p) => order.indexOf(p))).toEqual([...seen.map((p) => order.indexOf(p))].sort((a, b) => a - b));
    // Progress is pushed as events; a bundle this small may pass every phase between two frames,
    // so which phases got painted varies (the core-worker test checks they all leave the worker,
    // in order, while its transaction runs). What the planner sees is in order and ends complete.
    expect(seen.at(-1)).toBe('apply:end');
    // The inbox names the values as the plan shows them and the unit behind each.
    await expect.poll(() => page.getByTestId('sync-inbox').getByTestId('conflict').count()).toBe(2);
    const inbox = await page.getByTestId('sync-inbox').textContent();
    expect(inbox).toContain('задано: Відділ поліції');
    // Named as the planner knows them: the task by its title, in its operation, not by ids.
    const codeName = (await callApi<{ codeName: string }>(app, 'operations', 'get', { id: operationId })).codeName;
    expect(inbox).toContain(`завдання «${task.title}» в операції ${codeName}`);
    expect(inbox).not.toContain(task.id);
    await screenshot(page, 'sync-import-progress-done');

    await page.evaluate((id) => { window.location.hash = `/operations/${id}`; }, operationId);
    const summary = page.getByTestId('op-sync-conflicts');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('відкритих конфліктів синхронізації: 2');
    const overview = page.locator('.overview');
    const mark = overview.locator('[data-testid=sync-conflict-mark][data-field=startsAt]');
    expect(await mark.textContent()).toContain('Конфлікт синхронізації: 2 значення — оберіть у вхідних');
    expect(await mark.locator('button').first().getAttribute('title')).toContain('задано: Відділ поліції');
    await mark.locator('button').first().click();
    const details = mark.getByTestId('sync-conflict-details');
    expect(await details.textContent()).toContain('Відділ поліції');
    expect(await details.locator('li').count()).toBe(2);
    await screenshot(page, 'sync-conflict-operation');

    await page.getByRole('tab', { name: /Завдання|Tasks/ }).click();
    const card = page.getByTestId('task-card').filter({ hasText: task.title });
    await card.locator('[data-testid=sync-conflict-mark][data-field=endsAt]').waitFor();
    await screenshot(page, 'sync-conflict-task-card');
    await card.getByRole('button', { name: task.title }).click();
    const formMark = page.getByTestId('task-form').locator('[data-testid=sync-conflict-mark][data-field=endsAt]');
    await formMark.locator('button').first().click();
    expect(await formMark.getByTestId('sync-conflict-details').getByRole('button').count()).toBe(0); // shown, picked elsewhere
    await screenshot(page, 'sync-conflict-task-form');
    await page.keyboard.press('Escape');

    await page.evaluate((d) => { window.location.hash = `/calendar?date=${d}&view=timeGridWeek`; }, task.startsAt.slice(0, 10));
    const event = page.locator('.fc-event.has-sync-conflict');
    await event.first().waitFor();
    expect(await event.count()).toBe(1);
    expect(await page.getByTestId('legend-sync-conflict').textContent()).toContain('Конфлікт синхронізації часу завдання');
    await screenshot(page, 'sync-conflict-calendar');

    // The pick, right on the plan: the inbox entry goes, the picked value stands.
    await page.evaluate((id) => { window.location.hash = `/operations/${id}`; }, operationId);
    await mark.locator('button').first().click();
    const police = details.locator('li').filter({ hasText: 'Відділ поліції' });
    await police.getByRole('button').click();
    await expect.poll(() => mark.count()).toBe(0);
    const op = await callApi<{ startsAt: string }>(app, 'operations', 'get', { id: operationId });
    expect(op.startsAt).toBe(theirs);
    expect(await page.getByTestId('op-sync-conflicts').textContent()).toContain('конфліктів синхронізації: 1');

    await page.locator('.lang-switch select').selectOption('en');
    expect(await page.getByTestId('op-sync-conflicts').textContent()).toContain('Open sync conflicts in this plan: 1');
    await page.getByRole('tab', { name: 'Tasks' }).click();
    const english = card.locator('[data-testid=sync-conflict-mark]');
    await english.locator('button').first().click();
    expect(await english.textContent()).toContain('Open in the inbox');
    await screenshot(page, 'sync-conflict-task-card-en');
    await page.locator('.lang-switch select').selectOption('uk');
  });

  it('lists a refused change once, named as the planner knows it, however often it is brought', async () => {
    // An entry between two other agencies (SBU to the police), recorded by a customs unit past its
    // own check — as an older or hostile build would: the police, a party, refuses it.
    const customs = await withIdentity(openUnit('DMS', 'Митний пост «Ягодин»'));
    const customsCard = exportCardToFile(customs.ctx, path.join(files, 'customs-post.card'));
    addPeerFromFile(customs.ctx, path.join(files, 'customs.card'));
    const me = await callApi<{ siteId: string; fingerprint: string }>(app, 'sync', 'identity', {});
    trustPeer(customs.ctx, me.siteId, me.fingerprint);
    await callApi(app, 'sync', 'addPeer', { card: fs.readFileSync(customsCard.path, 'utf8') });
    await callApi(app, 'sync', 'trustPeer', { siteId: customs.ctx.siteId, fingerprint: customsCard.card.fingerprint });
    const recorder = customs;
    const id = randomUUID();
    const entry = { ...ExchangeDraft.parse({
      kind: 'art558_operational_info', fromAgencyId: 'SBU', toAgencyId: 'NPU', subject: 'Вантаж через ПП «Ягодин»',
      legalBasis: 'ст. 558 МКУ', handlingCode: 'H2',
    }), createdAt: recorder.ctx.now().toISOString() };
    const hlc = recorder.ctx.clock.tick();
    transact(recorder.ctx, () => {
      appendChanges(recorder.ctx.db, Object.entries(entry).map(([field, v]) => ({
        hlc, siteId: recorder.ctx.siteId, entity: 'exchange' as const, rowId: id, field, value: JSON.stringify(v), operationId: null,
      })));
      materialiseRows(recorder.ctx.db, [{ entity: 'exchange', rowId: id }]);
    });
    const mine = await callApi<{ siteId: string }>(app, 'sync', 'identity', {});
    for (const [i, full] of [false, true].entries()) {
      const file = path.join(files, `refused-${i}.spilno`);
      await exportBundle(recorder.ctx, { peers: [mine.siteId], outPath: file, full });
      await callApi(app, 'sync', 'importBundle', { file: await uploadViaApi(app, file) });
    }
    await page.evaluate(() => { window.location.hash = '/sync'; });
    const quarantine = page.getByTestId('sync-quarantine');
    await expect.poll(() => quarantine.getByTestId('quarantine-row').count()).toBe(1);
    const text = await quarantine.textContent();
    expect(text).toContain('запис журналу обміну «Вантаж через ПП «Ягодин»»');
    expect(text).toContain('Ваш орган (ДМС) не є ні відправником, ні одержувачем цього запису обміну.');
    expect(text).toContain('Митний пост «Ягодин» (ДМС)');
    expect(text).toMatch(/відхилено \(змін: \d+; надходило разів: 2\)/);
    expect(text).toContain('Від органу');
    expect(text).not.toContain(id);
    expect(text).not.toContain(recorder.ctx.siteId);
    await quarantine.scrollIntoViewIfNeeded();
    await screenshot(page, 'sync-quarantine');
    customs.cleanup();
  });
});
