/**
 * Shown above every page: a plain banner when the store is damaged or read-only (with the
 * restore offer in Settings), and the lock screen while the store is locked. Also the idle
 * hook: user input is reported (throttled) so the main process' auto-lock counts reading as
 * activity, and after the configured idle time the renderer locks without waiting for it.
 */
import { useEffect, useRef, useState } from 'react';
import type { DurabilityStatus } from '../../../../shared/api/durability.js';
import { api, ApiCallError } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { href } from '../../app/router.js';
import { useLockStore } from './lock.store.js';

const TOUCH_EVERY_MS = 30_000;

export function useIdleLock(autoLockMinutes: number, onLock: () => void): void {
  const last = useRef(Date.now());
  const lastTouch = useRef(0);
  useEffect(() => {
    if (autoLockMinutes <= 0) return;
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
    }, 15_000);
    return () => {
      for (const e of events) window.removeEventListener(e, activity);
      window.clearInterval(timer);
    };
  }, [autoLockMinutes, onLock]);
}

function LockScreen(props: { onUnlocked(): void }) {
  const { t } = useT();
  const [pass, setPass] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-title" data-testid="lock-screen"
      style={{ position: 'fixed', inset: 0, background: 'var(--bg, #fff)', zIndex: 1000, display: 'grid', placeItems: 'center' }}>
      <form className="panel" onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        api.security.unlock({ passphrase: pass }).then(() => {
          setPass('');
          props.onUnlocked();
        }, (err: unknown) => setError(err instanceof ApiCallError && err.code === 'locked' ? t('sec.wrong') : String((err as Error).message)));
      }}>
        <h2 id="lock-title">{t('sec.unlockTitle')}</h2>
        <p>{t('sec.unlockHint')}</p>
        <input type="password" autoFocus autoComplete="current-password" value={pass} onChange={(e) => setPass(e.target.value)}
          aria-label={t('sec.passphrase')} data-testid="unlock-pass" />{' '}
        <button className="primary" type="submit" data-testid="unlock">{t('sec.unlock')}</button>
        {error ? <div className="alert danger" role="alert">{error}</div> : null}
      </form>
    </div>
  );
}

export function StoreGuard() {
  const { t } = useT();
  const locked = useLockStore((s) => s.locked);
  const setLocked = useLockStore((s) => s.setLocked);
  const [status, setStatus] = useState<DurabilityStatus | null>(null);
  const [autoLock, setAutoLock] = useState(0);
  const refresh = async () => {
    try {
      const sec = await api.security.status({});
      setLocked(sec.locked);
      setAutoLock(sec.encrypted ? sec.autoLockMinutes : 0);
      if (!sec.locked) setStatus(await api.durability.status({}));
    } catch {
      // The page itself reports transport errors.
    }
  };
  useEffect(() => {
    void refresh();
    // Asked again whenever the lock state flips; `refresh` itself is new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [locked]);
  useIdleLock(locked ? 0 : autoLock, () => {
    void api.security.lock({}).then(() => setLocked(true), () => undefined);
  });
  if (locked) return <LockScreen onUnlocked={() => { setLocked(false); location.reload(); }} />;
  if (!status || status.writable) return null;
  return (
    <div className="alert danger" role="alert" data-testid="store-banner">
      {t(`dur.${status.blockedBy ?? 'read_only'}`)}{' '}
      {status.blockedBy === 'integrity' ? <a href={href('/settings')}>{t('dur.restore')}</a> : null}
    </div>
  );
}
