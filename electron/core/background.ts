/**
 * Work that runs while the app is open (Electron main process and browser mode): the daily
 * backup, the idle auto-lock, and the whole plan's conflict scan and map built ahead of the
 * operations list and the Map page. The CLI's one-shot commands start none of them.
 */
import { startAutoLock } from '../security/at-rest.js';
import type { WarmResult } from '../services/between-calls.js';
import { warmConflictScan } from '../services/conflicts.js';
import type { ServiceContext } from '../services/context.js';
import { startBackupScheduler } from '../services/durability.js';
import { warmPlanMap } from '../services/geo.js';

export function startDurabilityTasks(ctx: ServiceContext): { stop(): void } {
  const backups = startBackupScheduler(ctx);
  const autoLock = startAutoLock(ctx);
  return {
    stop() {
      backups.stop();
      autoLock.stop();
    },
  };
}

/** How long after the last change the builds run again: a planner typing saves often. */
const WARM_AFTER_CHANGE_MS = 1000;

/**
 * The whole plan's reads kept built ahead of the pages that need them, on this thread between
 * calls: the conflict scan first (the operations list, the app's first page, counts conflicts
 * from it), then the map of every operation.
 */
async function warmPlan(ctx: ServiceContext, stopped: () => boolean): Promise<WarmResult> {
  const scan = await warmConflictScan(ctx, stopped);
  if (scan === 'unavailable') return scan;
  const map = await warmPlanMap(ctx, stopped);
  return scan === 'stale' || map === 'stale' ? 'stale' : map;
}

/**
 * Keeps the whole plan's conflict scan and map built (warmPlan): once when the core starts, and
 * again a moment after data changed (`changed`). A build that found the data moving under it is
 * tried again later.
 */
export function startPlanWarmup(ctx: ServiceContext, options: { afterChangeMs?: number } = {}): {
  changed(): void;
  stop(): void;
} {
  const afterChangeMs = options.afterChangeMs ?? WARM_AFTER_CHANGE_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  const run = () => {
    timer = null;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = warmPlan(ctx, () => stopped)
      .catch((): WarmResult => 'unavailable')
      .then((result) => {
        running = null;
        if (result === 'stale' || again) {
          again = false;
          schedule();
        }
      });
  };
  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, afterChangeMs);
  };
  timer = setTimeout(run, 0);
  return {
    changed: schedule,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
