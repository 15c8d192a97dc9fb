/**
 * Migration 0012 (the legal spine) from a v11 database as the previous Spilno left it: an
 * existing operation keeps working (marked «ДСК», not approved by name, no proceeding yet, and
 * its conflicts still scan), the renamed power follows, customs and the police gain the powers
 * the law gives them where the seeded list is unchanged, and a user's own list keeps its choice.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, openDatabaseFile } from '../../../electron/db/connection.js';
import { loadMigrations, migrate } from '../../../electron/db/migrate.js';
import { listAgencies } from '../../../electron/db/repos/agencies.repo.js';
import { legalSpineOf } from '../../../electron/db/repos/legal.repo.js';
import { getOperation } from '../../../electron/db/repos/operations.repo.js';
import { Operation } from '../../../shared/domain/operation.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const dir = tempDataDir('spilno-mig12-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0012 (legal spine)', () => {
  it('keeps existing operations readable and valid, and updates seeded powers', () => {
    const all = loadMigrations();
    const eleven = all.find((m) => m.name.startsWith('0012-'))!;
    const file = databasePath(dir);
    const db = openDatabaseFile(file, { skipMigrations: true });
    migrate(db, file, all.slice(0, eleven.version - 1));
    const agency = db.prepare('INSERT INTO agencies (id, code, name_uk, name_en, kind, color, powers) VALUES (?, ?, ?, ?, ?, ?, ?)');
    agency.run('DMS', 'DMS', 'Державна митна служба України', 'State Customs Service of Ukraine', 'customs', '#1f5fbf', '["customs_control","customs_expertise"]');
    agency.run('NPU', 'NPU', 'Національна поліція України', 'National Police of Ukraine', 'police', '#2e7d32', '["criminal_procedure"]');
    agency.run('DPSU', 'DPSU', 'Державна прикордонна служба України', 'State Border Guard Service of Ukraine', 'border', '#00796b', '["border_control","border_admin_detention"]');
    agency.run('XBOR', 'XBOR', 'Орган, доданий користувачем', 'User-added body', 'border', '#000000', '["border_admin_detention"]');
    db.prepare(`INSERT INTO operations (id, code_name, type, status, handling_code, form, formality, legal_basis, lead_agency_id,
      starts_at, ends_at, time_zone, created_at, updated_at) VALUES ('op1', 'ЯНТАР', 'controlled_delivery', 'approved', 'H2',
      'coordination', 'formal', 'КПК ст. 271', 'NPU', '2026-12-05T06:00:00.000Z', '2026-12-06T06:00:00.000Z', 'Europe/Kyiv',
      '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`).run();

    migrate(db, file, all.slice(0, eleven.version));
    const op = getOperation(db, 'op1')!;
    expect(op).toMatchObject({ status: 'approved', marking: 'dsk', classifiedFileRef: '', approvedBy: '', approvedAt: null });
    expect(Operation.safeParse(op).success).toBe(true);
    expect(legalSpineOf(db, 'op1')).toEqual({ proceedings: [], roles: [], decisions: [], agreements: [], international: [] });
    const powers = new Map(listAgencies(db).map((a) => [a.id, a.powers]));
    expect(powers.get('DMS')).toEqual(['customs_control', 'customs_expertise', 'customs_violation_case', 'admin_detention']);
    expect(powers.get('NPU')).toEqual(['criminal_procedure', 'admin_detention']);
    expect(powers.get('DPSU')).toEqual(['border_control', 'admin_detention']);
    expect(powers.get('XBOR')).toEqual(['admin_detention']);
    db.close();
  });
});
