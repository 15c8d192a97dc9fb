/**
 * Directory service: agencies and their procedural powers, units, people, resources. A unit,
 * person or resource is created as a record of this unit's agency (`_owner`), whichever agency
 * it belongs to: planners record other agencies' officers to assign them, and the record is
 * theirs to keep and change (shared/sync/rights.ts).
 */
import { randomUUID } from 'node:crypto';

import type {
  Agency, Person, Resource, Unit,
} from '../../shared/domain/directory.js';
import type { ProceduralPower } from '../../shared/domain/enums.js';
import { OWNER_FIELD, type SyncedEntity } from '../../shared/sync/change.js';
import { ENTITIES } from '../db/entities.js';
import { getAgency, listAgencies } from '../db/repos/agencies.repo.js';
import {
  getPerson, getResource, getUnit, listPeople as listPeopleRows, listResources as listResourceRows, listUnits as listUnitRows,
} from '../db/repos/directory.repo.js';
import { compareText } from '../../shared/i18n/collation.js';
import type { Db } from '../db/connection.js';
import { changedFields } from './change-writer.js';
import { transact, type ServiceContext } from './context.js';
import { invalidField, notFound, requireAgency } from './guards.js';

export { listAgencies };

/** Within each agency (in the store's order), by name in Ukrainian alphabetical order. */
function byAgencyThenName<T extends { agencyId: string }>(rows: readonly T[], name: (r: T) => string): T[] {
  const agencyOrder = new Map<string, number>();
  for (const r of rows) if (!agencyOrder.has(r.agencyId)) agencyOrder.set(r.agencyId, agencyOrder.size);
  return [...rows].sort((a, b) => agencyOrder.get(a.agencyId)! - agencyOrder.get(b.agencyId)! || compareText(name(a), name(b)));
}

export function listUnits(db: Db, agencyId: string | null): Unit[] {
  return byAgencyThenName(listUnitRows(db, agencyId), (u) => u.name);
}

export function listPeople(db: Db, agencyId: string | null): Person[] {
  return byAgencyThenName(listPeopleRows(db, agencyId), (p) => p.fullName);
}

export function listResources(db: Db, agencyId: string | null): Resource[] {
  return byAgencyThenName(listResourceRows(db, agencyId), (r) => r.name);
}

export function createAgency(ctx: ServiceContext, draft: Omit<Agency, 'id'>): Agency {
  if (getAgency(ctx.db, draft.code)) throw invalidField(['code'], 'v.duplicate');
  transact(ctx, () => ctx.writer.create('agency', draft.code, draft, null));
  return getAgency(ctx.db, draft.code)!;
}

export function setAgencyPowers(ctx: ServiceContext, agencyId: string, powers: ProceduralPower[]): Agency {
  const agency = getAgency(ctx.db, agencyId);
  if (!agency) throw notFound('Agency', agencyId);
  transact(ctx, () => ctx.writer.update('agency', agencyId, { powers: [...new Set(powers)].sort() }, null));
  return getAgency(ctx.db, agencyId)!;
}

function checkUnitOf(ctx: ServiceContext, unitId: string | null, agencyId: string): void {
  if (!unitId) return;
  const unit = getUnit(ctx.db, unitId);
  if (!unit) throw invalidField(['unitId'], 'v.unknownUnit');
  if (unit.agencyId !== agencyId) throw invalidField(['unitId'], 'v.unitOfOtherAgency');
}

/** The event metadata that makes this unit's agency the owner of a record it creates. */
function owned(ctx: ServiceContext): Record<string, string> {
  return { [OWNER_FIELD]: ctx.agencyId };
}

function createRow<T>(ctx: ServiceContext, entity: SyncedEntity, fields: object, read: (id: string) => T | null): T {
  const id = randomUUID();
  transact(ctx, () => ctx.writer.create(entity, id, fields as Record<string, unknown>, null, owned(ctx)));
  return read(id)!;
}

