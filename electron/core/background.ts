/**
 * Work that runs while the app is open (Electron main process and browser mode): the daily
 * backup, the idle auto-lock and the conflict scan built ahead of the operations list. The CLI's
 * one-shot commands start none of them.
 */
import { startAutoLock } from '../security/at-rest.js';
import { warmConflictScan, type WarmScan } from '../services/conflicts.js';
import type { ServiceContext } from '../services/context.js';
import { startBackupScheduler } from '../services/durability.js';

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

/** How long after the last change the scan is built again: a planner typing saves often. */
const WARM_AFTER_CHANGE_MS = 1000;

/**
 * Keeps the whole plan's conflict scan built ahead of the operations list (warmConflictScan):
 * once when the core starts, and again a moment after data changed (`changed`), on this thread
 * between calls. A build that found the data moving under it is tried again later.
 */
export function startConflictWarmup(ctx: ServiceContext, options: { afterChangeMs?: number } = {}): {
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
    running = warmConflictScan(ctx, () => stopped)
      .catch((): WarmScan => 'unavailable')
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
