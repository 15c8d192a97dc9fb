import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, openDatabaseFile } from '../../../electron/db/connection.js';
import { loadMigrations, migrate } from '../../../electron/db/migrate.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const dir = tempDataDir('spilno-mig9-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0009 (quarantine by change identity)', () => {
  it('folds the rows every bundle added again into one per change, held for judging again (unreadable ones stay refused)', () => {
    const all = loadMigrations();
    const nine = all.find((m) => m.name.startsWith('0009-quarantine'))!;
    const file = databasePath(dir);
    const db = openDatabaseFile(file, { skipMigrations: true });
    migrate(db, file, all.slice(0, nine.version - 1));
    const insert = db.prepare('INSERT INTO sync_quarantine (bundle_id, sender_site_id, change, reason, at) VALUES (?, ?, ?, ?, ?)');
    const person = JSON.stringify({ hlc: '000001764000000000-000000-aaaa', siteId: 'aaaa', entity: 'person', rowId: 'p1', field: 'fullName', value: '"Бондар"', operationId: null });
    const unit = JSON.stringify({ hlc: '000001764000000000-000000-aaaa', siteId: 'aaaa', entity: 'unit', rowId: 'u1', field: 'name', value: '"ГУНП"', operationId: null });
    // The same two changes brought by three bundles, and one line that was not even JSON.
    ['b1', 'b2', 'b3'].forEach((b, i) => {
      insert.run(b, 'aaaa', person, 'person of agency NPU changed by agency DMS', `2026-11-2${i}T10:00:00.000Z`);
      insert.run(b, 'aaaa', unit, 'unit of agency NPU changed by agency DMS', `2026-11-2${i}T10:00:00.000Z`);
    });
    insert.run('b1', 'aaaa', '"not a change', 'malformed change record', '2026-11-20T10:00:00.000Z');
    expect(db.prepare('SELECT count(*) FROM sync_quarantine').pluck().get()).toBe(7);

    migrate(db, file, all.slice(0, nine.version));
    const rows = db.prepare('SELECT change_key, entity, row_id, waiting, waits_entity, waits_row, seen, at, last_at FROM sync_quarantine ORDER BY change_key').all();
    expect(rows).toEqual([
      { change_key: '000001764000000000-000000-aaaa\u001fperson\u001fp1\u001ffullName', entity: 'person', row_id: 'p1', waiting: 1, waits_entity: 'person', waits_row: 'p1', seen: 3, at: '2026-11-20T10:00:00.000Z', last_at: '2026-11-22T10:00:00.000Z' },
      { change_key: '000001764000000000-000000-aaaa\u001funit\u001fu1\u001fname', entity: 'unit', row_id: 'u1', waiting: 1, waits_entity: 'unit', waits_row: 'u1', seen: 3, at: '2026-11-20T10:00:00.000Z', last_at: '2026-11-22T10:00:00.000Z' },
      { change_key: 'raw:"not a change', entity: '', row_id: '', waiting: 0, waits_entity: '', waits_row: '', seen: 1, at: '2026-11-20T10:00:00.000Z', last_at: '2026-11-20T10:00:00.000Z' },
    ]);
    // A change brought again is one row still.
    expect(() => db.prepare("INSERT INTO sync_quarantine (change_key, change, reason, bundle_id, sender_site_id, at, last_at) VALUES (?, '', '', 'b4', 'aaaa', '', '')")
      .run('000001764000000000-000000-aaaa\u001fperson\u001fp1\u001ffullName')).toThrow(/UNIQUE/);
    db.close();
  });
});
