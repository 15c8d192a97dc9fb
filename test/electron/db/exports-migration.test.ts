import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, openDatabaseFile } from '../../../electron/db/connection.js';
import { loadMigrations, migrate } from '../../../electron/db/migrate.js';
import { insertExportLog, listExportLog, type ExportLogRow } from '../../../electron/db/repos/exports.repo.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const dir = tempDataDir('spilno-mig5-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0005 (export log)', () => {
  it('adds the export log on top of v4; rows need a real operation and a known kind', () => {
    const all = loadMigrations();
    const five = all.find((m) => m.name.startsWith('0005-'))!;
    const file = databasePath(dir);
    const db = openDatabaseFile(file, { skipMigrations: true });
    migrate(db, file, all.slice(0, five.version - 1));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'export_log'").get()).toBeUndefined();
    migrate(db, file, all.slice(0, five.version));
    const row: ExportLogRow = {
      id: 'e1', operationId: 'missing-op', kind: 'briefing', recipientAgencyId: null, scope: 'operation', lang: 'uk',
      siteId: 's', siteAgencyId: 'DMS', siteUnitName: '', createdAt: '2026-11-28T00:00:00.000Z',
      sha256: 'ab', byteSize: 1, encryptedTo: 0,
    };
    expect(() => insertExportLog(db, row)).toThrow(/FOREIGN KEY/);
    db.prepare(`INSERT INTO agencies (id, code, name_uk, name_en, kind, color) VALUES ('DMS', 'DMS', 'Митниця', 'Customs', 'customs', '#000000')`).run();
    db.prepare(`INSERT INTO operations (id, code_name, type, handling_code, form, formality, lead_agency_id, starts_at, ends_at, time_zone, created_at, updated_at)
                VALUES ('op1', 'X', 'seizure', 'H2', 'coordination', 'informal', 'DMS', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z',
                        'Europe/Kyiv', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`).run();
    insertExportLog(db, { ...row, operationId: 'op1' });
    expect(listExportLog(db, 'op1', 10)).toEqual([{ ...row, operationId: 'op1' }]);
    expect(() => insertExportLog(db, { ...row, id: 'e2', operationId: 'op1', kind: 'other' as ExportLogRow['kind'] })).toThrow(/CHECK/);
    db.close();
  });
});
