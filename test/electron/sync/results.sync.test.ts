/**
 * Consignments, results, evidence custody and live execution across three units (issue 17): the
 * police (lead), customs and the border guard record concurrently on three real database files
 * and exchange bundles in rounds; every unit ends with the same synced tables byte for byte and
 * nothing quarantined. A unit may not record the actuals of another agency's task.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { TaskDraft } from '../../../shared/domain/task.js';
import {
  ConsignmentDraft, CustodyDraft, DetentionDraft, EvidenceDraft, ProtocolDraft, SeizureDraft,
} from '../../../shared/domain/results.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { agree } from '../../../electron/services/legal.js';
import { addActivity, getExecution, recordActual } from '../../../electron/services/execution.js';
import { changeOperationStatus } from '../../../electron/services/operations.js';
import {
  addConsignment, addDetention, addEvidence, addProtocol, addSeizure, getCustodyChains, getResults, recordCustody, setOutcome,
} from '../../../electron/services/results.js';
import { createTask } from '../../../electron/services/tasks.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { newOperation, openUnit, send, trustAll, withIdentity, type Unit } from './sync-helpers.js';

const dirs: string[] = [];
const RESULT_TABLES = [
  'consignments', 'seizures', 'evidence_items', 'custody_transfers', 'detentions', 'violation_protocols',
  'operation_outcomes', 'activity_log',
];
/** The rows of `tables` in key order: what must be the same on every unit that sees them. */
function dumpTables(u: Unit, tables: readonly string[]): string {
  return JSON.stringify(tables.map((t) => u.ctx.db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()));
}
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

async function exchange(units: readonly Unit[], dir: string): Promise<void> {
  // One bundle per recipient: a bundle for several carries only what all of them may see.
  for (const from of units) {
    for (const to of units.filter((u) => u !== from)) {
      const { file } = await send(from, [to], dir);
      const r = await importBundle(to.ctx, { path: file });
      expect(r.quarantined, `${from.agencyId} → ${to.agencyId}`).toEqual([]);
    }
  }
}

