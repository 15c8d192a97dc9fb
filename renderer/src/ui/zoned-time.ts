/**
 * The one date-time input helper: a `datetime-local` input holds a wall time with no zone, and
 * Spilno reads it in the zone of the operation it belongs to (an operation in Warsaw is planned
 * in Warsaw time, whatever the laptop's clock says), or in HOME_ZONE when there is none. Never
 * in the browser's zone: `new Date(wall)` would read it there.
 */
import { instantToWall, wallToInstant } from '../../../shared/planning/time-zones.js';

/** Where Spilno's operations run unless they say otherwise (the contract's default). */
export const HOME_ZONE = 'Europe/Kyiv';

const WALL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** datetime-local value in `zone` → ISO instant; anything unparsable is passed on for the schema to reject. */
export function wallToIso(wall: string, zone: string): string {
  if (!WALL.test(wall)) return wall;
  try {
    return wallToInstant(wall, zone);
  } catch {
    return wall;
  }
}

/** ISO instant → datetime-local value in `zone` ('' when unreadable). */
export function isoToWall(iso: string, zone: string): string {
  try {
    return instantToWall(iso, zone).slice(0, 16);
  } catch {
    return '';
  }
}

/** An optional field: '' ↔ null. */
export function wallToIsoOrNull(wall: string, zone: string): string | null {
  return wall ? wallToIso(wall, zone) : null;
}

export function isoToWallOrEmpty(iso: string | null, zone: string): string {
  return iso ? isoToWall(iso, zone) : '';
}

/** Tomorrow at `hour`:00 in `zone`, as a datetime-local value. */
export function tomorrowAt(hour: number, zone: string, now: Date): string {
  return `${isoToWall(new Date(now.getTime() + 86_400_000).toISOString(), zone).slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}
