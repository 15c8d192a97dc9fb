import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, openDatabaseFile } from '../../../electron/db/connection.js';
import { loadMigrations, migrate } from '../../../electron/db/migrate.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const dir = tempDataDir('spilno-mig-stats-index-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration: the statistics read tasks from an index', () => {
  it('replaces tasks(operation_id, deleted) by an index the statistics queries read alone', () => {
    const all = loadMigrations();
    const step = all.find((m) => m.name.includes('-task-statistics-index'))!;
    const file = databasePath(dir);
    const db = openDatabaseFile(file, { skipMigrations: true });
    migrate(db, file, all.slice(0, step.version - 1));
    const indexes = () => db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tasks'`).pluck().all();
    expect(indexes()).toContain('tasks_operation');
    migrate(db, file, all.slice(0, step.version));
    expect(indexes()).toContain('tasks_statistics');
    expect(indexes()).not.toContain('tasks_operation');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ from: '', to: '~' }) as { detail: string }[]).map((r) => r.detail).join('\n');
    // The statistics' task count (stats.repo.ts) and a plan's task list both use it.
    expect(plan(`SELECT t.status, t.accountable_agency_id, count(*) FROM operations o JOIN tasks t ON t.operation_id = o.id AND t.deleted = 0
                 WHERE o.deleted = 0 AND o.starts_at >= @from AND o.starts_at < @to GROUP BY t.status, t.accountable_agency_id`))
      .toMatch(/USING COVERING INDEX tasks_statistics/);
    expect(plan(`SELECT * FROM tasks WHERE operation_id = @from AND deleted = 0`)).toMatch(/USING INDEX tasks_statistics/);
    db.close();
  });
});
