/**
 * The after-action report of an operation (issue 17): its plan, its live execution and its
 * results read from their repositories, reduced to the recipient agency's view by the one
 * need-to-know rule (exports/report-model.ts), drawn on the briefing pack's PDF engine. A
 * recipient agency must take part in the operation.
 *
 * Every report that leaves the unit is written into the audit trail (who, for whom, which
 * operation, the SHA-256 handed out): the export log's kinds are fixed by its table's CHECK and
 * have no «report» yet, so the trail is where it is recorded. A store that cannot be written
 * still reports (a damaged store is when a report is wanted most); its trail entry is then lost
 * and the command says nothing — the same trade as a read.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { ReportRequest } from '../../shared/api/exports.js';
import { exportFileName } from '../../shared/domain/export-names.js';
import type { Task } from '../../shared/domain/task.js';
import { requiresArt558 } from '../../shared/scheduling/engine.js';
import { listAgencies } from '../db/repos/agencies.repo.js';
import { listOverridesForOperation } from '../db/repos/conflicts.repo.js';
import { getPerson, getResource, getUnit } from '../db/repos/directory.repo.js';
import { listExchangeEntries } from '../db/repos/exchange.repo.js';
import { listLegalRows } from '../db/repos/legal.repo.js';
import { listPhases } from '../db/repos/operations.repo.js';
import { listActivityLog, listTaskActuals, operationResultsOf } from '../db/repos/results.repo.js';
import { listTasksByOperation } from '../db/repos/tasks.repo.js';
import { buildReportModel, type ReportSource } from '../exports/report-model.js';
import { renderReportPdf } from '../exports/report-pdf.js';
import { currentAuditScope, recordAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { agencyCode, requireRecipient, type ExportResult } from './exports.js';
import { requireOperation } from './guards.js';
import { existingByIds } from './lookup.js';

/** Everything stored about one operation that its report could draw from. */
export function loadReportSource(ctx: ServiceContext, operationId: string): ReportSource {
  const operation = requireOperation(ctx, operationId);
  const tasks: Task[] = listTasksByOperation(ctx.db, operationId);
  const people = existingByIds(tasks.flatMap((x) => x.personIds), (id) => getPerson(ctx.db, id));
  const unitIds = [...tasks.map((x) => x.unitId), ...people.map((p) => p.unitId)].filter((u): u is string => u !== null);
  const agencies = listAgencies(ctx.db);
  const proceedings = listLegalRows(ctx.db, 'proceeding', operationId);
  const kinds = new Map(agencies.map((a) => [a.id, a.kind]));
  return {
    operation,
    phases: listPhases(ctx.db, operationId),
    tasks,
    agencies,
    units: existingByIds(unitIds, (id) => getUnit(ctx.db, id)),
    people,
    resources: existingByIds(tasks.flatMap((x) => x.resourceIds), (id) => getResource(ctx.db, id)),
    exchange: listExchangeEntries(ctx.db, { operationId, agencyId: null, kindsJson: '[]' }),
    results: operationResultsOf(ctx.db, operationId),
    actuals: listTaskActuals(ctx.db, operationId),
    activity: listActivityLog(ctx.db, operationId),
    overrides: listOverridesForOperation(ctx.db, operationId).map((o) => ({
      rule: o.rule, reason: o.reason, operator: o.operator, agencyId: o.agency_id, at: o.created_at,
      taskIds: JSON.parse(o.task_ids) as string[],
    })).reverse(),
    proceedings: proceedings
      .filter((p) => p.result !== '')
      .map((p) => ({ erdrNumber: p.erdrNumber, registeredOn: p.registeredOn, qualification: p.qualification, result: p.result })),
    art558Required: requiresArt558(operation, tasks, (id) => kinds.get(id), proceedings.length),
  };
}

export async function exportReport(ctx: ServiceContext, req: z.output<typeof ReportRequest>): Promise<ExportResult> {
  const src = loadReportSource(ctx, req.operationId);
  requireRecipient(src.operation, req.agencyId, 'agencyId');
  const now = ctx.now();
  const model = buildReportModel(src, { recipientAgencyId: req.agencyId, generatedAt: now });
  const bytes = await renderReportPdf(model, { lang: req.lang });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const code = req.agencyId === null ? null : agencyCode(src.agencies, req.agencyId);
  try {
    recordAudit(ctx, {
      action: currentAuditScope()?.action ?? 'exports.report',
      operationId: req.operationId,
      affected: [req.operationId],
      detail: `report for ${code ?? 'all'} (${req.lang}), ${bytes.length} bytes, sha256 ${sha256}`,
    });
  } catch {
    // A store that cannot be written (damaged, read-only, locked for writes) still reports.
  }
  return {
    exportId: sha256.slice(0, 16),
    fileName: exportFileName({
      codeName: src.operation.codeName, agencyCode: code, at: now, timeZone: src.operation.timeZone,
      kind: 'report', details: [req.lang], ext: 'pdf',
    }),
    mimeType: 'application/pdf',
    bytes,
    sha256,
  };
}
