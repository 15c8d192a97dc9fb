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

  /** Bulk load: append, sort once on first read. */
  push(iv: Interval): void {
    this.items.push(iv);
    if (iv.e - iv.s > this.maxLen) this.maxLen = iv.e - iv.s;
    this.sorted = false;
  }

  ensureSorted(): void {
    if (this.sorted) return;
    this.items.sort(compareIntervals);
    this.sorted = true;
  }

  insert(iv: Interval): void {
    this.ensureSorted();
    const i = lowerBound(this.items, iv.s, iv.id);
    this.items.splice(i, 0, iv);
    if (iv.e - iv.s > this.maxLen) this.maxLen = iv.e - iv.s;
  }

  remove(id: string, s: number): void {
    this.ensureSorted();
    let i = lowerBound(this.items, s, '');
    while (i < this.items.length && this.items[i]!.s === s && this.items[i]!.id !== id) i++;
    if (i < this.items.length && this.items[i]!.id === id) this.items.splice(i, 1);
    else {
      const j = this.items.findIndex((x) => x.id === id);
      if (j >= 0) this.items.splice(j, 1);
    }
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
    for (let i = lowerBound(xs, s - this.maxLen, ''); i < xs.length && xs[i]!.s < e; i++) {
      const b = xs[i]!;
      if (b.id !== id && b.e > s) emit(b);
    }
  }

  get size(): number {
    return this.items.length;
  }
}

function compareIntervals(a: Interval, b: Interval): number {
  return a.s - b.s || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function lowerBound(xs: readonly Interval[], s: number, id: string): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = xs[mid]!;
    if (m.s < s || (m.s === s && m.id < id)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
