/**
 * Offline deconfliction: does another operation (ours or one received from another unit) work
 * on the same target, or in the same place at the same time? Policy: a shared subject of
 * interest (same normalised person, plate, VIN, container, EDRPOU code or address) is a hit
 * whatever the dates, because two bodies working the same target must know of each other; a
 * location within the radius is a hit only when the windows overlap (blue-on-blue risk).
 * Candidates come from indexes — a hash map on subject keys, a 3-D grid of points whose cell is
 * the radius — never from comparing every operation with every other.
 */
import type { Operation } from '../domain/operation.js';
import { subjectMatchKeys, type Subject } from '../domain/subject.js';
import type { Task } from '../domain/task.js';

export interface DeconflictionPoint {
  label: string;
  lat: number;
  lon: number;
}

export interface DeconflictionOperation {
  id: string;
  codeName: string;
  leadAgencyId: string;
  startsAt: string;
  endsAt: string;
  /** How to reach the operation's lead: callsigns and phones from its communications plan. */
  contacts: string[];
  points: DeconflictionPoint[];
  subjects: { key: string; label: string }[];
}

export type DeconflictionKind = 'subject' | 'proximity';

export interface DeconflictionHit {
  key: string;
  kind: DeconflictionKind;
  /** The two operations, `a` from the probing side (incoming), `b` from the indexed side. */
  a: string;
  b: string;
  /** The normalised subject key, or the two place labels for proximity. */
  matchKey: string;
  label: string;
  distanceMeters: number | null;
  windowsOverlap: boolean;
}

const EARTH_RADIUS_M = 6_371_008.8;

