import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BriefingRequest } from '../../../shared/api/exports.js';
import { t } from '../../../shared/i18n/index.js';
import { SEED_AGENCIES } from '../../../shared/domain/agencies-seed.js';
import { exportBriefing } from '../../../electron/services/exports.js';
import { updateTask } from '../../../electron/services/tasks.js';
import { buildLargeOperation, titleToken } from '../../helpers/large-operation.js';
import { openTempContext, tempDataDir, type TempContext } from '../../helpers/temp-context.js';
import { pdfPages, pdfWords, squash, writeTemp } from './pdf-tools.js';

let tc: TempContext;
let out: string;
let large: ReturnType<typeof buildLargeOperation>;

beforeAll(() => {
  tc = openTempContext();
  out = tempDataDir('spilno-pdf-large-');
  large = buildLargeOperation(tc.ctx, { agencies: 12, tasks: 500 });
});
afterAll(() => {
  tc.cleanup();
  fs.rmSync(out, { recursive: true, force: true });
});

const code = (id: string) => SEED_AGENCIES.find((a) => a.id === id)!.code;

describe('briefing pack PDF (500 tasks, 12 agencies)', () => {
  it('an agency pack shows all its tasks and not one token of another agency\'s tasks, matrix and timeline included', async () => {
    const agencyId = 'SBU';
    const r = await exportBriefing(tc.ctx, BriefingRequest.parse({ operationId: large.operationId, agencyId, lang: 'uk' }));
    const file = writeTemp(out, 'sbu.pdf', r.bytes);
    const pages = pdfPages(file);
    const whole = squash(pages.join('\n'));
    large.tasks.forEach((task, i) => {
      const token = titleToken(code(task.accountableAgencyId!), i);
      if (task.accountableAgencyId === agencyId) expect(whole, token).toContain(token);
      else expect(whole, token).not.toContain(token);
    });
    // The matrix still says the other agencies act, by count.
    expect(whole).toContain(squash(t('uk', 'brief.matrix.others', { n: 6 })));
    const marking = squash(`${t('uk', 'brief.marking')} · H1`);
    pages.forEach((p, i) => expect(squash(p), `page ${i + 1}`).toContain(marking));
  });

  it('the coordinator pack runs tables across pages with their header repeated and nothing in the footer band', async () => {
    const r = await exportBriefing(tc.ctx, BriefingRequest.parse({ operationId: large.operationId, lang: 'en' }));
    const file = writeTemp(out, 'all.pdf', r.bytes);
    const pages = pdfPages(file);
    expect(pages.length).toBeGreaterThan(40);
    const whole = squash(pages.join('\n'));
    large.tasks.forEach((task, i) => expect(whole).toContain(titleToken(code(task.accountableAgencyId!), i)));
    // Checklist boxes are printed only in assignment tables: every page holding one starts
    // with that table's header.
    const header = squash(t('en', 'brief.col.checklist'));
    const withRows = pages.filter((p) => p.includes('☐') || p.includes('☑'));
    expect(withRows.length).toBeGreaterThan(5);
    for (const p of withRows) expect(squash(p)).toContain(header);
    const words = pdfWords(file);
    const watermark = t('en', 'brief.allAgencies').split(' ');
    const intruders = words.filter((w) => w.yMax > w.pageHeight - 58 + 1 && w.yMin < w.pageHeight - 46 && !watermark.includes(w.text));
    expect(intruders).toEqual([]);
    // Body text stays below the header rule too.
    const high = words.filter((w) => w.yMin < 40 && w.yMin > 30 && !watermark.includes(w.text));
    expect(high).toEqual([]);
  });

  it('a row taller than a page continues on the next pages under the repeated header, nothing lost', async () => {
    const task = large.tasks.find((x) => x.accountableAgencyId === 'DPSU')!;
    updateTask(tc.ctx, {
      id: task.id,
      patch: { checklist: Array.from({ length: 150 }, (_, k) => ({ id: `k${k}`, text: `Довгий пункт перевірки номер ${k + 1} з поясненням`, done: false })) },
    });
    const r = await exportBriefing(tc.ctx, BriefingRequest.parse({ operationId: large.operationId, agencyId: 'DPSU', lang: 'uk' }));
    const file = writeTemp(out, 'tall.pdf', r.bytes);
    const pages = pdfPages(file).map(squash);
    const item = (k: number) => squash(`пункт перевірки номер ${k} з поясненням`);
    const holding = pages.filter((p) => p.includes(squash('Довгий пункт перевірки')));
    expect(holding.length).toBeGreaterThanOrEqual(3);
    for (const p of holding) expect(p).toContain(squash(t('uk', 'brief.col.checklist')));
    for (let k = 1; k <= 150; k++) expect(pages.join(''), `item ${k}`).toContain(item(k));
    const watermark = ['DPSU'];
    const words = pdfWords(file);
    expect(words.filter((w) => w.yMax > w.pageHeight - 58 + 1 && w.yMin < w.pageHeight - 46 && !watermark.includes(w.text))).toEqual([]);
  });
});
