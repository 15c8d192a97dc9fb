/**
 * Geo service (issue 18): the map's data, the operation's map as GeoJSON, KML or a TAK data
 * package, points imported from files as locations, and tiles of offline map files.
 *
 * - Exports leave the unit: what a recipient agency gets is its view under the one need-to-know
 *   rule (shared/visibility/operation-view.ts) — the tasks it may see, the operation's shared
 *   sections — and each file is recorded in the export log like a briefing pack.
 * - An import adds the chosen points to the operation's locations in one save (one
 *   transaction, one change record), through the same update as the operation form, so the
 *   rights rule and the bounds apply; nothing is written when anything is wrong.
 * - An offline map file (MBTiles: a SQLite file of tiles) is opened read-only, per call, from a
 *   handle the shell or an upload issued; the app never writes to it and never asks a network
 *   for a tile.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { z } from 'zod';
import { DomainError } from '../../shared/api/errors.js';
import type { GeoExportRequest, GeoImportPreview, MapData, MapOperation, MapPlaceDetails, MapPlaceRef, TilesetInfo } from '../../shared/api/geo.js';
import { LIMITS } from '../../shared/domain/bounds.js';
import { agencyShort } from '../../shared/domain/directory.js';
import type { Operation, OperationLocation } from '../../shared/domain/operation.js';
import { operationGeo, type OperationGeo } from '../../shared/geo/operation-geo.js';
import { t } from '../../shared/i18n/index.js';
import { viewOfOperationPlan } from '../../shared/visibility/operation-view.js';
import { listAgencies } from '../db/repos/agencies.repo.js';
import { getPerson, getResource, getUnit } from '../db/repos/directory.repo.js';
import type { Db } from '../db/connection.js';
import { totalChanges } from '../db/repos/audit.repo.js';
import { dataVersion } from '../db/repos/change-log.repo.js';
import { getOperation, listMapOperations, listPhases, type MapOperationRow } from '../db/repos/operations.repo.js';
import { listTaskPoints, listTasksByOperation, type TaskPointRow } from '../db/repos/tasks.repo.js';
import { buildGeoJson, buildKml, buildTakPackage, type GeoExportInput } from '../exports/geo.js';
import { readGeoFile } from '../exports/geo-read.js';
import { openRegularFile } from '../files/safe-fs.js';
import { loadSchedulingSettings } from './conflict-guard.js';
import type { ServiceContext } from './context.js';
import { agencyCode, fileNameFor, finishExport, requireRecipient, type ExportResult } from './exports.js';
import { betweenCalls, type WarmResult } from './between-calls.js';
import { requireOperation } from './guards.js';
import { updateOperation } from './operations.js';
import { existingByIds } from './lookup.js';

/** The operation's map as the wire carries it (shared/api/geo.ts): places by kind as degree
 *  pairs, tasks' ids and colours beside theirs, nothing the operation or the kind already says. */
function toMapOperation(op: Pick<Operation, 'id' | 'leadAgencyId'>, geo: OperationGeo): MapOperation {
  const out: MapOperation = { id: op.id, leadAgencyId: op.leadAgencyId, locations: [], tasks: [], taskIds: [], taskAgencyIds: [], addresses: [], lastSeen: [] };
  for (const p of geo.places) {
    if (p.kind === 'task') {
      out.tasks.push(p.lat, p.lon);
      out.taskIds.push(p.taskId!);
      out.taskAgencyIds.push(p.agencyId ?? op.leadAgencyId);
    } else {
      (p.kind === 'location' ? out.locations : p.kind === 'subject' ? out.addresses : out.lastSeen).push(p.lat, p.lon);
    }
  }
  return out;
}

/**
 * The map of every operation as last built, and the store's writes it saw (`writesOf`). Kept in
 * the store's caches (a lock, an unlock or a restore starts them empty) and given to every call
 * until anything is written: nobody may change it.
 */
export interface KeptPlanMap {
  writes: string;
  answer: MapData;
}

/**
 * Where the store's writes stand: rows changed on this connection (`total_changes()`, which also
 * counts statements later rolled back) and commits by other processes (`data_version`). Any write
 * moves it — not only those the change record keeps: rows that leave this agency's view are
 * deleted without a change of their own (own-view.ts), and the map must not show them a call
 * longer. Settings (the radius) are rows too.
 */