export function haversineMeters(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

function subjectLabel(s: Subject): string {
  switch (s.kind) {
    case 'person': return s.dateOfBirth ? `${s.fullName} (${s.dateOfBirth})` : s.fullName;
    case 'vehicle': return [s.plate, s.vin].filter(Boolean).join(' / ');
    case 'container': return s.number;
    case 'company': return s.edrpou ? `${s.name} (${s.edrpou})` : s.name;
    case 'address': return s.address;
  }
}

/** The deconfliction view of an operation: its places (operation, tasks, addresses) and subjects. */
export function toDeconflictionOperation(
  op: Pick<Operation, 'id' | 'codeName' | 'leadAgencyId' | 'startsAt' | 'endsAt' | 'locations' | 'subjects' | 'comms' | 'commandPost'>,
  tasks: readonly Pick<Task, 'place'>[],
): DeconflictionOperation {
  // One point per distinct position: many tasks at one crossing point would otherwise fill a
  // grid cell with copies, each compared with every point of every neighbour.
  const points: DeconflictionPoint[] = [];
  const seen = new Set<string>();
  const add = (label: string, p: { lat: number; lon: number }) => {
    const at = `${p.lat},${p.lon}`;
    if (seen.has(at)) return;
    seen.add(at);
    points.push({ label, ...p });
  };
  for (const l of op.locations) if (l.point) add(l.label, l.point);
  for (const t of tasks) if (t.place.point) add(t.place.label, t.place.point);
  for (const s of op.subjects) if (s.kind === 'address' && s.point) add(s.address, s.point);
  const subjects = op.subjects.flatMap((s) => subjectMatchKeys(s).map((key) => ({ key, label: subjectLabel(s) })));
  const lead = op.comms.filter((c) => c.agencyId === op.leadAgencyId || c.agencyId === null);
  const contacts = (lead.length ? lead : op.comms)
    .map((c) => [c.callsign, c.phone, c.channel].filter(Boolean).join(' · '))
    .filter(Boolean)
    .slice(0, 3);
  if (contacts.length === 0 && op.commandPost) contacts.push(op.commandPost);
  return { id: op.id, codeName: op.codeName, leadAgencyId: op.leadAgencyId, startsAt: op.startsAt, endsAt: op.endsAt, contacts, points, subjects };
}

interface GridEntry {
  op: DeconflictionOperation;
  p: DeconflictionPoint;
}

/** Points on the sphere in metres (x, y, z): a cell the size of the radius holds every neighbour in 27 cells. */
function cellOf(p: { lat: number; lon: number }, cell: number): [number, number, number] {
  const rad = Math.PI / 180;
  const cl = Math.cos(p.lat * rad);
  return [
    Math.floor((EARTH_RADIUS_M * cl * Math.cos(p.lon * rad)) / cell),
    Math.floor((EARTH_RADIUS_M * cl * Math.sin(p.lon * rad)) / cell),
    Math.floor((EARTH_RADIUS_M * Math.sin(p.lat * rad)) / cell),
  ];
}

function overlaps(a: DeconflictionOperation, b: DeconflictionOperation): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

/**
 * The label of a subject both operations hold: the fuller of the two («Сигарети · CSQU3054383»
 * from a consignment over the bare container number), the same whichever side comes first.
 */
function fullerLabel(x: string, y: string): string {
  if (x.length !== y.length) return x.length > y.length ? x : y;
  return x < y ? x : y;
}

function pairKey(kind: DeconflictionKind, a: string, b: string, match: string): string {
  return `${kind}:${a < b ? `${a}|${b}` : `${b}|${a}`}:${match}`;
}

/**
 * Hits between `incoming` and `local`; with `local` null, between every two operations of
 * `incoming` (a scan of everything stored). An operation never hits itself.
 */
export function deconflict(
  incoming: readonly DeconflictionOperation[],
  local: readonly DeconflictionOperation[] | null,
  radiusMeters: number,
): DeconflictionHit[] {
  const indexed = local ?? incoming;
  const within = local === null;
  const hits = new Map<string, DeconflictionHit>();

  const bySubject = new Map<string, { op: DeconflictionOperation; label: string }[]>();
  for (const op of indexed) {
    for (const s of op.subjects) {
      let list = bySubject.get(s.key);
      if (!list) bySubject.set(s.key, (list = []));
      if (!list.some((x) => x.op.id === op.id)) list.push({ op, label: s.label });
    }
  }
  const cell = Math.max(radiusMeters, 1);
  const grid = new Map<string, GridEntry[]>();
  for (const op of indexed) {
    for (const p of op.points) {
      const k = cellOf(p, cell).join(',');
      let list = grid.get(k);
      if (!list) grid.set(k, (list = []));
      list.push({ op, p });
    }
  }

  for (const a of incoming) {
    const seenKeys = new Set<string>();
    for (const s of a.subjects) {
      if (seenKeys.has(s.key)) continue;
      seenKeys.add(s.key);
      for (const { op: b } of bySubject.get(s.key) ?? []) {
        if (b.id === a.id || (within && b.id < a.id)) continue;
        const key = pairKey('subject', a.id, b.id, s.key);
        hits.set(key, {
          key, kind: 'subject', a: a.id, b: b.id, matchKey: s.key, label: fullerLabel(s.label, b.subjects.find((x) => x.key === s.key)?.label ?? ''),
          distanceMeters: null, windowsOverlap: overlaps(a, b),
        });
      }
    }
    const closest = new Map<string, { d: number; pa: DeconflictionPoint; pb: DeconflictionPoint; b: DeconflictionOperation }>();
    for (const pa of a.points) {
      const [x, y, z] = cellOf(pa, cell);
      for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) for (let dz = -1; dz <= 1; dz++) {
        for (const { op: b, p: pb } of grid.get(`${x + dx},${y + dy},${z + dz}`) ?? []) {
          if (b.id === a.id || (within && b.id < a.id) || !overlaps(a, b)) continue;
          const d = haversineMeters(pa, pb);
          if (d > radiusMeters) continue;
          const prev = closest.get(b.id);
          if (!prev || d < prev.d) closest.set(b.id, { d, pa, pb, b });
        }
      }
    }
    for (const { d, pa, pb, b } of closest.values()) {
      const key = pairKey('proximity', a.id, b.id, 'geo');
      hits.set(key, {
        key, kind: 'proximity', a: a.id, b: b.id, matchKey: 'geo', label: `${pa.label} ↔ ${pb.label}`,
        distanceMeters: Math.round(d), windowsOverlap: true,
      });
    }
  }
  return [...hits.values()].sort((p, q) => (p.key < q.key ? -1 : p.key > q.key ? 1 : 0));
}
