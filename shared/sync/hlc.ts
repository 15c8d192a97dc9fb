/**
 * Hybrid logical clock (Kulkarni et al., 2014). Field laptops' wall clocks drift and are
 * sometimes set by hand; an HLC orders every change consistently with causality while staying
 * close to wall time, and its string form sorts lexicographically so SQLite can order by it.
 * Ties between sites are broken by site id, which is the last component.
 */
export interface Hlc {
  readonly wallMs: number;
  readonly counter: number;
  readonly siteId: string;
}

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 6;
const MAX_COUNTER = 36 ** COUNTER_DIGITS - 1;
/** A remote clock further ahead than this is refused: a unit whose clock says 2031 must not
 *  drag every other unit's clock into the future. */
export const MAX_CLOCK_DRIFT_MS = 24 * 60 * 60 * 1000;

export class HlcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HlcError';
  }
}

export function encodeHlc(h: Hlc): string {
  return `${h.wallMs.toString().padStart(WALL_DIGITS, '0')}-${h.counter
    .toString(36)
    .padStart(COUNTER_DIGITS, '0')}-${h.siteId}`;
}

const HLC_PATTERN = /^(\d{15})-([0-9a-z]{6})-([A-Za-z0-9_-]{1,64})$/;

export function decodeHlc(s: string): Hlc {
  const h = tryDecodeHlc(s);
  if (!h) throw new HlcError(`Malformed HLC timestamp: ${s}`);
  return h;
}

/** The timestamp, or null when `s` is not one (one match for a check and a decode). */
export function tryDecodeHlc(s: string): Hlc | null {
  const m = HLC_PATTERN.exec(s);
  return m ? { wallMs: Number(m[1]), counter: parseInt(m[2]!, 36), siteId: m[3]! } : null;
}

export function isHlc(s: string): boolean {
  return HLC_PATTERN.test(s);
}

/** Next timestamp for a local event. */
export function tickHlc(last: Hlc, nowMs: number): Hlc {
  if (nowMs > last.wallMs) return { wallMs: nowMs, counter: 0, siteId: last.siteId };
  if (last.counter >= MAX_COUNTER) throw new HlcError('HLC counter overflow');
  return { wallMs: last.wallMs, counter: last.counter + 1, siteId: last.siteId };
}

/** Merge a received timestamp so later local events sort after it. */
export function receiveHlc(local: Hlc, remote: Hlc, nowMs: number): Hlc {
  if (remote.wallMs - nowMs > MAX_CLOCK_DRIFT_MS) {
    throw new HlcError(`Remote clock is ${Math.round((remote.wallMs - nowMs) / 3.6e6)} h ahead`);
  }
  const wallMs = Math.max(local.wallMs, remote.wallMs, nowMs);
  let counter: number;
  if (wallMs === local.wallMs && wallMs === remote.wallMs) {
    counter = Math.max(local.counter, remote.counter) + 1;
  } else if (wallMs === local.wallMs) counter = local.counter + 1;
  else if (wallMs === remote.wallMs) counter = remote.counter + 1;
  else counter = 0;
  if (counter > MAX_COUNTER) throw new HlcError('HLC counter overflow');
  return { wallMs, counter, siteId: local.siteId };
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
