import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, openDatabaseFile } from '../../../electron/db/connection.js';
import { loadMigrations, migrate } from '../../../electron/db/migrate.js';
import { listLatestOverrides } from '../../../electron/db/repos/conflicts.repo.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const dir = tempDataDir('spilno-mig-override-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0013 (who accepted an override)', () => {
  it('keeps an older override, which reads with no operator', () => {
    const all = loadMigrations();
    const step = all.find((m) => m.name.startsWith('0013-'))!;
    const file = databasePath(dir);
    const db = openDatabaseFile(file, { skipMigrations: true });
    migrate(db, file, all.slice(0, step.version - 1));
    db.prepare(`INSERT INTO conflict_overrides (id, conflict_key, rule, operation_id, task_ids, action, reason, site_id, agency_id, unit_name, created_at)
                VALUES ('o1', 'k1', 'double_booking', NULL, '[]', 'tasks.create', 'Свідомо', 'site1', 'DMS', 'Пост', '2026-11-01T00:00:00.000Z')`).run();
    migrate(db, file, all.slice(0, step.version));
    expect(listLatestOverrides(db)).toEqual([expect.objectContaining({ id: 'o1', reason: 'Свідомо', operator: '' })]);
    db.close();
  });
});
