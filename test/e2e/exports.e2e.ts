/**
 * The export dialog in real Chromium against browser mode: an agency's files arrive as
 * downloads with the progress shown, the PDF holds only the tasks that agency sees, and an encrypted
 * pack opens with the real `age` CLI.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, openShell, screenshot, startApp, tempDir, type Browser, type RunningApp } from './harness.js';

interface Task { id: string; title: string; accountableAgencyId: string | null }
interface Plan { operation: { id: string }; tasks: Task[] }

let app: RunningApp;
let browser: Browser;
let page: Page;
let plan: Plan;
let out: string;

const squash = (s: string) => s.replace(/\s+/g, '');
/** Today in the demo operation's zone, as export file names carry it. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv' }).format(new Date());
/** The demo's code name «ЯНТАРНИЙ ШЛЯХ» by the 2010 transliteration rules. */
const CODE = 'YANTARNYI-SHLIAKH';

async function collectDownloads(n: number, act: () => Promise<void>): Promise<string[]> {
  const seen: Download[] = [];
  const onDownload = (d: Download) => seen.push(d);
  page.on('download', onDownload);
  try {
    await act();
    await expect.poll(() => seen.length, { timeout: 60_000 }).toBe(n);
  } finally {
    page.off('download', onDownload);
  }
  const files: string[] = [];
  for (const d of seen) {
    const file = path.join(out, d.suggestedFilename());
    await d.saveAs(file);
    files.push(file);
  }
  return files;
}

beforeAll(async () => {
  out = tempDir('spilno-e2e-exports-');
  app = await startApp();
  const { operationId } = await callApi<{ operationId: string }>(app, 'system', 'loadDemo', {});
  plan = await callApi<Plan>(app, 'operations', 'getPlan', { id: operationId });
  browser = await openShell(app);
  page = browser.page;
  await page.evaluate((id) => { window.location.hash = `/operations/${id}?tab=exports`; }, operationId);
  await page.getByTestId('exports-tab').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

describe('export dialog', () => {
  it('exports an agency\'s PDF, calendar and contacts as downloads; the PDF holds only the tasks that agency sees', async () => {
    await page.getByTestId('open-export').click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.waitFor();
    await page.getByTestId('export-agency').selectOption('DMS');
    await page.getByTestId('export-lang').selectOption('en');
    await screenshot(page, 'export-dialog');
    const files = await collectDownloads(3, () => dialog.locator('button[type=submit]').click());
    // The downloads are named by code name, agency and day.
    expect(files.map((f) => path.basename(f)).sort())
      .toEqual([`${CODE}-DMS-${today()}-briefing-copy3-en.pdf`, `${CODE}-DMS-${today()}-calendar.ics`, `${CODE}-DMS-${today()}-contacts.vcf`]);
    await expect.poll(() => page.getByTestId('export-progress').textContent()).toContain('3');
    const text = squash(execFileSync('pdftotext', ['-raw', files.find((f) => f.endsWith('.pdf'))!, '-'], { encoding: 'utf8' }));
    // Customs' own tasks, and the police briefing their post chief attends (README, need-to-know).
    const dmsSees = (x: Task) => x.accountableAgencyId === 'DMS' || x.title === 'Інструктаж учасників у штабі';
    for (const task of plan.tasks) {
      if (dmsSees(task)) expect(text).toContain(squash(task.title));
      else expect(text).not.toContain(squash(task.title));
    }
    const ics = fs.readFileSync(files.find((f) => f.endsWith('.ics'))!, 'utf8');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(plan.tasks.filter(dmsSees).length);
    expect(plan.tasks.filter(dmsSees)).toHaveLength(3);
    await dialog.locator('.dialog-header button.icon').click();
    // The log lists what was handed out.
    await expect.poll(() => page.getByTestId('export-log').locator('tbody tr').count()).toBe(3);
  });

  it('an encrypted pack downloads as one file that the age CLI opens', async () => {
    const identity = await generateX25519Identity();
    const keyFile = path.join(out, 'key.txt');
    fs.writeFileSync(keyFile, `${identity}\n`, { mode: 0o600 });
    await page.getByTestId('open-export').click();
    const dialog = page.getByTestId('export-dialog');
    await page.getByTestId('export-agency').selectOption('SBU');
    await page.getByTestId('export-encrypt').check();
    await page.getByTestId('export-recipients').fill(await identityToRecipient(identity));
    const [file] = await collectDownloads(1, () => dialog.locator('button[type=submit]').click());
    expect(path.basename(file!)).toBe(`${CODE}-SBU-${today()}-pack-copy6-uk.tar.age`);
    const tar = path.join(out, 'pack.tar');
    execFileSync('age', ['-d', '-i', keyFile, '-o', tar, file!]);
    expect(execFileSync('tar', ['-tf', tar], { encoding: 'utf8' }).trim().split('\n'))
      .toEqual([`${CODE}-SBU-${today()}-briefing-copy6-uk.pdf`, `${CODE}-SBU-${today()}-calendar.ics`, `${CODE}-SBU-${today()}-contacts.vcf`]);
  });

  it('map exports from the map view download under the same naming, per agency and for the whole plan', async () => {
    await page.evaluate((id) => { window.location.hash = `/operations/${id}?tab=map`; }, plan.operation.id);
    const agency = page.locator('select[name=geo-agency]');
    await agency.waitFor();
    await agency.selectOption('NPU');
    const [kml] = await collectDownloads(1, () => page.getByRole('button', { name: 'Карта (KML)' }).click());
    expect(path.basename(kml!)).toBe(`${CODE}-NPU-${today()}-map.kml`);
    expect(fs.readFileSync(kml!, 'utf8')).toContain('<kml');
    await agency.selectOption('');
    const [tak] = await collectDownloads(1, () => page.getByRole('button', { name: 'Пакет даних TAK' }).click());
    expect(path.basename(tak!)).toBe(`${CODE}-${today()}-map-tak.zip`);
  });
});