function writesOf(db: Db): string {
  return `${totalChanges(db)}|${dataVersion(db)}`;
}

/** Tasks' points read per slice by the background build (a plan of 50,000 tasks is read in 25). */
const WARM_PAGE = 2000;

/** The map of one operation, or of every operation this unit holds (its own view already). */
export function mapData(ctx: ServiceContext, operationId: string | null): MapData {
  const radiusMeters = loadSchedulingSettings(ctx).radiusMeters;
  if (operationId !== null) {
    const op = requireOperation(ctx, operationId);
    return { operations: [toMapOperation(op, operationGeo(op, listTasksByOperation(ctx.db, operationId)))], radiusMeters };
  }
  const writes = writesOf(ctx.db);
  const kept = ctx.caches.planMap;
  if (kept && kept.writes === writes) return kept.answer;
  const answer: MapData = { operations: planMapOperations(listTaskPoints(ctx.db), listMapOperations(ctx.db)), radiusMeters };
  // Rows of a transaction still open may yet roll back: what was read inside one is not kept.
  if (!ctx.db.inTransaction) ctx.caches.planMap = { writes, answer };
  return answer;
}

/**
 * Builds the map of every operation before anyone asks for it (the core's background work,
 * core/background.ts, after the conflict scan): a first visit of the Map page then waits for no
 * read of the whole plan — 40–80 ms over 1,000 operations in a fresh core, on the critical path of
 * the map's first paint (test/bench/map.bench.ts). In slices — the tasks' points a page at a
 * time, then the operations — with waiting calls answered before and between them; nothing is
 * kept if anything was written meanwhile.
 */
export async function warmPlanMap(ctx: ServiceContext, stopped: () => boolean, pageSize = WARM_PAGE): Promise<WarmResult> {
  const { usable, yieldToCalls } = betweenCalls(ctx, stopped);
  if (!usable()) return 'unavailable';
  const db = ctx.db;
  const writes = writesOf(db);
  const kept = ctx.caches.planMap;
  if (kept && kept.writes === writes) return 'current';
  const radiusMeters = loadSchedulingSettings(ctx).radiusMeters;
  const tasks: TaskPointRow[] = [];
  for (;;) {
    await yieldToCalls();
    if (!usable() || writesOf(db) !== writes) return 'stale';
    const last = tasks[tasks.length - 1];
    const page = listTaskPoints(db, last ? { startsAt: last.startsAt, id: last.id } : null, pageSize);
    for (const t of page) tasks.push(t);
    if (page.length < pageSize) break;
  }
  await yieldToCalls();
  if (!usable() || writesOf(db) !== writes) return 'stale';
  const operations = planMapOperations(tasks, listMapOperations(db));
  // A call may have built it meanwhile (the same data: nothing was written).
  if (ctx.caches.planMap?.writes !== writes) ctx.caches.planMap = { writes, answer: { operations, radiusMeters } };
  return 'built';
}

/**
 * Every live operation's map from its row and the tasks' points. Tasks without coordinates are
 * left out; those of deleted operations are never looked up. Their points are read alone (no
 * words: the answer has none); what a task puts on the map is operation-geo.ts's rule, as for one
 * operation: its place when it has coordinates, in its accountable agency's colour, else the
 * lead's (geo-map.test.ts holds the two answers equal).
 */
function planMapOperations(taskPoints: readonly TaskPointRow[], operations: readonly MapOperationRow[]): MapOperation[] {
  const tasksByOp = new Map<string, TaskPointRow[]>();
  for (const task of taskPoints) {
    if (task.lat === null || task.lon === null) continue;
    const list = tasksByOp.get(task.operationId);
    if (list) list.push(task);
    else tasksByOp.set(task.operationId, [task]);
  }
  return operations.map((op) => {
    const out = toMapOperation(op, operationGeo(op, []));
    for (const task of tasksByOp.get(op.id) ?? []) {
      out.tasks.push(task.lat!, task.lon!);
      out.taskIds.push(task.id);
      out.taskAgencyIds.push(task.accountableAgencyId ?? op.leadAgencyId);
    }
    return out;
  });
}

/**
 * What a place of the map is called, found as the map's answer finds it (a task by its task, the
 * rest by position among the operation's places of their kind); null when the operation or the
 * place is gone (the map's answer the page holds may be older than the data).
 */
