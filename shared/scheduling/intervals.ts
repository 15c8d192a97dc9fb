/**
 * Per-key timelines (one per person, resource or unit) kept sorted by start, so overlaps are
 * found by a sweep over neighbours instead of comparing every pair of tasks. A timeline holds
 * slots — positions in its owner's start and end columns — rather than objects: a plan's
 * thousands of timelines then give the garbage collector nothing to trace, which on a full scan
 * of 50,000 tasks was the largest single cost. Each timeline also tracks its longest interval,
 * which bounds how far back an overlap can start.
 */
export interface SlotWindows {
  /** Start and end in milliseconds, by slot. The owner may replace the arrays when it grows. */
  readonly start: Float64Array;
  readonly end: Float64Array;
}

export class Timeline {
  /**
   * Slots in start order. A bulk load places them in a window of one typed array shared by every
   * timeline of the index (a JS array per timeline cost 7,500 allocations of a computed size and
   * 155,000 elements for the collector to copy); the first edit moves them into a JS array of
   * their own, which can grow and shrink. Readers index them either way.
   */
  private slots: number[] | Int32Array = [];
  private maxLen = 0;
  private sorted = true;

  constructor(private readonly w: SlotWindows) {}

  /**
   * A timeline over slots a bulk load has placed (in start order, unless `sorted` says a few
   * ties are not), with the longest interval among them.
   */
  static loaded(w: SlotWindows, slots: Int32Array, maxLen: number, sorted: boolean): Timeline {
    const tl = new Timeline(w);
    tl.slots = slots;
    tl.maxLen = maxLen;
    tl.sorted = sorted;
    return tl;
  }

  /** The slots, to read. */
  get inStartOrder(): ArrayLike<number> {
    this.ensureSorted();
    return this.slots;
  }

  /** The slots as a JS array this timeline owns, for an edit. */
  private editable(): number[] {
    if (!Array.isArray(this.slots)) this.slots = Array.from(this.slots);
    return this.slots;
  }

  ensureSorted(): void {
    if (this.sorted) return;
    const start = this.w.start;
    this.slots.sort((a, b) => start[a]! - start[b]!);
    this.sorted = true;
  }

  insert(slot: number): void {
    this.ensureSorted();
    this.editable().splice(this.lowerBound(this.w.start[slot]!), 0, slot);
    this.noteLength(slot);
  }

  remove(slot: number): void {
    this.ensureSorted();
    const xs = this.editable();
    const start = this.w.start;
    const s = start[slot]!;
    let i = this.lowerBound(s);
    while (i < xs.length && xs[i] !== slot && start[xs[i]!] === s) i++;
    if (xs[i] === slot) xs.splice(i, 1);
  }

  /** Every pair of overlapping intervals, each once (a before b in start order). */
  overlappingPairs(emit: (a: number, b: number) => void): void {
    this.ensureSorted();
    const xs = this.slots;
    const { start, end } = this.w;
    for (let i = 0; i < xs.length; i++) {
      const a = xs[i]!;
      const aEnd = end[a]!;
      // Sorted by start: b overlaps a iff b starts before a ends; the first b that does not ends the run.
      for (let j = i + 1; j < xs.length && start[xs[j]!]! < aEnd; j++) emit(a, xs[j]!);
    }
  }

  /** Slots overlapping [s, e), other than `except`. */
  overlapping(s: number, e: number, except: number, emit: (b: number) => void): void {
    this.ensureSorted();
    const xs = this.slots;
    const { start, end } = this.w;
    for (let i = this.lowerBound(s - this.maxLen); i < xs.length && start[xs[i]!]! < e; i++) {
      const b = xs[i]!;
      if (b !== except && end[b]! > s) emit(b);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  private noteLength(slot: number): void {
    const len = this.w.end[slot]! - this.w.start[slot]!;
    if (len > this.maxLen) this.maxLen = len;
  }

  /** First position whose start is not before `s` (ties may sit in any order: callers scan the run). */
  private lowerBound(s: number): number {
    const xs = this.slots;
    const start = this.w.start;
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (start[xs[mid]!]! < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The decimal digit at `i` of `s`; a function of its own, not a closure made at every call. */
function digitAt(s: string, i: number): number {
  return s.charCodeAt(i) - 48;
}

/**
 * Milliseconds of an ISO-8601 instant. Stored instants are normalised to `YYYY-MM-DDTHH:MM:SS.sssZ`
 * and that form is decoded arithmetically: Date.parse dominated a full scan of 50,000 tasks.
 * Any other form falls back to Date.parse.
 */
export function isoMs(s: string): number {
  if (s.length !== 24 || s.charCodeAt(23) !== 90 || s.charCodeAt(10) !== 84 || s.charCodeAt(19) !== 46) return Date.parse(s);
  let y = digitAt(s, 0) * 1000 + digitAt(s, 1) * 100 + digitAt(s, 2) * 10 + digitAt(s, 3);
  const m = digitAt(s, 5) * 10 + digitAt(s, 6);
  const day = digitAt(s, 8) * 10 + digitAt(s, 9);
  // Days from the civil date (H. Hinnant's algorithm), valid for the proleptic Gregorian calendar.
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  return days * 86_400_000 + (digitAt(s, 11) * 10 + digitAt(s, 12)) * 3_600_000 + (digitAt(s, 14) * 10 + digitAt(s, 15)) * 60_000
    + (digitAt(s, 17) * 10 + digitAt(s, 18)) * 1000 + digitAt(s, 20) * 100 + digitAt(s, 21) * 10 + digitAt(s, 22);
}
