/** Reads of units, people and resources. Writes go through entity.repo. */
import type { Person, Resource, Unit } from '../../../shared/domain/directory.js';
import type { Db } from '../connection.js';
import { stmt } from '../statements.js';
import { normalizeClearance } from '../../../shared/domain/enums.js';
import { decodeEntityRow } from './entity.repo.js';

type Row = Record<string, unknown>;

const toUnit = (r: Row) => ({ id: String(r.id), ...decodeEntityRow('unit', r) }) as Unit;
/** A clearance an older peer synced in the old terms («dsk») reads as what it meant. */
const toPerson = (r: Row) => {
  const p = { id: String(r.id), ...decodeEntityRow('person', r) } as Person;
  return { ...p, clearance: normalizeClearance(p.clearance) as Person['clearance'] };
};
const toResource = (r: Row) => ({ id: String(r.id), ...decodeEntityRow('resource', r) }) as Resource;

export function listUnits(db: Db, agencyId: string | null): Unit[] {
  return (stmt(db, `SELECT * FROM units WHERE deleted = 0 AND (@agencyId IS NULL OR agency_id = @agencyId)
                    ORDER BY agency_id, name`).all({ agencyId }) as Row[]).map(toUnit);
}
export function getUnit(db: Db, id: string): Unit | null {
  const r = stmt(db, 'SELECT * FROM units WHERE id = @id AND deleted = 0').get({ id }) as Row | undefined;
  return r ? toUnit(r) : null;
}

export function listPeople(db: Db, agencyId: string | null): Person[] {
  return (stmt(db, `SELECT * FROM people WHERE deleted = 0 AND (@agencyId IS NULL OR agency_id = @agencyId)
                    ORDER BY agency_id, full_name`).all({ agencyId }) as Row[]).map(toPerson);
}
export function getPerson(db: Db, id: string): Person | null {
  const r = stmt(db, 'SELECT * FROM people WHERE id = @id AND deleted = 0').get({ id }) as Row | undefined;
  return r ? toPerson(r) : null;
}

export function listResources(db: Db, agencyId: string | null): Resource[] {
  return (stmt(db, `SELECT * FROM resources WHERE deleted = 0 AND (@agencyId IS NULL OR agency_id = @agencyId)
                    ORDER BY agency_id, name`).all({ agencyId }) as Row[]).map(toResource);
}
export function getResource(db: Db, id: string): Resource | null {
  const r = stmt(db, 'SELECT * FROM resources WHERE id = @id AND deleted = 0').get({ id }) as Row | undefined;
  return r ? toResource(r) : null;
}
