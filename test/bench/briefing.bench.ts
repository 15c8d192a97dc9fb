/**
 * Briefing pack speed: the coordinator's pack and one agency's pack for an operation with 500
 * tasks and 12 agencies (target ≤ 2 s each), against a same-process baseline of a one-page
 * pdfkit document with the same embedded fonts — the fixed cost every pack pays.
 */
import { BriefingRequest, IcsRequest } from '../../shared/api/exports.js';
import { exportBriefing, exportIcs, loadBriefingSource } from '../../electron/services/exports.js';
import { buildLargeOperation } from '../helpers/large-operation.js';
import { openTempContext } from '../helpers/temp-context.js';
import { timeMedian, type BenchReport } from './bench-kit.js';
import { onePagePdf } from './pdf-baseline.js';

export async function run(report: BenchReport): Promise<void> {
  const tc = openTempContext();
  try {
    const { operationId } = buildLargeOperation(tc.ctx, { agencies: 12, tasks: 500 });
    const baseline = await timeMedian(onePagePdf, 5);
    report.line({ name: 'baseline: one-page pdfkit document with DejaVu', value: baseline, unit: 'ms' });

    let pages = 0;
    const all = await timeMedian(async () => {
      const r = await exportBriefing(tc.ctx, BriefingRequest.parse({ operationId, agencyId: null, lang: 'uk' }));
      pages = (r.bytes.toString().match(/\/Type \/Page\b/g) ?? []).length;
    }, 3);
    report.line({
      name: 'coordinator pack, 500 tasks × 12 agencies', value: all, unit: 'ms', target: { max: 2000 },
      note: `${pages} pages, ${(all / baseline).toFixed(1)}× baseline`,
    });
    const one = await timeMedian(() => exportBriefing(tc.ctx, BriefingRequest.parse({ operationId, agencyId: 'NPU', lang: 'en' })), 3);
    report.line({
      name: 'agency pack (NPU), same operation', value: one, unit: 'ms', target: { max: 2000 },
      note: `${(one / baseline).toFixed(1)}× baseline`,
    });
    // This machine is shared: CPU time of one pack says what the work costs without the queueing.
    const cpu0 = process.cpuUsage();
    await exportBriefing(tc.ctx, BriefingRequest.parse({ operationId, agencyId: null, lang: 'uk' }));
    const cpu = process.cpuUsage(cpu0);
    report.line({ name: 'coordinator pack, CPU time (user + system)', value: (cpu.user + cpu.system) / 1000, unit: 'ms', target: { max: 2000 } });
    const load = await timeMedian(() => loadBriefingSource(tc.ctx, operationId), 3);
    report.line({ name: 'of which: loading the plan, conflict scan, deconfliction', value: load, unit: 'ms' });
    const ics = await timeMedian(() => exportIcs(tc.ctx, IcsRequest.parse({ operationId })), 5);
    report.line({ name: 'iCalendar of 500 tasks', value: ics, unit: 'ms', note: `${(ics / baseline).toFixed(1)}× baseline` });
  } finally {
    tc.cleanup();
  }
}
