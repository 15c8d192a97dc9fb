/**
 * Checks shared by the tests of builds that run between calls (services/between-calls.ts): the
 * conflict scan's and the map's.
 */
import type { WarmResult } from '../../electron/services/between-calls.js';

/** What ran first: a call queued just after the build started, or the build's end. */
export async function orderWithCallDuring(startBuild: () => Promise<WarmResult>): Promise<string[]> {
  const order: string[] = [];
  const built = startBuild().then((r) => order.push(r));
  setImmediate(() => order.push('call'));
  await built;
  return order;
}

/** What the build came to with `write` run just after it started (between its slices). */
export function buildAcrossWrite(startBuild: () => Promise<WarmResult>, write: () => void): Promise<WarmResult> {
  const built = startBuild();
  setImmediate(write);
  return built;
}

/** Waits until `done()` holds (the core's background work), at most ten seconds; answers it. */
export async function until(done: () => boolean): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return done();
}
