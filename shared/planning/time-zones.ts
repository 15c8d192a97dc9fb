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

/** The zone's wall clock at an instant, as UTC-based milliseconds (offset applied). */
function wallMs(ms: number, zone: string): number {
  const p: Record<string, number> = {};
  for (const part of partsFormatter(zone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!) + (ms % 1000 + 1000) % 1000;
}

/** Offset of `zone` from UTC at an instant, in minutes (Kyiv in winter: +120). */
export function zoneOffsetMinutes(ms: number, zone: string): number {
  return Math.round((wallMs(ms, zone) - ms) / 60_000);
}

/** "2026-11-30T06:00:00" — the wall-clock time in `zone` of an ISO instant, without offset. */
export function instantToWall(iso: string, zone: string): string {
  return new Date(wallMs(new Date(iso).getTime(), zone)).toISOString().slice(0, 19);
}

/**
 * The instant at which `zone`'s wall clock shows `wall` ("YYYY-MM-DDTHH:mm[:ss]", no offset).
 * In a spring-forward gap the later reading wins; in a fall-back overlap the earlier instant.
 */
export function wallToInstant(wall: string, zone: string): string {
  const asUtc = new Date(`${wall.slice(0, 19)}Z`).getTime();
  // Two passes settle the offset everywhere except inside a DST transition.
  let guess = asUtc - zoneOffsetMinutes(asUtc, zone) * 60_000;
  guess = asUtc - zoneOffsetMinutes(guess, zone) * 60_000;
  const earlier = asUtc - zoneOffsetMinutes(guess - 3 * 3_600_000, zone) * 60_000;
  if (earlier < guess && wallMs(earlier, zone) === asUtc) guess = earlier;
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
