/**
 * The one writer of the synced tables declared in ../entities.ts. Services use it for every
 * planning mutation (through the change writer) and sync uses it to project merged changes, so
 * both paths write rows the same way.
 */
import type { SyncedEntity } from '../../../shared/sync/change.js';
import type { Db } from '../connection.js';
import { ENTITIES, decodeValue, encodeValue } from '../entities.js';
import { stmt } from '../statements.js';

function keyWhere(key: readonly string[]): string {
  return key.map((c, i) => `${c} = @k${i}`).join(' AND ');
}

function keyParams(keyValues: readonly string[]): Record<string, string> {
  return Object.fromEntries(keyValues.map((v, i) => [`k${i}`, v]));
}

/** The statements that write a row of one shape (its entity and which declared fields it gives),
 *  built once: a sync import writes tens of thousands of rows of a handful of shapes. */
interface RowShape {
  readonly insert: string;
  readonly upsert: string;
}
const shapes = new Map<string, RowShape>();

function rowShape(entity: SyncedEntity, names: readonly string[]): RowShape {
  const id = `${entity}\u0000${names.join('\u0000')}`;
  let shape = shapes.get(id);
  if (!shape) {
    const def = ENTITIES[entity];
    const cols = [...def.key, ...names.map((n) => def.fields[n]!.column)];
    const vals = [...def.key.map((_, i) => `@k${i}`), ...names.map((_, i) => `@f${i}`)];
    if (def.touchColumn) {
      cols.push(def.touchColumn);
      vals.push('@touched');
    }
    const updates = [...cols.filter((c) => !def.key.includes(c)), 'deleted'].map((c) => `${c} = excluded.${c}`);
    shape = {
      insert: `INSERT INTO ${def.table} (${cols.join(', ')}) VALUES (${vals.join(', ')})`,
      upsert: `INSERT INTO ${def.table} (${cols.join(', ')}, deleted) VALUES (${vals.join(', ')}, @deleted)
     ON CONFLICT (${def.key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`,
    };
    shapes.set(id, shape);
  }
  return shape;
}

/** The shape and bound values of a row: its key, the declared fields given (in the entity's
 *  declared order, so one statement serves every row of a shape), and its touch time. */
function rowBinding(
  entity: SyncedEntity, keyValues: readonly string[], fields: Readonly<Record<string, unknown>>, touchedAt: string,
): { shape: RowShape; params: Record<string, unknown> } {
  const def = ENTITIES[entity];
  const names: string[] = [];
  for (const n in def.fields) if (n in fields) names.push(n);
  const params: Record<string, unknown> = {};
  for (let i = 0; i < keyValues.length; i++) params[`k${i}`] = keyValues[i];
  for (let i = 0; i < names.length; i++) params[`f${i}`] = encodeValue(def.fields[names[i]!]!.codec, fields[names[i]!]);
  if (def.touchColumn) params.touched = touchedAt;
  return { shape: rowShape(entity, names), params };
}

/** Inserts a whole row (a local create); `fields` must hold every non-default column. The touch
 *  time comes from the caller's clock, never the wall clock read here. */
export function insertEntityRow(
  db: Db, entity: SyncedEntity, keyValues: readonly string[], fields: Readonly<Record<string, unknown>>, touchedAt: string,
): void {
  const { shape, params } = rowBinding(entity, keyValues, fields, touchedAt);
  stmt(db, shape.insert).run(params);
}

/** Writes a merged row as sync projects it: inserted, or every given column of the row held here
 *  replaced, with its tombstone. */
export function upsertEntityRow(
  db: Db, entity: SyncedEntity, keyValues: readonly string[], fields: Readonly<Record<string, unknown>>,
  deleted: boolean, touchedAt: string,
): void {
  const { shape, params } = rowBinding(entity, keyValues, fields, touchedAt);
  params.deleted = deleted ? 1 : 0;
  stmt(db, shape.upsert).run(params);
}

