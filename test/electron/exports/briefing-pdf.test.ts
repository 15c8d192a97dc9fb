import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BriefingRequest } from '../../../shared/api/exports.js';
import { t } from '../../../shared/i18n/index.js';
import { bannedTermsIn } from '../../../shared/i18n/glossary.js';
import { TaskDraft, type Task } from '../../../shared/domain/task.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { exportBriefing } from '../../../electron/services/exports.js';
import { scanOperation } from '../../../electron/services/conflicts.js';
import { createOperation } from '../../../electron/services/operations.js';
import { createTask } from '../../../electron/services/tasks.js';
import { OperationDraft } from '../../../shared/domain/operation.js';
import { describeConflict } from '../../../shared/scheduling/describe.js';
import { listTasksByOperation } from '../../../electron/db/repos/tasks.repo.js';
import { tasksAgencySees } from '../../helpers/need-to-know.js';
import { openTempContext, tempDataDir, type TempContext } from '../../helpers/temp-context.js';
import { pageCount, pdfPages, pdfWords, renderPngs, squash, writeTemp } from './pdf-tools.js';

const NOW = new Date('2026-11-28T08:00:00.000Z');
let tc: TempContext;
let out: string;
let operationId: string;
let tasks: Task[];

async function pack(name: string, agencyId: string | null, lang: 'uk' | 'en'): Promise<string> {
  const r = await exportBriefing(tc.ctx, BriefingRequest.parse({ operationId, agencyId, lang }));
  return writeTemp(out, name, r.bytes);
}

beforeAll(() => {
  tc = openTempContext({ now: () => NOW });
  out = tempDataDir('spilno-pdf-');
  operationId = loadDemo(tc.ctx).operationId;
  tasks = listTasksByOperation(tc.ctx.db, operationId);
});
afterAll(() => {
  tc.cleanup();
  fs.rmSync(out, { recursive: true, force: true });
});

