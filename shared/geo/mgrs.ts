/**
 * Coordinates as planners and field teams write them: decimal degrees (`51.1826, 23.8089`,
 * latitude first) and MGRS (`35UKR 55693 72148`), the grid TAK devices and military maps use.
 * The conversion itself is the `mgrs` package (proj4js's converter); this module only reads and
 * writes the text around it. MGRS covers 80° S to 84° N; outside that band only degrees apply.
 */
import * as mgrsModule from 'mgrs';

// The package is UMD for Node (its exports arrive as `default`) and ES for the bundler (named).
type MgrsApi = Pick<typeof mgrsModule, 'forward' | 'toPoint'>;
const loaded: Partial<MgrsApi> & { default?: MgrsApi } = { ...mgrsModule };
const { forward, toPoint }: MgrsApi = loaded.default ?? (loaded as MgrsApi);

const MGRS_MIN_LAT = -80;
const MGRS_MAX_LAT = 84;

/** `35UKR5569372148` at 1 m (5 digits per axis), spaced for reading; '' outside MGRS's band. */
export function toMgrs(lat: number, lon: number, digits: 1 | 2 | 3 | 4 | 5 = 5): string {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat < MGRS_MIN_LAT || lat > MGRS_MAX_LAT) return '';
  const raw = forward([lon, lat], digits);
  const m = /^(\d{1,2}[A-Z])([A-Z]{2})(\d*)$/.exec(raw);
  if (!m) return raw;
  const n = m[3]!.length / 2;
  return `${m[1]}${m[2]} ${m[3]!.slice(0, n)} ${m[3]!.slice(n)}`;
}

/** Degrees with 6 decimals (about 0.1 m): what the map and the forms show. */
export function formatDegrees(lat: number, lon: number): string {
  return `${lat.toFixed(6)}, ${lon.toFixed(6)}`;
}

/**
 * A point from what a person typed: `lat, lon` in decimal degrees (comma, semicolon or space
 * between; a decimal comma is not accepted, it would be ambiguous) or an MGRS reference with or
 * without spaces. Null when it is neither, or out of range.
 */
export function parseCoordinate(text: string): { lat: number; lon: number } | null {
  const s = text.trim();
  if (s.length === 0 || s.length > 64) return null;
  const deg = /^([-+]?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d{1,3}(?:\.\d+)?)$/.exec(s);
  if (deg) {
    const lat = Number(deg[1]);
    const lon = Number(deg[2]);
    return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
  }
  const compact = s.replace(/\s+/g, '').toUpperCase();
  if (!/^\d{1,2}[C-HJ-NP-X][A-HJ-NP-Z]{2}(\d{2}|\d{4}|\d{6}|\d{8}|\d{10})$/.test(compact)) return null;
  try {
    const [lon, lat] = toPoint(compact);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
    return { lat: lat, lon: lon };
  } catch {
    return null;
  }
}