describe('results and execution over bundles', () => {
  it('three units converge on consignments, actuals, the unit log, seizures, evidence custody, detentions and protocols', async () => {
    const units = await Promise.all(['NPU', 'DMS', 'DPSU'].map(async (ag) => withIdentity(openUnit(ag))));
    const [npu, dms, dpsu] = units as [Unit, Unit, Unit];
    const dir = tempDataDir('spilno-results-sync-');
    dirs.push(dir);
    try {
      trustAll(units);
      const op = newOperation(npu.ctx, { participatingAgencyIds: ['DMS', 'DPSU'] });
      const task = (title: string, agency: string, from: number, to: number) => createTask(npu.ctx, TaskDraft.parse({
        operationId: op.id, title, type: 'escort', accountableAgencyId: agency,
        startsAt: `2026-12-05T${String(from).padStart(2, '0')}:00:00Z`, endsAt: `2026-12-05T${String(to).padStart(2, '0')}:00:00Z`,
      }));
      const tPolice = task('Супровід', 'NPU', 8, 10);
      const tCustoms = task('Митний огляд', 'DMS', 9, 11);
      changeOperationStatus(npu.ctx, { id: op.id, to: 'planned' });
      await exchange(units, dir);
      agree(dms.ctx, { operationId: op.id, signedBy: 'Начальник митниці', note: '' });
      agree(dpsu.ctx, { operationId: op.id, signedBy: 'Начальник загону', note: '' });
      await exchange(units, dir);
      changeOperationStatus(npu.ctx, { id: op.id, to: 'approved', approvedBy: 'Начальник ГУНП' });
      changeOperationStatus(npu.ctx, { id: op.id, to: 'briefed' });
      changeOperationStatus(npu.ctx, { id: op.id, to: 'active' });
      await exchange(units, dir);

      // Concurrently, before any exchange.
      recordActual(npu.ctx, 'start', { taskId: tPolice.id, at: '2026-12-05T08:10:00Z' });
      addActivity(npu.ctx, { operationId: op.id, unit: 'Група супроводу', entry: 'Вантаж під контролем', taskId: tPolice.id, at: '2026-12-05T08:15:00Z' });
      addConsignment(npu.ctx, ConsignmentDraft.parse({ operationId: op.id, commodity: 'Сигарети', containerNumber: 'CSQU3054383', truckPlate: 'AC1234XT' }));
      const seizure = addSeizure(npu.ctx, SeizureDraft.parse({
        operationId: op.id, category: 'tobacco', description: 'Сигарети', quantity: 500000, quantityUnit: 'шт', estimatedValue: 1250000,
        seizedAt: '2026-12-05T12:00:00Z', seizedByAgencyId: 'NPU',
      }));
      const item = addEvidence(npu.ctx, EvidenceDraft.parse({
        operationId: op.id, seizureId: seizure.id, description: 'Зразки', sealNumber: 'PSP 1', packedAt: '2026-12-05T12:30:00Z',
        packedBy: 'Слідчий Мороз', packedByAgencyId: 'NPU',
      }));

      recordActual(dms.ctx, 'start', { taskId: tCustoms.id, at: '2026-12-05T09:20:00Z' });
      recordActual(dms.ctx, 'finish', { taskId: tCustoms.id, at: '2026-12-05T10:40:00Z' });
      addActivity(dms.ctx, { operationId: op.id, unit: 'Митний пост', entry: 'Огляд завершено, пломба ціла', taskId: tCustoms.id, at: '2026-12-05T10:41:00Z' });
      addProtocol(dms.ctx, ProtocolDraft.parse({ operationId: op.id, number: '0001/20500/26', drawnOn: '2026-12-05', drawnByAgencyId: 'DMS', article: 'ст. 483 МК України' }));
      // Customs may not record the police's task.
      expect(() => recordActual(dms.ctx, 'start', { taskId: tPolice.id })).toThrow();

      addActivity(dpsu.ctx, { operationId: op.id, unit: 'Зміна прикордонних нарядів', entry: 'Перетин кордону о 08:05', taskId: null, at: '2026-12-05T08:05:00Z' });
      addDetention(dpsu.ctx, DetentionDraft.parse({
        operationId: op.id, basis: 'admin_other', fullName: 'Nowak Tomasz', citizenship: 'PL', passport: 'EN4471920',
        detainedAt: '2026-12-05T08:30:00Z', detainedBy: 'майор Гнатюк', detainedByAgencyId: 'DPSU',
      }));

      await exchange(units, dir);
      // Custody recorded by customs after the item reached it; lessons by the lead.
      recordCustody(dms.ctx, CustodyDraft.parse({
        operationId: op.id, evidenceId: item.id, fromPerson: 'Слідчий Мороз', toPerson: 'Спеціаліст митниці', toAgencyId: 'DMS',
        at: '2026-12-05T14:00:00Z', sealNumber: 'PSP 1',
      }));
      setOutcome(npu.ctx, { operationId: op.id, outcome: 'achieved', lessons: 'Раніше залучати перекладача' });
      recordActual(npu.ctx, 'finish', { taskId: tPolice.id, at: '2026-12-05T10:30:00Z' });
      await exchange(units, dir);
      await exchange(units, dir);

      // Every agency taking part sees the results, the log and the outcome: the same rows
      // everywhere. A task's actuals go where the task goes (customs sees its own task's).
      const dumps = units.map((u) => dumpTables(u, RESULT_TABLES));
      expect(dumps[1]).toBe(dumps[0]);
      expect(dumps[2]).toBe(dumps[0]);
      const actuals = (u: Unit) => u.ctx.db.prepare('SELECT * FROM task_actuals ORDER BY id').all() as { id: string }[];
      expect(actuals(npu).map((r) => r.id).sort()).toEqual([tPolice.id, tCustoms.id].sort());
      expect(actuals(dms)).toEqual(actuals(npu).filter((r) => r.id === tCustoms.id));
      expect(actuals(dpsu)).toEqual([]);
      for (const u of units) {
        const r = getResults(u.ctx, op.id);
        expect([r.consignments.length, r.seizures.length, r.evidence.length, r.custody.length, r.detentions.length, r.protocols.length]).toEqual([1, 1, 1, 1, 1, 1]);
        expect(r.outcome).toMatchObject({ outcome: 'achieved' });
        expect(getCustodyChains(u.ctx, op.id)[0]!.holder).toBe('Спеціаліст митниці');
        const ex = getExecution(u.ctx, op.id);
        expect(ex.log.map((l) => l.agencyId)).toEqual(['DPSU', 'NPU', 'DMS']);
        // Plan against actual over the tasks each unit sees: the lead both, customs its own.
        expect(ex.planVsActual.counts.finished).toBe(u === npu ? 2 : u === dms ? 1 : 0);
      }
    } finally {
      for (const u of units) u.cleanup();
    }
  });
});
