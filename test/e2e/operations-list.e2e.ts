/**
 * The operations list with a few hundred operations: only visible rows are in the DOM, search
 * and filters narrow the list through the service, sorting flips the order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openBrowser, screenshot, startApp, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
const N = 300;

beforeAll(async () => {
  app = await startApp();
  for (let i = 0; i < N; i += 30) {
    await Promise.all(Array.from({ length: 30 }, (_, k) => {
      const n = i + k;
      const day = String(1 + (n % 28)).padStart(2, '0');
      return callApi(app, 'operations', 'create', {
        codeName: `ЛИСТ-${String(n).padStart(3, '0')}`, type: n % 2 ? 'joint_patrol' : 'customs_inspection',
        leadAgencyId: 'DMS', participatingAgencyIds: n % 3 === 0 ? ['NPU'] : ['DPSU'], legalBasis: 'ст. 558 МКУ',
        handlingCode: n % 4 === 0 ? 'H1' : 'H2',
        startsAt: `2026-0${1 + (n % 9)}-${day}T06:00:00Z`, endsAt: `2026-0${1 + (n % 9)}-${day}T18:00:00Z`,
      });
    }));
  }
  browser = await openBrowser();
  await browser.page.goto(app.launchUrl);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const shown = async () => (await browser.page.getByText(/Показано операцій: \d+/).textContent())!.replace(/\D+/g, '');

describe('operations list', () => {
  it('renders only the visible rows of a long list', async () => {
    const page = browser.page;
    await page.getByText(`Показано операцій: ${N}`).waitFor();
    const rows = await page.getByTestId('operations-table').locator('.vbody [role=row]').count();
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(80);
    await screenshot(page, 'list-01-long');
  });

  it('searches, filters by agency, type, handling code and dates, and sorts', async () => {
    const page = browser.page;
    await page.getByRole('searchbox').fill('лист-01');
    await page.getByText('Показано операцій: 10').waitFor();
    await page.getByRole('searchbox').fill('');
    await page.getByText(`Показано операцій: ${N}`).waitFor();

    await page.getByLabel('Орган (провідний або учасник)').selectOption('NPU');
    await page.getByText('Показано операцій: 100').waitFor();
    await page.getByLabel('Тип').selectOption('customs_inspection');
    await page.getByText('Показано операцій: 50').waitFor();
    await page.getByLabel('Код поводження').selectOption('H1');
    await page.getByText('Показано операцій: 25').waitFor();
    // NPU ∧ customs ∧ H1 is n ≡ 0 (mod 12); those in April are n = 12k with k ≡ 1 (mod 3): 8 of them.
    await page.getByLabel('Від дати').fill('2026-04-01');
    await page.getByLabel('До дати').fill('2026-04-30');
    await page.getByText('Показано операцій: 8', { exact: true }).waitFor();
    await expect(shown()).resolves.toBe('8');
    await screenshot(page, 'list-02-filtered');

    await page.getByRole('button', { name: 'Скинути фільтри' }).click();
    await page.getByText(`Показано операцій: ${N}`).waitFor();
    await page.locator('select[name=sort]').selectOption('codeName');
    await page.locator('select[name=direction]').selectOption('desc');
    await page.getByTestId('operations-table').locator('.vbody [role=row]').first().getByText('ЛИСТ-299').waitFor();
  });
});
