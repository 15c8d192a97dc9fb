/**
 * The places of the map's answer (shared/api/geo.ts) as the map view handles them. The answer
 * groups places under their operation and by kind and leaves out what those already say; the
 * drawing walks those lists as they are (12,000 places on a first visit: no object per place
 * but the one the canvas layer keeps), and only the place the user points at or selects is
 * spelled out whole (`placeOf`).
 */
import type { MapLastSeen, MapOperation, MapPoint, MapTaskPlace } from '../../../../shared/api/geo.js';

export type MapPlaceKind = 'location' | 'task' | 'subject' | 'lastSeen';

/** A place by where it is in the answer: its operation, its kind and its position in that list. */
export interface MapPlaceRef {
  readonly operation: MapOperation;
  readonly kind: MapPlaceKind;
  readonly index: number;
}

/** A place spelled out for the side panel and the hover text. */
export interface MapPlace {
  /** `operationId|task:<taskId>`, else `operationId|<kind>:<position>`: what stays selected
   *  when a newer answer comes (a save moves the place, a delete drops it). */
  readonly key: string;
  readonly kind: MapPlaceKind;
  readonly operation: MapOperation;
  readonly label: string;
  readonly lat: number;
  readonly lon: number;
  readonly taskId: string | null;
  /** Position on the route (locations), from 1. */
  readonly order: number | null;
  readonly seenAt: string | null;
  readonly source: string | null;
}

/** The list of one kind of place in an operation. */
export function placesOfKind(op: MapOperation, kind: MapPlaceKind): readonly MapPoint[] {
  return kind === 'location' ? op.locations : kind === 'task' ? op.tasks : kind === 'subject' ? op.addresses : op.lastSeen;
}

export const PLACE_KINDS: readonly MapPlaceKind[] = ['location', 'task', 'subject', 'lastSeen'];

/** Whose colour a place takes: a task its accountable agency's, the rest the lead's. */
export function agencyOfPlace(op: MapOperation, kind: MapPlaceKind, point: MapPoint): string {
  return kind === 'task' ? (point as MapTaskPlace).agencyId ?? op.leadAgencyId : op.leadAgencyId;
}

export function placeKey(op: MapOperation, kind: MapPlaceKind, index: number): string {
  return kind === 'task' ? `${op.id}|task:${op.tasks[index]!.taskId}` : `${op.id}|${kind}:${index}`;
}

export function placeOf(ref: MapPlaceRef): MapPlace {
  const { operation, kind, index } = ref;
  const p = placesOfKind(operation, kind)[index]!;
  const seen = kind === 'lastSeen' ? (p as MapLastSeen) : null;
  return {
    key: placeKey(operation, kind, index),
    kind,
    operation,
    label: p.label,
    lat: p.lat,
    lon: p.lon,
    taskId: kind === 'task' ? (p as MapTaskPlace).taskId : null,
    order: kind === 'location' ? index + 1 : null,
    seenAt: seen?.seenAt ?? null,
    source: seen?.source ?? null,
  };
}

/** The place with this key in an answer, or null when it is gone. */
export function findPlace(operations: readonly MapOperation[], key: string): MapPlace | null {
  const bar = key.indexOf('|');
  const op = operations.find((o) => o.id === key.slice(0, bar));
  if (!op) return null;
  const [kind, at] = key.slice(bar + 1).split(':') as [MapPlaceKind, string];
  const index = kind === 'task' ? op.tasks.findIndex((t) => t.taskId === at) : Number(at);
  return index >= 0 && index < placesOfKind(op, kind).length ? placeOf({ operation: op, kind, index }) : null;
}

export function countPlaces(op: MapOperation): number {
  return op.locations.length + op.tasks.length + op.addresses.length + op.lastSeen.length;
}
