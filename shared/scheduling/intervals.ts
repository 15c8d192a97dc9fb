/**
 * Per-key timelines (one per person, resource or unit) kept sorted by start, so overlaps are
 * found by a sweep over neighbours instead of comparing every pair of tasks. Each timeline also
 * tracks its longest interval, which bounds how far back an overlapping interval can start.
 */
export interface Interval {
  id: string;
  s: number;
  e: number;
}

export class Timeline {
  readonly items: Interval[] = [];
  private maxLen = 0;
  private sorted = true;

  /** Bulk load of intervals arriving in start order: no sort needed. */
  append(iv: Interval): void {
    const last = this.items[this.items.length - 1];
    if (last && last.s > iv.s) this.sorted = false;
    this.items.push(iv);
    if (iv.e - iv.s > this.maxLen) this.maxLen = iv.e - iv.s;
  }

  ensureSorted(): void {
    if (this.sorted) return;
    this.items.sort(compareIntervals);
    this.sorted = true;
  }

  insert(iv: Interval): void {
    this.ensureSorted();
    const i = lowerBound(this.items, iv.s);
    this.items.splice(i, 0, iv);
    if (iv.e - iv.s > this.maxLen) this.maxLen = iv.e - iv.s;
  }

  remove(id: string, s: number): void {
    this.ensureSorted();
    let i = lowerBound(this.items, s);
    while (i < this.items.length && this.items[i]!.s === s && this.items[i]!.id !== id) i++;
    if (i < this.items.length && this.items[i]!.id === id) this.items.splice(i, 1);
  }

  /** Every pair of overlapping intervals, each once (a before b in start order). */
  overlappingPairs(emit: (a: Interval, b: Interval) => void): void {
    this.ensureSorted();
    const xs = this.items;
    for (let i = 0; i < xs.length; i++) {
      const a = xs[i]!;
      // Sorted by start: b overlaps a iff b starts before a ends; the first b that does not ends the run.
      for (let j = i + 1; j < xs.length && xs[j]!.s < a.e; j++) emit(a, xs[j]!);
    }
  }

  /** Intervals overlapping [s, e), other than `id`. */
  overlapping(s: number, e: number, id: string, emit: (b: Interval) => void): void {
    this.ensureSorted();
    const xs = this.items;
    for (let i = lowerBound(xs, s - this.maxLen); i < xs.length && xs[i]!.s < e; i++) {
      const b = xs[i]!;
      if (b.id !== id && b.e > s) emit(b);
    }
  }

  get size(): number {
    return this.items.length;
  }
}

/** By start only: ties may sit in any order (lookups scan a run of equal starts). */
function compareIntervals(a: Interval, b: Interval): number {
  return a.s - b.s;
}

/** First index whose start is not before `s`. */
function lowerBound(xs: readonly Interval[], s: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]!.s < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Milliseconds of an ISO-8601 instant. Stored instants are normalised to `YYYY-MM-DDTHH:MM:SS.sssZ`
 * and that form is decoded arithmetically: Date.parse dominated a full scan of 50,000 tasks.
 * Any other form falls back to Date.parse.
 */
export function isoMs(s: string): number {
  if (s.length !== 24 || s.charCodeAt(23) !== 90 || s.charCodeAt(10) !== 84 || s.charCodeAt(19) !== 46) return Date.parse(s);
  const d = (i: number) => s.charCodeAt(i) - 48;
  let y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  const m = d(5) * 10 + d(6);
  const day = d(8) * 10 + d(9);
  // Days from the civil date (H. Hinnant's algorithm), valid for the proleptic Gregorian calendar.
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  return days * 86_400_000 + (d(11) * 10 + d(12)) * 3_600_000 + (d(14) * 10 + d(15)) * 60_000
    + (d(17) * 10 + d(18)) * 1000 + d(20) * 100 + d(21) * 10 + d(22);
}
