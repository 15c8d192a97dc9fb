/**
 * Wall-clock conversion between instants and named time zones, with Intl only.
 *
 * Why: FullCalendar understands 'local' and 'UTC' natively; named zones need a plugin that pulls
 * in luxon or moment. Instead the calendar runs in 'UTC' and the mapper hands it wall-clock
 * strings of the chosen zone (an event at 06:00 Kyiv becomes "…T06:00:00" shown as 06:00). A
 * drag gives back a wall-clock time, which `wallToInstant` turns into a real instant again.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Exact offset of `zone` from UTC at an instant, in ms (Intl; ~20 µs a call). */
function exactOffsetMs(ms: number, zone: string): number {
  const p: Record<string, number> = {};
  for (const part of partsFormatter(zone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(p.year!, p.month! - 1, p.day, p.hour! % 24, p.minute, p.second);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * Offsets change only at transitions, which fall on quarter hours. So the offset is cached per
 * zone and quarter hour when it is the same at both ends of it; a quarter holding a transition
 * is computed exactly each time. A calendar of 50,000 tasks then costs thousands of Intl calls,
 * not a hundred thousand.
 */
const QUARTER = 15 * 60_000;
const offsetCache = new Map<string, number | null>();

function offsetMs(ms: number, zone: string): number {
  const quarter = Math.floor(ms / QUARTER);
  const key = `${zone}|${quarter}`;
  let cached = offsetCache.get(key);
  if (cached === undefined) {
    const a = exactOffsetMs(quarter * QUARTER, zone);
    cached = a === exactOffsetMs((quarter + 1) * QUARTER - 1, zone) ? a : null;
    if (offsetCache.size >= 100_000) offsetCache.clear();
    offsetCache.set(key, cached);
  }
  return cached ?? exactOffsetMs(ms, zone);
}

/** Offset of `zone` from UTC at an instant, in minutes (Kyiv in winter: +120). */
export function zoneOffsetMinutes(ms: number, zone: string): number {
  return Math.round(offsetMs(ms, zone) / 60_000);
}

/** "2026-11-30T06:00:00" — the wall-clock time in `zone` of an ISO instant, without offset. */
export function instantToWall(iso: string, zone: string): string {
  const ms = new Date(iso).getTime();
  return new Date(ms + offsetMs(ms, zone)).toISOString().slice(0, 19);
}

/**
 * The instant at which `zone`'s wall clock shows `wall` ("YYYY-MM-DDTHH:mm[:ss]", no offset).
 * In a spring-forward gap the later reading wins; in a fall-back overlap the earlier instant.
 */
export function wallToInstant(wall: string, zone: string): string {
  const asUtc = new Date(`${wall.slice(0, 19)}Z`).getTime();
  // Two passes settle the offset everywhere except inside a DST transition.
  let guess = asUtc - offsetMs(asUtc, zone);
  guess = asUtc - offsetMs(guess, zone);
  const earlier = asUtc - offsetMs(guess - 3 * 3_600_000, zone);
  if (earlier < guess && earlier + offsetMs(earlier, zone) === asUtc) guess = earlier;
  return new Date(guess).toISOString();
}

/** "06:00" in `zone`; the caller's language only matters for the digits, which are Latin. */
export function formatTimeInZone(iso: string, zone: string): string {
  return instantToWall(iso, zone).slice(11, 16);
}

/** Short name of a zone for labels: "Europe/Kyiv" → "Kyiv", "UTC" stays "UTC". */
export function zoneShortName(zone: string): string {
  const last = zone.split('/').pop() ?? zone;
  return last.replace(/_/g, ' ');
}
