/**
 * Shown above every page: a plain banner when the store is damaged or read-only (with the
 * restore offer in Settings). Also the idle hook: user input is reported (throttled) so the
 * core's auto-lock counts reading as activity, and after the configured idle time the renderer
 * locks without waiting for it. The time is read from the lock store, so a new setting applies
 * at once.
 */
import { useEffect, useRef } from 'react';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { useT } from '../../app/i18n.store.js';
import { href } from '../../app/router.js';
import { applyLockStatus, endSession } from '../../app/session.js';
import { useLockStore } from './lock.store.js';

const TOUCH_EVERY_MS = 30_000;
const CHECK_EVERY_MS = 5_000;

export function useIdleLock(autoLockMinutes: number, onLock: () => void): void {
  const last = useRef(Date.now());
  const lastTouch = useRef(0);
  useEffect(() => {
    if (autoLockMinutes <= 0) return;
    last.current = Date.now();
    const activity = () => {
      last.current = Date.now();
      if (last.current - lastTouch.current > TOUCH_EVERY_MS) {
        lastTouch.current = last.current;
        void api.security.touch({}).catch(() => undefined);
      }
    };
    const events = ['pointerdown', 'keydown', 'wheel', 'pointermove'] as const;
    for (const e of events) window.addEventListener(e, activity, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last.current >= autoLockMinutes * 60_000) onLock();
    }, CHECK_EVERY_MS);
    return () => {
      for (const e of events) window.removeEventListener(e, activity);
      window.clearInterval(timer);
    };
  }, [autoLockMinutes, onLock]);
}

/** Locks the store, then ends the session; if the call fails the session ends anyway. */
export async function lockNow(): Promise<void> {
  try {
    applyLockStatus(await api.security.lock({}));
  } catch {
    endSession();
  }
}

function lockOnIdle(): void {
  void lockNow();
}

export function StoreGuard() {
  const { t } = useT();
  const lock = useLockStore((s) => s.status);
  const status = useApiQuery('durability', 'status', {}).data;
  useIdleLock(lock?.encrypted && !lock.locked ? lock.autoLockMinutes : 0, lockOnIdle);
  if (!status || status.writable) return null;
  return (
    <div className="alert danger" role="alert" data-testid="store-banner">
      {t(`dur.${status.blockedBy ?? 'read_only'}`)}{' '}
      {status.blockedBy === 'integrity' ? <a href={href('/settings')}>{t('dur.restore')}</a> : null}
    </div>
  );
}
