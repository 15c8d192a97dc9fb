/**
 * Migration 0014 (consignments, results, live execution) from a v13 database as the previous
 * Spilno left it: an existing operation and its proceeding keep working, with no results yet,
 * the proceeding read as the operation's basis, and the new tables take rows.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, openDatabaseFile } from '../../../electron/db/connection.js';
import { loadMigrations, migrate } from '../../../electron/db/migrate.js';
import { legalSpineOf } from '../../../electron/db/repos/legal.repo.js';
import { getOperation } from '../../../electron/db/repos/operations.repo.js';
import {
  listActivityLog, listOutcomeFacts, listSeizureFacts, listTaskActuals, operationResultsOf,
} from '../../../electron/db/repos/results.repo.js';
import { Proceeding } from '../../../shared/domain/legal.js';
import { Operation } from '../../../shared/domain/operation.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const dir = tempDataDir('spilno-mig14-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0014 (results and execution)', () => {
  it('keeps existing operations and proceedings, with empty results', () => {
    const all = loadMigrations();
    const target = all.find((m) => m.name.startsWith('0014-'))!;
    const file = databasePath(dir);
    const db = openDatabaseFile(file, { skipMigrations: true });
    migrate(db, file, all.slice(0, target.version - 1));
    const agency = db.prepare('INSERT INTO agencies (id, code, name_uk, name_en, kind, color, powers) VALUES (?, ?, ?, ?, ?, ?, ?)');
    agency.run('NPU', 'NPU', 'Національна поліція України', 'National Police of Ukraine', 'police', '#2e7d32', '["criminal_procedure"]');
    agency.run('DMS', 'DMS', 'Державна митна служба України', 'State Customs Service of Ukraine', 'customs', '#1f5fbf', '["customs_control"]');
    db.prepare(`INSERT INTO operations (id, code_name, type, status, handling_code, form, formality, legal_basis, lead_agency_id,
      starts_at, ends_at, time_zone, created_at, updated_at) VALUES ('op1', 'ЯНТАР', 'controlled_delivery', 'active', 'H2',
      'coordination', 'formal', 'КПК ст. 271', 'NPU', '2026-12-05T06:00:00.000Z', '2026-12-06T06:00:00.000Z', 'Europe/Kyiv',
      '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`).run();
    db.prepare(`INSERT INTO proceedings (id, operation_id, erdr_number, registered_on, qualification, investigating_agency_id)
      VALUES ('p1', 'op1', '12026000000000123', '2026-11-20', 'ч. 1 ст. 305 КК України', 'NPU')`).run();

    migrate(db, file, all.slice(0, target.version));
    const op = getOperation(db, 'op1')!;
    expect(Operation.safeParse(op).success).toBe(true);
    const [p] = legalSpineOf(db, 'op1').proceedings;
    expect(p).toMatchObject({ id: 'p1', result: '' });
    expect(Proceeding.safeParse(p).success).toBe(true);
    expect(operationResultsOf(db, 'op1')).toEqual({
      consignments: [], seizures: [], evidence: [], custody: [], detentions: [], protocols: [], outcome: null,
    });
    expect(listTaskActuals(db, 'op1')).toEqual([]);
    expect(listActivityLog(db, 'op1')).toEqual([]);
    expect(listSeizureFacts(db)).toEqual([]);
    expect(listOutcomeFacts(db)).toEqual([]);

    db.prepare(`INSERT INTO seizures (id, operation_id, category, description, quantity, quantity_unit, estimated_value, seized_at, seized_by_agency_id)
      VALUES ('s1', 'op1', 'tobacco', 'Сигарети', 250000.5, 'шт', 1875000.25, '2026-12-05T09:00:00.000Z', 'DMS')`).run();
    expect(listSeizureFacts(db)).toEqual([{
      operationId: 'op1', category: 'tobacco', estimatedValue: 1875000.25, currency: 'UAH', seizedAt: '2026-12-05T09:00:00.000Z', seizedByAgencyId: 'DMS',
    }]);
    expect(operationResultsOf(db, 'op1').seizures[0]).toMatchObject({ quantity: 250000.5, consignmentId: null, proceedingId: null });
    db.close();
  });
});
