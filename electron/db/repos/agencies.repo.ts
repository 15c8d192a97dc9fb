/** Agencies: reference data seeded on first run, then edited like any synced row. */
import type { Agency } from '../../../shared/domain/directory.js';
import type { Db } from '../connection.js';
import { insertEntityRow, decodeEntityRow } from './entity.repo.js';
import { stmt } from '../statements.js';

function toAgency(row: Record<string, unknown>): Agency {
  return { id: String(row.id), ...decodeEntityRow('agency', row) } as Agency;
}

export function listAgencies(db: Db): Agency[] {
  return (stmt(db, 'SELECT * FROM agencies WHERE deleted = 0 ORDER BY rowid').all() as Record<string, unknown>[])
    .map(toAgency);
}

export function getAgency(db: Db, id: string): Agency | null {
  const row = stmt(db, 'SELECT * FROM agencies WHERE id = @id AND deleted = 0').get({ id }) as
    | Record<string, unknown>
    | undefined;
  return row ? toAgency(row) : null;
}

export function countAgencies(db: Db): number {
  return (stmt(db, 'SELECT count(*) AS n FROM agencies').get() as { n: number }).n;
}

/** Seeding writes rows without change records: every site seeds the same ids itself. */
export function seedAgencies(db: Db, agencies: readonly Agency[], at: string): void {
  for (const a of agencies) {
    const { id, ...fields } = a;
    insertEntityRow(db, 'agency', [id], fields, at);
  }
}
