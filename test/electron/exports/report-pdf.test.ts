/**
 * The after-action report read back with pdftotext (an independent parser) and rendered with
 * pdftoppm: what it says of a completed operation — results against objectives, plan against
 * actual, deviations and the accepted override with its reason, Article 558 on time and late,
 * lessons —, in Ukrainian and English, and what an agency's copy leaves out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportRequest } from '../../../shared/api/exports.js';
import { dispatch } from '../../../electron/api/dispatch.js';
import { runCli } from '../../../electron/cli/main.js';
import { queryAudit } from '../../../electron/db/repos/audit.repo.js';
import { exportReport } from '../../../electron/services/report.js';
import { buildCompletedOperation, type CompletedOperation } from '../../helpers/completed-operation.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';
import { pdfPages, renderPngs, squash, writeTemp } from './pdf-tools.js';

let tc: TempContext;
let op: CompletedOperation;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'spilno-report-'));
beforeEach(() => {
  tc = openTempContext({ now: () => new Date('2026-10-16T09:00:00Z') });
  op = buildCompletedOperation(tc.ctx);
});
afterEach(() => tc.cleanup());
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

async function report(agencyId: string | null, lang: 'uk' | 'en' = 'uk') {
  const r = await exportReport(tc.ctx, ReportRequest.parse({ operationId: op.operationId, agencyId, lang }));
  const file = writeTemp(out, r.fileName, r.bytes);
  return { r, file, pages: pdfPages(file) };
}

describe('after-action report', () => {
  it('sets objectives against results, plan against actual, deviations, interaction and lessons (Ukrainian)', async () => {
    const { r, file, pages } = await report(null);
    expect(r.fileName).toBe('ZHOVTNEVYI-VANTAZH-2026-10-16-report-uk.pdf');
    const text = pages.join('\n');
    const flat = squash(text);
    // Every page is marked, numbered and names the copy.
    pages.forEach((p, i) => {
      expect(p).toContain('Для службового користування');
      expect(p).toContain(`сторінка ${i + 1} з ${pages.length}`);
    });
    expect(text).toContain('ЗВІТ ЗА РЕЗУЛЬТАТАМИ ОПЕРАЦІЇ');
    expect(text).toContain('«ЖОВТНЕВИЙ ВАНТАЖ»');
    expect(flat).toContain(squash('Задокументувати канал контрабанди кокаїну'));
    // Thousands are grouped with (narrow) no-break spaces: compared without spaces.
    expect(flat).toContain(squash('Вилучень: 1; орієнтовна митна вартість: 4 500 000 UAH'));
    expect(flat).toContain(squash('Кокаїн у коробках з бананами'));
    expect(flat).toContain(squash('Петренко Іван Олегович'));
    expect(text).toContain('Затримано осіб: 1');
    expect(flat).toContain(squash('Протокол № 0417/20500/26 від 2026-10-14 (ст. 483 МК України)'));
    expect(flat).toContain(squash('ЄРДР № 12026031100000418'));
    expect(flat).toContain(squash('УВАГА: Пломбу порушено (очікувалася SP-0042)'));
    // Plan against actual: 5 tasks, one 20 minutes late, one never started, one cancelled.
    expect(flat).toContain(squash('Завдань: 5; виконано: 3; розпочато, не завершено: 0; не розпочато: 1; скасовано: 1; розпочато із запізненням понад 15 хв: 1.'));
    expect(text).toContain('+20 хв');
    expect(flat).toContain(squash('«Спостереження за вантажівкою на трасі М-07»: розпочато із запізненням +20 хв'));
    expect(flat).toContain(squash('«Затримання другого учасника на складі»: не розпочато'));
    expect(flat).toContain(squash('Причина: Затримання другого учасника перенесено: він не прибув на склад'));
    expect(flat).toContain(squash('Вантажівка вийшла пізніше, спостереження подовжено'));
    expect(flat).toContain(squash('Кравчук В. М.'));
    expect(text).toContain('вчасно 1, із запізненням 1, відсутні 0');
    expect(flat).toContain(squash('Водія пропущено у звичайному порядку'));
    expect(flat).toContain(squash('Потрібен резервний канал зв’язку з пунктом пропуску.'));
    // Times in the operation's zone: 08:20 in Kyiv is the late start (05:20 UTC).
    expect(text).toContain('14.10.2026, 09:20');
    const pngs = renderPngs(file, fs.mkdtempSync(path.join(out, 'png-')), 60);
    expect(pngs.length).toBe(pages.length);
    for (const png of pngs) expect(fs.statSync(png).size).toBeGreaterThan(5000);
  });

  it('an agency’s copy carries only what that agency may see', async () => {
    const { pages } = await report('DMS');
    const flat = squash(pages.join('\n'));
    expect(flat).toContain(squash('Пропуск вантажу під митним контролем'));
    // The border guard's own task, its actual times and its log line stay with those who see it.
    expect(flat).not.toContain(squash('Прикордонний контроль водія'));
    expect(flat).not.toContain(squash('Водія пропущено у звичайному порядку'));
    // Results are the operation's: every agency taking part sees them.
    expect(flat).toContain(squash('Кокаїн у коробках з бананами'));
    expect(pages[0]).toContain('ДМС');
    const border = squash((await report('DPSU')).pages.join('\n'));
    expect(border).toContain(squash('Прикордонний контроль водія'));
    // The override is about the police's task, which the border guard does not see.
    expect(border).not.toContain(squash('спостереження подовжено'));
  });

  it('speaks English', async () => {
    const { pages } = await report(null, 'en');
    const text = pages.join('\n');
    expect(text).toContain('AFTER-ACTION REPORT');
    expect(text).toContain('For official use');
    expect(text).toContain('on time 1, late 1, missing 0');
    expect(text).toContain('+20 min');
  });

  it('goes through the API and the CLI, is audited, and refuses an agency not in the operation', async () => {
    const res = await dispatch(tc.ctx, 'exports', 'report', { operationId: op.operationId, agencyId: 'DMS', lang: 'uk' });
    expect(res.ok).toBe(true);
    const trail = queryAudit(tc.ctx.db, { action: 'exports.report', limit: 5 });
    expect(trail.some((e) => e.action === 'exports.report' && e.operation_id === op.operationId && e.detail.startsWith('report for DMS (uk)'))).toBe(true);
    const refused = await dispatch(tc.ctx, 'exports', 'report', { operationId: op.operationId, agencyId: 'SBU' });
    expect(refused.ok).toBe(false);
    tc.ctx.db.close();
    const file = path.join(out, 'cli.pdf');
    const lines: string[] = [];
    const code = await runCli(['report', '--operation', op.operationId, '--agency', 'DPSU', '--lang', 'en', '--out', file, '--data-dir', tc.dataDir], {
      out: (l) => lines.push(l), err: (l) => lines.push(l),
    });
    expect(code).toBe(0);
    expect(pdfPages(file).join('\n')).toContain('AFTER-ACTION REPORT');
  });
});