export function mapPlace(ctx: ServiceContext, ref: MapPlaceRef): MapPlaceDetails | null {
  const op = getOperation(ctx.db, ref.operationId);
  if (!op) return null;
  const ofKind = operationGeo(op, listTasksByOperation(ctx.db, op.id)).places.filter((p) => p.kind === ref.kind);
  const p = ref.kind === 'task' ? ofKind.find((x) => x.taskId === ref.at) : typeof ref.at === 'number' ? ofKind[ref.at] : undefined;
  if (!p) return null;
  const out: MapPlaceDetails = { label: p.label, codeName: op.codeName, timeZone: op.timeZone };
  if (p.seenAt) out.seenAt = p.seenAt;
  if (p.source) out.source = p.source;
  return out;
}

/** The operation as the recipient agency may see it on a map (null: the coordinator's copy). */
export function operationGeoFor(ctx: ServiceContext, operationId: string, agencyId: string | null): { op: Operation; geo: OperationGeo } {
  const op = requireOperation(ctx, operationId);
  requireRecipient(op, agencyId, 'agencyId');
  const tasks = listTasksByOperation(ctx.db, operationId);
  const people = existingByIds(tasks.flatMap((x) => x.personIds), (id) => getPerson(ctx.db, id));
  const unitIds = [...tasks.map((x) => x.unitId), ...people.map((p) => p.unitId)].filter((u): u is string => u !== null);
  const seen = viewOfOperationPlan({
    operation: op,
    phases: listPhases(ctx.db, operationId),
    tasks,
    units: existingByIds(unitIds, (id) => getUnit(ctx.db, id)),
    people,
    resources: existingByIds(tasks.flatMap((x) => x.resourceIds), (id) => getResource(ctx.db, id)),
    exchange: [],
  }, agencyId === null ? null : { agencyId });
  return { op: seen.operation, geo: operationGeo(seen.operation, seen.tasks) };
}

const GEO_MIME = {
  geojson: 'application/geo+json',
  kml: 'application/vnd.google-earth.kml+xml',
  tak: 'application/zip',
} as const;

export function exportGeo(ctx: ServiceContext, req: z.output<typeof GeoExportRequest>): ExportResult {
  const { op, geo } = operationGeoFor(ctx, req.operationId, req.agencyId);
  const agencies = listAgencies(ctx.db);
  const recipient = agencyCode(agencies, req.agencyId);
  const recipientAgency = agencies.find((a) => a.id === req.agencyId) ?? null;
  const input: GeoExportInput = {
    geo,
    agencies: new Map(agencies.map((a) => [a.id, { code: a.code, color: a.color }])),
    marking: `${t(req.lang, 'brief.marking')} · ${op.handlingCode}`,
    recipient,
    recipientLabel: recipientAgency ? agencyShort(recipientAgency, req.lang) : null,
    generatedAt: ctx.now(),
  };
  const bytes = req.format === 'geojson' ? Buffer.from(buildGeoJson(input), 'utf8')
    : req.format === 'kml' ? Buffer.from(buildKml(input), 'utf8')
      : buildTakPackage(input);
  const ext = req.format === 'tak' ? 'zip' : req.format;
  return finishExport(ctx, req.operationId, req.format, req.lang, {
    fileName: fileNameFor(ctx, op, agencies, req.agencyId, req.format === 'tak' ? 'map-tak' : 'map', ext),
    mimeType: GEO_MIME[req.format],
    bytes,
    recipientAgencyId: req.agencyId,
    scope: req.agencyId === null ? 'operation' : `agency:${req.agencyId}`,
  });
}

export function previewGeoImport(ctx: ServiceContext, r: { operationId: string; fileName: string; text: string }): GeoImportPreview {
  const op = requireOperation(ctx, r.operationId);
  const read = readGeoFile(r.fileName, r.text);
  return { ...read, room: Math.max(0, LIMITS.operationLocations - op.locations.length) };
}