describe('briefing pack PDF (demo operation)', () => {
  for (const lang of ['uk', 'en'] as const) {
    it(`coordinator pack in ${lang}: headings, every task title, marking and handling code on every page`, async () => {
      const file = await pack(`all-${lang}.pdf`, null, lang);
      const pages = pdfPages(file);
      expect(pages.length).toBe(pageCount(file));
      expect(pages.length).toBeGreaterThan(3);
      const whole = squash(pages.join('\n'));
      for (const key of ['brief.s1', 'brief.s2', 'brief.s3', 'brief.s4', 'brief.s5', 'brief.org', 'brief.timeline', 'brief.matrix', 'brief.legal', 'brief.conflicts', 'brief.s5.comms', 'brief.s1.subjects', 'brief.s1.risks'] as const) {
        expect(whole, key).toContain(squash(t(lang, key)));
      }
      expect(whole).toContain(squash('ЯНТАРНИЙ ШЛЯХ'));
      for (const task of tasks) expect(whole, task.title).toContain(squash(task.title));
      const marking = squash(`${t(lang, 'brief.marking')} · H2`);
      pages.forEach((page, i) => {
        expect(squash(page), `page ${i + 1}`).toContain(marking);
        // Header and footer both carry it.
        expect(squash(page).split(marking).length - 1, `page ${i + 1}`).toBeGreaterThanOrEqual(2);
        expect(squash(page), `page ${i + 1}`).toContain(squash(t(lang, 'brief.pageOf', { x: i + 1, y: pages.length })));
      });
      // Times are printed in the operation's zone (Kyiv, UTC+2 in November), not in UTC.
      const first = [...tasks].sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0]!;
      const kyiv = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Kyiv', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(first.startsAt));
      expect(whole).toContain(kyiv);
      // One term per concept on paper too: no Latin agency codes in Ukrainian, Kyiv time said so.
      expect(bannedTermsIn(pages.join('\n'), lang)).toEqual([]);
      expect(whole).toContain(squash(lang === 'uk' ? 'за київським часом' : 'Kyiv time'));
      expect(whole).not.toMatch(lang === 'uk' ? /\d+min\)/ : /\d+хв\)/);
    });
  }

  it('an agency pack holds the tasks its agency sees (all for the lead) and no other task title anywhere', async () => {
    for (const agencyId of ['NPU', 'DMS', 'OGP']) {
      const file = await pack(`${agencyId}.pdf`, agencyId, 'en');
      const whole = squash(pdfPages(file).join('\n'));
      const sees = new Set(tasksAgencySees(tc.ctx.db, operationId, agencyId).map((x) => x.id));
      // Police lead the demo; customs act in the briefing, the passage and the specialist's support.
      expect(sees.size).toBe(agencyId === 'NPU' ? tasks.length : agencyId === 'DMS' ? 3 : 1);
      for (const task of tasks) {
        if (sees.has(task.id)) expect(whole, task.title).toContain(squash(task.title));
        else expect(whole, `${agencyId} pack shows ${task.title}`).not.toContain(squash(task.title));
      }
      // The shared sections are still there.
      expect(whole).toContain(squash('TG 4417 «ЯНТАР»'));
      expect(whole).toContain(squash(t('en', 'brief.s5.liaison')));
    }
  });

  it('refuses a recipient agency that does not take part', async () => {
    await expect(exportBriefing(tc.ctx, BriefingRequest.parse({ operationId, agencyId: 'NABU', lang: 'uk' })))
      .rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('pdftoppm renders every page, and body text never runs into the footer band', async () => {
    const file = await pack('render.pdf', null, 'uk');
    const dir = fs.mkdtempSync(path.join(out, 'png-'));
    const pngs = renderPngs(file, dir);
    expect(pngs.length).toBe(pageCount(file));
    for (const png of pngs) expect(fs.statSync(png).size).toBeGreaterThan(1000);
    const watermark = t('uk', 'brief.allAgencies').split(' ');
    const intruders = pdfWords(file).filter((w) =>
      w.yMax > w.pageHeight - 58 + 1 && w.yMin < w.pageHeight - 46 && !watermark.includes(w.text));
    expect(intruders).toEqual([]);
  });

  it('lists open conflicts and deconfliction alerts; an agency pack names the other operation only by its lead', async () => {
    const other = createOperation(tc.ctx, OperationDraft.parse({
      codeName: 'ЧУЖИЙ ВАНТАЖ', type: 'surveillance', legalBasis: 'ст. 8 Закону про ОРД', leadAgencyId: 'NABU',
      startsAt: tasks[0]!.startsAt, endsAt: tasks[0]!.endsAt,
      subjects: [{ kind: 'vehicle', plate: 'AC 1234 XT', vin: '', description: '', notes: '' }],
    }));
    expect(other.id).not.toBe(operationId);
    // The demo is planned clean; a customs dog put on a task without its handler is a warning.
    const dog = tc.ctx.db.prepare("SELECT id FROM resources WHERE identifier = 'К9-14'").pluck().get() as string;
    createTask(tc.ctx, TaskDraft.parse({
      operationId, title: 'Кінологічне обстеження', type: 'customs_inspection', accountableAgencyId: 'DMS',
      resourceIds: [dog], startsAt: tasks[0]!.startsAt, endsAt: tasks[0]!.endsAt,
    }));
    const conflicts = scanOperation(tc.ctx, operationId).conflicts;
    expect(conflicts.length).toBeGreaterThan(0);

    const all = squash(pdfPages(await pack('alerts-all.pdf', null, 'uk')).join('\n'));
    for (const c of conflicts) expect(all).toContain(squash(describeConflict('uk', c).rule));
    expect(all).toContain(squash(t('uk', 'brief.alerts')));
    expect(all).toContain(squash('ЧУЖИЙ ВАНТАЖ'));

    const dms = squash(pdfPages(await pack('alerts-dms.pdf', 'DMS', 'uk')).join('\n'));
    expect(dms).toContain(squash(t('uk', 'brief.alerts')));
    expect(dms).toContain('НАБУ');
    expect(dms).not.toContain(squash('ЧУЖИЙ ВАНТАЖ'));
  });
});