export function updateEntityField(
  db: Db,
  entity: SyncedEntity,
  keyValues: readonly string[],
  field: string,
  value: unknown,
): void {
  const def = ENTITIES[entity];
  const fd = def.fields[field];
  if (!fd) throw new Error(`Unknown field ${entity}.${field}`);
  stmt(db, `UPDATE ${def.table} SET ${fd.column} = @value WHERE ${keyWhere(def.key)}`).run({
    ...keyParams(keyValues),
    value: encodeValue(fd.codec, value),
  });
}

export function touchEntity(db: Db, entity: SyncedEntity, keyValues: readonly string[], at: string): void {
  const def = ENTITIES[entity];
  if (!def.touchColumn) return;
  stmt(db, `UPDATE ${def.table} SET ${def.touchColumn} = @at WHERE ${keyWhere(def.key)}`).run({
    ...keyParams(keyValues),
    at,
  });
}

export function setEntityDeleted(
  db: Db,
  entity: SyncedEntity,
  keyValues: readonly string[],
  deleted: boolean,
): void {
  const def = ENTITIES[entity];
  stmt(db, `UPDATE ${def.table} SET deleted = @deleted WHERE ${keyWhere(def.key)}`).run({
    ...keyParams(keyValues),
    deleted: deleted ? 1 : 0,
  });
}

/** Adds a member to a set, or revives a removed one. */
export function upsertMember(db: Db, entity: SyncedEntity, keyValues: readonly [string, string]): void {
  const def = ENTITIES[entity];
  stmt(
    db,
    `INSERT INTO ${def.table} (${def.key.join(', ')}, deleted) VALUES (@k0, @k1, 0)
     ON CONFLICT DO UPDATE SET deleted = 0`,
  ).run(keyParams(keyValues));
}

export function entityRowState(
  db: Db,
  entity: SyncedEntity,
  keyValues: readonly string[],
): 'live' | 'deleted' | 'absent' {
  const def = ENTITIES[entity];
  const row = stmt(db, `SELECT deleted FROM ${def.table} WHERE ${keyWhere(def.key)}`).get(
    keyParams(keyValues),
  ) as { deleted: number } | undefined;
  if (!row) return 'absent';
  return row.deleted ? 'deleted' : 'live';
}

/** A stored row → domain fields (by the entity's declared codecs), plus its key columns. */
export function decodeEntityRow(
  entity: SyncedEntity,
  row: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const def = ENTITIES[entity];
  const out: Record<string, unknown> = {};
  for (const [name, fd] of Object.entries(def.fields)) out[name] = decodeValue(fd.codec, row[fd.column]);
  return out;
}

/** The column that names a row of each entity for a person reading a list (inbox, logs). */
const NAME_FIELD: Partial<Record<SyncedEntity, string>> = {
  agency: 'nameUk', unit: 'name', person: 'fullName', resource: 'name', operation: 'codeName',
  phase: 'name', task: 'title', exchange: 'subject',
};

/** The row's name as held here (tombstoned rows too), or null; membership rows name both ends. */
export function entityDisplayName(db: Db, entity: SyncedEntity, rowId: string): string | null {
  if (entity === 'task_person' || entity === 'task_resource' || entity === 'operation_agency') {
    const [owner, member] = rowId.split(':');
    const ownerEntity: SyncedEntity = entity === 'operation_agency' ? 'operation' : 'task';
    const memberEntity: SyncedEntity = entity === 'task_person' ? 'person' : entity === 'task_resource' ? 'resource' : 'agency';
    const a = entityDisplayName(db, ownerEntity, owner ?? '');
    const b = entityDisplayName(db, memberEntity, member ?? '');
    return a === null && b === null ? null : `${a ?? '…'} ← ${b ?? '…'}`;
  }
  const field = NAME_FIELD[entity];
  if (!field) return null;
  const def = ENTITIES[entity];
  const r = stmt(db, `SELECT ${def.fields[field]!.column} AS name FROM ${def.table} WHERE ${def.key[0]} = @id`).get({ id: rowId }) as { name: string } | undefined;
  return r?.name ?? null;
}

/** The field that names a row of the entity, if it has one. */
export function nameFieldOf(entity: SyncedEntity): string | null {
  return NAME_FIELD[entity] ?? null;
}