export function importGeoLocations(
  ctx: ServiceContext,
  r: { operationId: string; fileName: string; text: string; pick: number[] | null },
): { operation: Operation; added: number } {
  const op = requireOperation(ctx, r.operationId);
  const { points } = readGeoFile(r.fileName, r.text);
  let chosen = points;
  if (r.pick !== null) {
    const bad = r.pick.find((i) => i >= points.length);
    if (bad !== undefined) throw new DomainError('invalid_input', `No point ${bad} in the file`, { messageKey: 'geo.pickMissing' });
    chosen = [...new Set(r.pick)].sort((a, b) => a - b).map((i) => points[i]!);
  }
  if (chosen.length === 0) throw new DomainError('invalid_input', 'The file has no point to add', { messageKey: 'geo.noPoints' });
  if (op.locations.length + chosen.length > LIMITS.operationLocations) {
    throw new DomainError('invalid_input', `Only ${LIMITS.operationLocations - op.locations.length} more locations fit`, {
      messageKey: 'geo.noRoom', params: { room: Math.max(0, LIMITS.operationLocations - op.locations.length) },
    });
  }
  const added: OperationLocation[] = chosen.map((p) => ({ label: p.label, point: { lat: p.lat, lon: p.lon } }));
  const operation = updateOperation(ctx, op.id, { locations: [...op.locations, ...added] });
  return { operation, added: added.length };
}

const TILE_MIME: Record<TilesetInfo['format'], string> = {
  png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp', pbf: 'application/x-protobuf',
};

function unreadableTiles(detail: string): DomainError {
  return new DomainError('invalid_input', `Not a readable MBTiles file: ${detail.slice(0, 200)}`, { messageKey: 'geo.tilesUnreadable' });
}

/** Opens the map file behind a handle read-only; the checks of safe-fs come first (regular, no link). */
function withTiles<T>(ctx: ServiceContext, handle: string, read: (db: Database.Database) => T): T {
  const { path } = ctx.files.readable(handle);
  fs.closeSync(openRegularFile(path, LIMITS.bundleBytes).fd);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw unreadableTiles(e instanceof Error ? e.message : String(e));
  }
  try {
    return read(db);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw unreadableTiles(e instanceof Error ? e.message : String(e));
  } finally {
    db.close();
  }
}

function metadata(db: Database.Database): Map<string, string> {
  const rows = db.prepare('SELECT name, value FROM metadata LIMIT 1000').all() as { name: unknown; value: unknown }[];
  return new Map(rows.map((r) => [String(r.name), String(r.value ?? '')]));
}

function tileFormat(meta: Map<string, string>): TilesetInfo['format'] {
  const f = (meta.get('format') ?? 'png').toLowerCase();
  if (f === 'png' || f === 'webp' || f === 'pbf') return f;
  if (f === 'jpg' || f === 'jpeg') return 'jpg';
  throw unreadableTiles(`tile format ${f.slice(0, 20)}`);
}

export function openTiles(ctx: ServiceContext, handle: string): TilesetInfo {
  return withTiles(ctx, handle, (db) => {
    const meta = metadata(db);
    const format = tileFormat(meta);
    const zooms = db.prepare('SELECT min(zoom_level) AS lo, max(zoom_level) AS hi FROM tiles').get() as { lo: number | null; hi: number | null };
    const b = (meta.get('bounds') ?? '').split(',').map(Number);
    const bounds = b.length === 4 && b.every(Number.isFinite) ? [b[0]!, b[1]!, b[2]!, b[3]!] as [number, number, number, number] : null;
    const int = (v: string | undefined, d: number) => (v !== undefined && /^\d{1,2}$/.test(v) ? Number(v) : d);
    return {
      name: (meta.get('name') ?? ctx.files.readable(handle).name).slice(0, 300),
      format,
      minZoom: int(meta.get('minzoom'), zooms.lo ?? 0),
      maxZoom: int(meta.get('maxzoom'), zooms.hi ?? 0),
      bounds,
      attribution: (meta.get('attribution') ?? '').slice(0, 500),
    };
  });
}

/** A tile by XYZ numbering; MBTiles rows count from the south (TMS), so y is flipped. */
export function readTile(ctx: ServiceContext, r: { file: string; z: number; x: number; y: number }): { mimeType: string; base64: string | null } {
  return withTiles(ctx, r.file, (db) => {
    const format = tileFormat(metadata(db));
    const n = 2 ** r.z;
    if (r.x >= n || r.y >= n) return { mimeType: TILE_MIME[format], base64: null };
    const row = db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?')
      .get(r.z, r.x, n - 1 - r.y) as { tile_data: Buffer } | undefined;
    return { mimeType: TILE_MIME[format], base64: row ? Buffer.from(row.tile_data).toString('base64') : null };
  });
}
