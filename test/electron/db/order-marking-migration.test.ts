/**
 * Migration 0011 (order paragraphs, marking, need-to-know fields) from a v9 database as the
 * previous Spilno left it: an existing operation reads on with every new field empty, its comms
 * entries (stored without function, encryption, assignment) read with those empty, it still
 * parses as an operation, and its briefing pack prints as the file copy with «ПРОЄКТ».
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, openDatabaseFile } from '../../../electron/db/connection.js';
import { loadMigrations, migrate } from '../../../electron/db/migrate.js';
import { getOperation } from '../../../electron/db/repos/operations.repo.js';
import { distributionOf } from '../../../shared/domain/distribution.js';
import { Operation } from '../../../shared/domain/operation.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const dir = tempDataDir('spilno-mig10-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0011 (order and marking)', () => {
  it('keeps an existing operation readable, with the new fields empty and old comms entries completed', () => {
    const all = loadMigrations();
    const ten = all.find((m) => m.name.startsWith('0011-'))!;
    const file = databasePath(dir);
    const db = openDatabaseFile(file, { skipMigrations: true });
    migrate(db, file, all.slice(0, ten.version - 1));
    db.prepare(`INSERT INTO agencies (id, code, name_uk, name_en, kind, color) VALUES ('DMS', 'DMS', 'Митниця', 'Customs', 'customs', '#000000')`).run();
    db.prepare(`INSERT INTO agencies (id, code, name_uk, name_en, kind, color) VALUES ('NPU', 'NPU', 'Поліція', 'Police', 'police', '#000000')`).run();
    const comms = JSON.stringify([{ id: 'c1', channel: 'ТЕТРА', frequencyOrTalkGroup: 'TG 4417', callsign: 'Штаб', agencyId: 'DMS', phone: '', notes: 'Основний' }]);
    db.prepare(`INSERT INTO operations (id, code_name, type, handling_code, form, formality, legal_basis, lead_agency_id, starts_at, ends_at, time_zone, comms, created_at, updated_at)
                VALUES ('op1', 'ЯНТАР', 'controlled_delivery', 'H2', 'coordination', 'formal', 'КПК ст. 271', 'DMS', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z',
                        'Europe/Kyiv', @comms, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`).run({ comms });
    db.prepare(`INSERT INTO operation_agencies (operation_id, agency_id) VALUES ('op1', 'NPU')`).run();

    migrate(db, file, all.slice(0, ten.version));
    const op = getOperation(db, 'op1')!;
    expect(Operation.safeParse(op).success).toBe(true);
    expect(op).toMatchObject({
      codeName: 'ЯНТАР', commandHead: '', goNoGoCriteria: '', codeWords: [], medical: '', registrationNumber: '',
      restrictedListItem: '', distribution: [], restrictedSources: '', restrictedDetails: '',
    });
    expect(op.comms).toEqual([{ id: 'c1', channel: 'ТЕТРА', frequencyOrTalkGroup: 'TG 4417', callsign: 'Штаб', agencyId: 'DMS', phone: '', notes: 'Основний', function: '', encryption: '', assignment: '' }]);
    // No list yet: the default one (the file copy, then each agency, lead first).
    expect(distributionOf(op).map((c) => [c.number, c.agencyId])).toEqual([[1, null], [2, 'DMS'], [3, 'NPU']]);
    db.close();
  });
});
