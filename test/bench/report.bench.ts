/**
 * After-action report speed: an operation with 500 tasks and 12 agencies, completed, with every
 * task's actual start and finish, a 300-line unit log and 50 exchange entries (target ≤ 2 s for
 * the coordinator's report and for one agency's), against a same-process baseline of a
 * one-page pdfkit document with the same embedded fonts — the fixed cost every PDF pays.
 */
import { randomUUID } from 'node:crypto';
import { ReportRequest } from '../../shared/api/exports.js';
import { EXCHANGE_KINDS } from '../../shared/domain/enums.js';
import { ExchangeDraft } from '../../shared/domain/exchange.js';
import { transact } from '../../electron/services/context.js';
import { createExchange } from '../../electron/services/exchange.js';
import { exportReport, loadReportSource } from '../../electron/services/report.js';
import { buildLargeOperation } from '../helpers/large-operation.js';
import { openTempContext } from '../helpers/temp-context.js';
import { timeMedian, type BenchReport } from './bench-kit.js';
import { onePagePdf } from './pdf-baseline.js';

export async function run(report: BenchReport): Promise<void> {
  const tc = openTempContext({ now: () => new Date('2026-12-10T12:00:00Z') });
  try {
    const ctx = tc.ctx;
    const { operationId, agencyIds, tasks } = buildLargeOperation(ctx, { agencies: 12, tasks: 500 });
    transact(ctx, () => {
      ctx.writer.update('operation', operationId, { status: 'completed' }, operationId);
      tasks.forEach((t, i) => {
        // Most start within the hour, some late, a few never.
        if (i % 23 === 0) return;
        const start = new Date(Date.parse(t.startsAt) + (i % 7) * 9 * 60_000).toISOString();
        const end = new Date(Date.parse(t.endsAt) + (i % 5) * 12 * 60_000).toISOString();
        ctx.writer.create('task_actual', t.id, {
          operationId, startedAt: start, startRecordedBy: 'черговий', startRecordedAt: start,
          finishedAt: end, finishRecordedBy: 'черговий', finishRecordedAt: end,
        }, operationId);
      });
      for (let i = 0; i < 300; i++) {
        const t = tasks[i % tasks.length]!;
        ctx.writer.create('activity_entry', randomUUID(), {
          operationId, at: t.startsAt, agencyId: t.accountableAgencyId, unit: 'Підрозділ', author: 'черговий',
          taskId: i % 3 === 0 ? null : t.id, entry: `Запис журналу дій № ${i}: група на місці, зв’язок стійкий.`, recordedAt: t.startsAt,
        }, operationId);
      }
      ctx.writer.create('operation_outcome', operationId, { operationId, outcome: 'partial', completionReason: 'Частину завдань не розпочато', lessons: 'Уроки.' }, operationId);
    });
    for (let i = 0; i < 50; i++) {
      createExchange(ctx, ExchangeDraft.parse({
        kind: EXCHANGE_KINDS[i % EXCHANGE_KINDS.length], fromAgencyId: agencyIds[i % agencyIds.length], toAgencyId: agencyIds[(i + 1) % agencyIds.length],
        operationId, subject: `Запис ${i}`, legalBasis: 'ст. 558 МК України', handlingCode: 'H1',
        sentAt: tasks[i]!.startsAt, dueAt: tasks[i]!.endsAt, acknowledgedAt: i % 3 ? tasks[i]!.endsAt : null,
      }));
    }
    const baseline = await timeMedian(onePagePdf, 5);
    report.line({ name: 'baseline: one-page pdfkit document with DejaVu', value: baseline, unit: 'ms' });
    let pages = 0;
    const all = await timeMedian(async () => {
      const r = await exportReport(ctx, ReportRequest.parse({ operationId, agencyId: null, lang: 'uk' }));
      pages = (Buffer.from(r.bytes).toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    }, 3);
    report.line({
      name: 'after-action report, 500 tasks × 12 agencies', value: all, unit: 'ms', target: { max: 2000 },
      note: `${pages} pages, ${(all / baseline).toFixed(1)}× baseline`,
    });
    const one = await timeMedian(() => exportReport(ctx, ReportRequest.parse({ operationId, agencyId: agencyIds[1]!, lang: 'en' })), 3);
    report.line({ name: `agency report (${agencyIds[1]}), same operation`, value: one, unit: 'ms', target: { max: 2000 }, note: `${(one / baseline).toFixed(1)}× baseline` });
    const cpu0 = process.cpuUsage();
    await exportReport(ctx, ReportRequest.parse({ operationId, agencyId: null, lang: 'uk' }));
    const cpu = process.cpuUsage(cpu0);
    report.line({ name: 'after-action report, CPU time (user + system)', value: (cpu.user + cpu.system) / 1000, unit: 'ms', target: { max: 2000 } });
    const load = await timeMedian(() => loadReportSource(ctx, operationId), 3);
    report.line({ name: 'of which: loading plan, actuals, results, log', value: load, unit: 'ms' });
  } finally {
    tc.cleanup();
  }
}
