/**
 * Durability work that runs while the app is open (Electron main process and browser mode):
 * the daily backup and the idle auto-lock. The CLI's one-shot commands start neither.
 */
import { startAutoLock } from '../security/at-rest.js';
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