function updateRow<T extends { id: string }>(
  ctx: ServiceContext, entity: SyncedEntity, next: T, read: (id: string) => T | null,
): T {
  const current = read(next.id);
  if (!current) throw notFound(entity, next.id);
  const fields = Object.keys(ENTITIES[entity].fields);
  transact(ctx, () => ctx.writer.update(entity, next.id, changedFields(current, next, fields), null));
  return read(next.id)!;
}

function removeRow(ctx: ServiceContext, entity: SyncedEntity, id: string, exists: boolean): { id: string } {
  if (!exists) throw notFound(entity, id);
  transact(ctx, () => ctx.writer.remove(entity, id, null));
  return { id };
}

export function createUnit(ctx: ServiceContext, d: Omit<Unit, 'id'>): Unit {
  requireAgency(ctx, d.agencyId, ['agencyId']);
  return createRow(ctx, 'unit', d, (id) => getUnit(ctx.db, id));
}
export function updateUnit(ctx: ServiceContext, u: Unit): Unit {
  requireAgency(ctx, u.agencyId, ['agencyId']);
  return updateRow(ctx, 'unit', u, (id) => getUnit(ctx.db, id));
}
export function removeUnit(ctx: ServiceContext, id: string) {
  return removeRow(ctx, 'unit', id, getUnit(ctx.db, id) !== null);
}

export function createPerson(ctx: ServiceContext, d: Omit<Person, 'id'>): Person {
  requireAgency(ctx, d.agencyId, ['agencyId']);
  checkUnitOf(ctx, d.unitId, d.agencyId);
  return createRow(ctx, 'person', d, (id) => getPerson(ctx.db, id));
}
export function updatePerson(ctx: ServiceContext, p: Person): Person {
  requireAgency(ctx, p.agencyId, ['agencyId']);
  checkUnitOf(ctx, p.unitId, p.agencyId);
  return updateRow(ctx, 'person', p, (id) => getPerson(ctx.db, id));
}
export function removePerson(ctx: ServiceContext, id: string) {
  return removeRow(ctx, 'person', id, getPerson(ctx.db, id) !== null);
}

export function createResource(ctx: ServiceContext, d: Omit<Resource, 'id'>): Resource {
  requireAgency(ctx, d.agencyId, ['agencyId']);
  checkUnitOf(ctx, d.unitId, d.agencyId);
  return createRow(ctx, 'resource', d, (id) => getResource(ctx.db, id));
}
export function updateResource(ctx: ServiceContext, r: Resource): Resource {
  requireAgency(ctx, r.agencyId, ['agencyId']);
  checkUnitOf(ctx, r.unitId, r.agencyId);
  return updateRow(ctx, 'resource', r, (id) => getResource(ctx.db, id));
}
export function removeResource(ctx: ServiceContext, id: string) {
  return removeRow(ctx, 'resource', id, getResource(ctx.db, id) !== null);
}

/** Many people or resources in one transaction (roster import): all or nothing. */
export function createPeopleBatch(ctx: ServiceContext, drafts: Omit<Person, 'id'>[]): Person[] {
  drafts.forEach((d, i) => {
    if (!getAgency(ctx.db, d.agencyId)) throw invalidField([i, 'agencyId'], 'v.unknownAgency');
    checkUnitOf(ctx, d.unitId, d.agencyId);
  });
  const ids = drafts.map(() => randomUUID());
  transact(ctx, () => drafts.forEach((d, i) => ctx.writer.create('person', ids[i]!, d, null, owned(ctx))));
  return ids.map((id) => getPerson(ctx.db, id)!);
}

export function createResourcesBatch(ctx: ServiceContext, drafts: Omit<Resource, 'id'>[]): Resource[] {
  drafts.forEach((d, i) => {
    if (!getAgency(ctx.db, d.agencyId)) throw invalidField([i, 'agencyId'], 'v.unknownAgency');
    checkUnitOf(ctx, d.unitId, d.agencyId);
  });
  const ids = drafts.map(() => randomUUID());
  transact(ctx, () => drafts.forEach((d, i) => ctx.writer.create('resource', ids[i]!, d, null, owned(ctx))));
  return ids.map((id) => getResource(ctx.db, id)!);
}


