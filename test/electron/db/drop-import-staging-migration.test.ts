import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, openDatabaseFile } from '../../../electron/db/connection.js';
import { loadMigrations, migrate } from '../../../electron/db/migrate.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const dir = tempDataDir('spilno-mig-staging-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration: imports stop staging lines in the store', () => {
  it('drops the staging tables with what a crashed import left in them, and keeps the apply pass table', () => {
    const all = loadMigrations();
    const step = all.find((m) => m.name.includes('-drop-import-staging'))!;
    const file = databasePath(dir);
    const db = openDatabaseFile(file, { skipMigrations: true });
    migrate(db, file, all.slice(0, step.version - 1));
    db.prepare(`INSERT INTO sync_staging_runs (import_id, started_at) VALUES ('i1', '2026-11-01T00:00:00.000Z')`).run();
    db.prepare(`INSERT INTO sync_staging (import_id, line) VALUES ('i1', '{"hlc":"x"}')`).run();
    migrate(db, file, all.slice(0, step.version));
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all();
    expect(tables).not.toContain('sync_staging');
    expect(tables).not.toContain('sync_staging_runs');
    expect(tables).toContain('sync_apply_rows');
    db.close();
  });
});
