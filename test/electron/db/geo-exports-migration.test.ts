import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, openDatabaseFile } from '../../../electron/db/connection.js';
import { loadMigrations, migrate } from '../../../electron/db/migrate.js';
import { insertExportLog, listExportLog, type ExportLogRow } from '../../../electron/db/repos/exports.repo.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const dir = tempDataDir('spilno-mig10-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0010 (geo exports in the export log)', () => {
  it('keeps the rows logged before it, then accepts GeoJSON, KML and TAK exports and still refuses unknown kinds', () => {
    const all = loadMigrations();
    const ten = all.find((m) => m.name.startsWith('0010-'))!;
    const file = databasePath(dir);
    const db = openDatabaseFile(file, { skipMigrations: true });
    migrate(db, file, all.slice(0, ten.version - 1));
    db.prepare(`INSERT INTO agencies (id, code, name_uk, name_en, kind, color) VALUES ('DMS', 'DMS', 'Митниця', 'Customs', 'customs', '#000000')`).run();
    db.prepare(`INSERT INTO operations (id, code_name, type, handling_code, form, formality, lead_agency_id, starts_at, ends_at, time_zone, created_at, updated_at)
                VALUES ('op1', 'X', 'seizure', 'H2', 'coordination', 'informal', 'DMS', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z',
                        'Europe/Kyiv', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`).run();
    const row: ExportLogRow = {
      id: 'e1', operationId: 'op1', kind: 'briefing', recipientAgencyId: 'DMS', scope: 'agency:DMS', lang: 'uk',
      siteId: 's', siteAgencyId: 'DMS', siteUnitName: 'Пост', createdAt: '2026-11-28T00:00:00.000Z',
      sha256: 'ab', byteSize: 10, encryptedTo: 2,
    };
    insertExportLog(db, row);
    expect(() => insertExportLog(db, { ...row, id: 'e0', kind: 'tak' })).toThrow(/CHECK/);

    migrate(db, file, all.slice(0, ten.version));
    expect(listExportLog(db, 'op1', 10)).toEqual([row]);
    for (const kind of ['geojson', 'kml', 'tak'] as const) insertExportLog(db, { ...row, id: `g-${kind}`, kind, createdAt: `2026-11-29T00:00:0${kind.length}.000Z` });
    expect(listExportLog(db, 'op1', 10).map((r) => r.kind).sort()).toEqual(['briefing', 'geojson', 'kml', 'tak']);
    expect(() => insertExportLog(db, { ...row, id: 'e2', kind: 'shp' as ExportLogRow['kind'] })).toThrow(/CHECK/);
    expect(() => insertExportLog(db, { ...row, id: 'e3', operationId: 'missing' })).toThrow(/FOREIGN KEY/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'export_log_by_operation'").get()).toBeDefined();
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
