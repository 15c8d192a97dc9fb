/**
 * The operation form's order paragraphs in real Chromium against browser mode: a customs unit
 * (the demo's lead) fills coordinating instructions, a code word, the marking and a numbered copy
 * for the border guard, and the need-to-know sources it alone keeps; what it saved is what the
 * service holds.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openShell, screenshot, startApp, type Browser, type RunningApp } from './harness.js';

interface Op {
  id: string; goNoGoCriteria: string; pressLine: string; codeWords: { word: string; meaning: string }[];
  registrationNumber: string; distribution: { agencyId: string | null; addressee: string }[]; restrictedSources: string;
  comms: { function: string; encryption: string }[];
}

let app: RunningApp;
let browser: Browser;
let page: Page;
let operationId: string;

beforeAll(async () => {
  // The lead-only paragraphs show on the lead's units: the demo is led by the police.
  app = await startApp({ agency: 'NPU', unit: 'Слідче управління ГУНП у Волинській області' });
  ({ operationId } = await callApi<{ operationId: string }>(app, 'system', 'loadDemo', {}));
  browser = await openShell(app);
  page = browser.page;
  await page.evaluate((id) => { window.location.hash = `/operations/${id}`; }, operationId);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('order paragraphs in the operation form', () => {
  it('the lead fills instructions, a code word, the marking and a copy; the service holds exactly that', async () => {
    await page.getByRole('button', { name: 'Редагувати', exact: true }).first().click();
    const form = page.getByTestId('operation-form');
    await form.waitFor();
    const command = form.getByTestId('order-command');
    await command.getByLabel('Критерії рішення «почати / не починати»').fill('Рішення прокурора чинне; вантаж на пункті пропуску до 08:00');
    await command.getByLabel('Взаємодія із засобами масової інформації').fill('Коментарі — лише прес-служба прокуратури');
    await command.getByRole('button', { name: '+ Додати кодове слово' }).click();
    await command.getByLabel('Кодове слово', { exact: true }).last().fill('ГРІМ');
    await command.getByLabel('Значення').last().fill('розшифрування, негайний відхід');
    const marking = form.getByTestId('order-marking');
    await marking.getByLabel('Реєстраційний номер').fill('45/2-ДСК');
    await marking.getByRole('button', { name: '+ Додати примірник' }).click();
    await marking.getByRole('button', { name: '+ Додати примірник' }).click();
    await marking.getByLabel('Орган').nth(1).selectOption('DPSU');
    await marking.getByLabel('Адресат').nth(1).fill('Начальник зміни ВПС «Ягодин»');
    await form.getByLabel('Призначення').first().fill('командна мережа');
    await form.getByLabel('Захист (шифрування)').first().fill('наскрізне шифрування');
    const restricted = form.getByTestId('order-restricted');
    await restricted.getByLabel('Джерела інформації та їх оцінка').fill('Управління СБУ у Волинській області, B2');
    await command.scrollIntoViewIfNeeded();
    await screenshot(page, 'order-form-command', { viewportOnly: true });
    await marking.scrollIntoViewIfNeeded();
    await screenshot(page, 'order-form-marking', { viewportOnly: true });
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await form.waitFor({ state: 'detached' });

    const op = await callApi<Op>(app, 'operations', 'get', { id: operationId });
    expect(op.goNoGoCriteria).toBe('Рішення прокурора чинне; вантаж на пункті пропуску до 08:00');
    expect(op.pressLine).toBe('Коментарі — лише прес-служба прокуратури');
    // After the demo's own two.
    expect(op.codeWords).toHaveLength(3);
    expect(op.codeWords[2]).toMatchObject({ word: 'ГРІМ', meaning: 'розшифрування, негайний відхід' });
    expect(op.registrationNumber).toBe('45/2-ДСК');
    expect(op.distribution).toEqual([
      expect.objectContaining({ agencyId: null, addressee: '' }),
      expect.objectContaining({ agencyId: 'DPSU', addressee: 'Начальник зміни ВПС «Ягодин»' }),
    ]);
    expect(op.comms[0]).toMatchObject({ function: 'командна мережа', encryption: 'наскрізне шифрування' });
    expect(op.restrictedSources).toBe('Управління СБУ у Волинській області, B2');
  });
});
