/** Reads of the exchange log. Writes go through entity.repo. */
import type { ExchangeEntry } from '../../../shared/domain/exchange.js';
import type { Db } from '../connection.js';
import { stmt } from '../statements.js';
import { decodeEntityRow } from './entity.repo.js';

type Row = Record<string, unknown>;
const toEntry = (r: Row) => ({ id: String(r.id), ...decodeEntityRow('exchange', r) }) as ExchangeEntry;

export function getExchangeEntry(db: Db, id: string): ExchangeEntry | null {
  const r = stmt(db, 'SELECT * FROM exchange_entries WHERE id = @id AND deleted = 0').get({ id }) as Row | undefined;
  return r ? toEntry(r) : null;
}

/** One operation's entries go through the operation index (every task save asks for them);
 *  the optional-filter form `(@x IS NULL OR …)` would make SQLite scan the whole log. */
export function listExchangeEntries(
  db: Db,
  p: { operationId: string | null; agencyId: string | null; kindsJson: string },
): ExchangeEntry[] {
  const rows = p.operationId === null
    ? stmt(
      db,
      `SELECT * FROM exchange_entries
        WHERE deleted = 0
          AND (@agencyId IS NULL OR from_agency_id = @agencyId OR to_agency_id = @agencyId)
          AND (@kindsJson = '[]' OR kind IN (SELECT value FROM json_each(@kindsJson)))
        ORDER BY coalesce(due_at, sent_at, created_at) DESC, id`,
    ).all({ agencyId: p.agencyId, kindsJson: p.kindsJson })
    : stmt(
      db,
      `SELECT * FROM exchange_entries
        WHERE operation_id = @operationId AND deleted = 0
          AND (@agencyId IS NULL OR from_agency_id = @agencyId OR to_agency_id = @agencyId)
          AND (@kindsJson = '[]' OR kind IN (SELECT value FROM json_each(@kindsJson)))
        ORDER BY coalesce(due_at, sent_at, created_at) DESC, id`,
    ).all(p);
  return (rows as Row[]).map(toEntry);
}
