/**
 * The lock form: while the store is locked it is all the page holds (the app tree is unmounted,
 * see app/session.ts). Focus stays inside it: Tab and Shift+Tab cycle its two controls, so
 * nothing behind or around it can be reached from the keyboard.
 */
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { api, ApiCallError } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { applyLockStatus } from '../../app/session.js';
import { describeError } from '../../ui/AsyncView.js';
import { useLockStore } from './lock.store.js';

export function LockScreen() {
  const { t } = useT();
  const encrypted = useLockStore((s) => s.status?.encrypted ?? true);
  const [pass, setPass] = useState('');
  const [error, setError] = useState<ReactNode>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const trapTab = (e: KeyboardEvent) => {
    if (e.key !== 'Tab') return;
    const items = [...(form.current?.querySelectorAll<HTMLElement>('input, button:not(:disabled)') ?? [])];
    if (items.length === 0) return;
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = e.shiftKey ? (at <= 0 ? items.length - 1 : at - 1) : (at + 1) % items.length;
    e.preventDefault();
    items[next]!.focus();
  };
  if (!encrypted) {
    // Locked over nothing: the emergency wipe destroyed the store and its key.
    return (
      <div className="lock-screen" role="alert" data-testid="lock-screen">
        <div className="panel lock-form"><h2>{t('sec.wiped')}</h2></div>
      </div>
    );
  }
  return (
    <div className="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-title" data-testid="lock-screen" onKeyDown={trapTab}>
      <form ref={form} className="panel lock-form" onSubmit={(e) => {
        e.preventDefault();
        if (busy) return;
        setError(null);
        setBusy(true);
        api.security.unlock({ passphrase: pass }).then((status) => {
          setPass('');
          applyLockStatus(status);
        }, (err: unknown) => {
          setBusy(false);
          setError(err instanceof ApiCallError && err.error.details?.['messageKey'] === 'sec.wrong' ? t('sec.wrong') : describeError(err, t));
        });
      }}>
        <h2 id="lock-title">{t('sec.unlockTitle')}</h2>
        <p>{t('sec.unlockHint')}</p>
        <input type="password" autoFocus autoComplete="current-password" value={pass} onChange={(e) => setPass(e.target.value)}
          aria-label={t('sec.passphrase')} data-testid="unlock-pass" />{' '}
        <button className="primary" type="submit" disabled={busy} data-testid="unlock">{t('sec.unlock')}</button>
        {error ? <div className="alert danger" role="alert" data-testid="unlock-error">{error}</div> : null}
      </form>
      <p className="lock-note" role="note">{t('notCertified')}</p>
    </div>
  );
}
