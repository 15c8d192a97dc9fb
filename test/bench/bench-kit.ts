/**
 * Benchmarks print figures and ratios against a baseline measured in the same process, because
 * these machines are noisy: an absolute millisecond figure means little, a ratio to a raw
 * operation measured a moment earlier means a lot. Nothing here asserts; targets are printed
 * next to the figure with a verdict so a reader sees at once what holds.
 */
export interface BenchLine {
  name: string;
  value: number;
  unit: string;
  /** Optional target, e.g. { max: 100 } ms or { min: 20 } ×. */
  target?: { max?: number; min?: number };
  note?: string;
}

export interface BenchReport {
  line(l: BenchLine): void;
  section(title: string): void;
}

/** Median wall time in ms of `fn` over `runs` runs (after one warm-up). */
export async function timeMedian(fn: () => unknown, runs = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function verdict(l: BenchLine): string {
  if (!l.target) return '';
  const okMax = l.target.max === undefined || l.value <= l.target.max;
  const okMin = l.target.min === undefined || l.value >= l.target.min;
  const want = [l.target.max !== undefined ? `≤ ${l.target.max}` : '', l.target.min !== undefined ? `≥ ${l.target.min}` : '']
    .filter(Boolean).join(' and ');
  return `${okMax && okMin ? 'OK' : 'MISS'} (target ${want} ${l.unit})`;
}
