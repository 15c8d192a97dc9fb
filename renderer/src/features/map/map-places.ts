/**
 * The places of the map's answer (shared/api/geo.ts) as the map view handles them. The answer
 * groups places under their operation and by kind and leaves out what those already say; the
 * drawing walks those lists as they are (12,000 places on a first visit: no object per place
 * but the one the canvas layer keeps), and only the place the user points at or selects is
 * spelled out (`placeOf`), its words asked of the core (`refOf`: api.geo.place).
 */
import type { MapOperation, MapPlaceRef as PlaceRefInput, MapPoints } from '../../../../shared/api/geo.js';

export type MapPlaceKind = 'location' | 'task' | 'subject' | 'lastSeen';

/** A place by where it is in the answer: its operation, its kind and its position in that list. */
export interface MapPlaceRef {
  readonly operation: MapOperation;
  readonly kind: MapPlaceKind;
  readonly index: number;
}

/** A place spelled out for the side panel and the hover text (its words: api.geo.place). */
export interface MapPlace {
  /** `operationId|task:<taskId>`, else `operationId|<kind>:<position>`: what stays selected
   *  when a newer answer comes (a save moves the place, a delete drops it). */
  readonly key: string;
  readonly kind: MapPlaceKind;
  readonly operation: MapOperation;
  /** Position among the operation's places of its kind, in this answer. */
  readonly index: number;
  readonly lat: number;
  readonly lon: number;
  readonly taskId: string | null;
  /** Position on the route (locations), from 1. */
  readonly order: number | null;
}

/** One kind of place in an operation, as degree pairs: lat, lon, lat, … */
export function placesOfKind(op: MapOperation, kind: MapPlaceKind): MapPoints {
  return kind === 'location' ? op.locations : kind === 'task' ? op.tasks : kind === 'subject' ? op.addresses : op.lastSeen;
}

/** What api.geo.place asks for this place. */
export function refOf(place: MapPlace): PlaceRefInput {
  return { operationId: place.operation.id, kind: place.kind, at: place.taskId ?? place.index };
}

export const PLACE_KINDS: readonly MapPlaceKind[] = ['location', 'task', 'subject', 'lastSeen'];

/** Whose colour a place takes: a task its accountable agency's, the rest the lead's. */
export function agencyOfPlace(op: MapOperation, kind: MapPlaceKind, index: number): string {
  return kind === 'task' ? op.taskAgencyIds[index]! : op.leadAgencyId;
}

export function placeKey(op: MapOperation, kind: MapPlaceKind, index: number): string {
  return kind === 'task' ? `${op.id}|task:${op.taskIds[index]!}` : `${op.id}|${kind}:${index}`;
}

export function placeOf(ref: MapPlaceRef): MapPlace {
  const { operation, kind, index } = ref;
  const points = placesOfKind(operation, kind);
  return {
    key: placeKey(operation, kind, index),
    kind,
    operation,
    index,
    lat: points[index * 2]!,
    lon: points[index * 2 + 1]!,
    taskId: kind === 'task' ? operation.taskIds[index]! : null,
    order: kind === 'location' ? index + 1 : null,
  };
}

/** The place with this key in an answer, or null when it is gone. */
export function findPlace(operations: readonly MapOperation[], key: string): MapPlace | null {
  const bar = key.indexOf('|');
  const op = operations.find((o) => o.id === key.slice(0, bar));
  if (!op) return null;
  const [kind, at] = key.slice(bar + 1).split(':') as [MapPlaceKind, string];
  const index = kind === 'task' ? op.taskIds.indexOf(at) : Number(at);
  return index >= 0 && index * 2 < placesOfKind(op, kind).length ? placeOf({ operation: op, kind, index }) : null;
}

export function countPlaces(op: MapOperation): number {
  return (op.locations.length + op.tasks.length + op.addresses.length + op.lastSeen.length) / 2;
}
