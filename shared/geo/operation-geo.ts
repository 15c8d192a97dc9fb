/**
 * What an operation puts on a map, defined once for the map view, the exports (GeoJSON, KML,
 * the TAK data package) and the briefing pack's map page:
 * - the operation's locations, in the order the planner listed them — that order is the route
 *   (a controlled delivery runs border crossing point → road under surveillance → interception
 *   point → warehouse), so the route is the ordered waypoints of the located ones;
 * - the task places with coordinates, coloured by the task's accountable agency;
 * - the subjects of interest that carry coordinates: an address subject's point, and the last
 *   known place of a person or vehicle (where, when and how it was learnt).
 *
 * Need-to-know is not decided here: callers pass the tasks the recipient may see
 * (shared/visibility/operation-view.ts). Locations and subjects are shared sections of the
 * operation (every taking-part agency sees them), so they follow the operation.
 */
import type { Operation } from '../domain/operation.js';
import type { Task } from '../domain/task.js';

export type GeoPlaceKind = 'location' | 'task' | 'subject' | 'lastSeen';

export interface GeoPlace {
  /** Stable within the operation: `loc:<n>`, `task:<id>`, `subject:<n>`, `seen:<n>`. */
  readonly id: string;
  readonly kind: GeoPlaceKind;
  readonly operationId: string;
  readonly label: string;
  readonly lat: number;
  readonly lon: number;
  /** Whose colour it takes: the task's accountable agency, else the operation's lead. */
  readonly agencyId: string | null;
  readonly taskId: string | null;
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  /** Position on the route (locations only), from 1. */
  readonly order: number | null;
  /** A last known place: when it was seen ('' / null: not known) and how it was learnt. */
  readonly seenAt: string | null;
  readonly source: string | null;
}

export interface GeoRoute {
  readonly id: string;
  readonly operationId: string;
  readonly label: string;
  readonly agencyId: string;
  readonly waypoints: readonly { readonly label: string; readonly lat: number; readonly lon: number }[];
}

export interface OperationGeo {
  readonly operationId: string;
  readonly codeName: string;
  readonly leadAgencyId: string;
  readonly places: readonly GeoPlace[];
  /** Null when fewer than two locations have coordinates. */
  readonly route: GeoRoute | null;
}

/** A route needs two located locations at least; one is a point, not a way. */
export const MIN_ROUTE_WAYPOINTS = 2;

type OperationPart = Pick<Operation, 'id' | 'codeName' | 'leadAgencyId' | 'locations' | 'subjects'>;
type TaskPart = Pick<Task, 'id' | 'title' | 'accountableAgencyId' | 'place' | 'startsAt' | 'endsAt'>;

export function operationGeo(op: OperationPart, visibleTasks: readonly TaskPart[]): OperationGeo {
  const places: GeoPlace[] = [];
  const waypoints: { label: string; lat: number; lon: number }[] = [];
  op.locations.forEach((loc, i) => {
    if (!loc.point) return;
    waypoints.push({ label: loc.label, lat: loc.point.lat, lon: loc.point.lon });
    places.push({
      id: `loc:${i}`, kind: 'location', operationId: op.id, label: loc.label, lat: loc.point.lat, lon: loc.point.lon,
      agencyId: op.leadAgencyId, taskId: null, startsAt: null, endsAt: null, order: waypoints.length, seenAt: null, source: null,
    });
  });
  for (const t of visibleTasks) {
    const p = t.place.point;
    if (!p) continue;
    places.push({
      id: `task:${t.id}`, kind: 'task', operationId: op.id, label: t.place.label ? `${t.title} — ${t.place.label}` : t.title,
      lat: p.lat, lon: p.lon, agencyId: t.accountableAgencyId ?? op.leadAgencyId, taskId: t.id,
      startsAt: t.startsAt, endsAt: t.endsAt, order: null, seenAt: null, source: null,
    });
  }
  op.subjects.forEach((s, i) => {
    if (s.kind === 'address' && s.point) {
      places.push({
        id: `subject:${i}`, kind: 'subject', operationId: op.id, label: s.address, lat: s.point.lat, lon: s.point.lon,
        agencyId: op.leadAgencyId, taskId: null, startsAt: null, endsAt: null, order: null, seenAt: null, source: null,
      });
    } else if ((s.kind === 'person' || s.kind === 'vehicle') && s.lastSeen) {
      const label = s.kind === 'person' ? s.fullName : [s.plate || s.vin, s.description].filter(Boolean).join(' ');
      places.push({
        id: `seen:${i}`, kind: 'lastSeen', operationId: op.id, label, lat: s.lastSeen.point.lat, lon: s.lastSeen.point.lon,
        agencyId: op.leadAgencyId, taskId: null, startsAt: null, endsAt: null, order: null,
        seenAt: s.lastSeen.at || null, source: s.lastSeen.source || null,
      });
    }
  });
  return {
    operationId: op.id,
    codeName: op.codeName,
    leadAgencyId: op.leadAgencyId,
    places,
    route: waypoints.length >= MIN_ROUTE_WAYPOINTS
      ? { id: `route:${op.id}`, operationId: op.id, label: op.codeName, agencyId: op.leadAgencyId, waypoints }
      : null,
  };
}
