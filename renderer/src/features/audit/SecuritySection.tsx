/** Settings → Lock and encryption: set the passphrase, lock now, auto-lock, emergency wipe. */
import { useState } from 'react';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { describeError, ErrorState, Loading } from '../../ui/AsyncView.js';
import { useApiState } from '../../api/queries.js';
import { useLockStore } from './lock.store.js';
import { useAction } from '../../ui/use-action.js';

const WIPE_PHRASE = 'WIPE LOCAL DATA';

export function SecuritySection() {
  const { t } = useT();
  const { state, reload } = useApiState('security', 'status', {});
  const setLocked = useLockStore((s) => s.setLocked);
  const [pass, setPass] = useState('');
  const [repeat, setRepeat] = useState('');
  const [minutes, setMinutes] = useState<string | null>(null);
  const [wipe, setWipe] = useState('');
  const { act, error, setError, note, setNote } = useAction(reload);
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />;
  if (!state.data) return <Loading />;
  const s = state.data;
  return (
    <div data-testid="security-section">
      <p>{t(s.encrypted ? 'sec.on' : 'sec.off')}</p>
      {!s.encrypted ? (
        <form onSubmit={(e) => {
          e.preventDefault();
          if (pass !== repeat) return setError(new Error(t('sec.mismatch')));
          void act(async () => {
            await api.security.enable({ passphrase: pass });
            setPass('');
            setRepeat('');
          });
        }}>
          <label className="field"><span>{t('sec.passphrase')}</span>
            <input type="password" autoComplete="new-password" minLength={8} value={pass} onChange={(e) => setPass(e.target.value)} data-testid="sec-pass" />
          </label>
          <label className="field"><span>{t('sec.passphraseRepeat')}</span>
            <input type="password" autoComplete="new-password" minLength={8} value={repeat} onChange={(e) => setRepeat(e.target.value)} data-testid="sec-pass-repeat" />
          </label>
          <button className="primary" type="submit" disabled={pass.length < 8} data-testid="sec-enable">{t('sec.enable')}</button>
        </form>
      ) : (
        <>
          <button onClick={() => void act(async () => { await api.security.lock({}); setLocked(true); })} data-testid="sec-lock">{t('sec.lockNow')}</button>
          <form onSubmit={(e) => {
            e.preventDefault();
            void act(() => api.security.setAutoLock({ minutes: Number(minutes ?? s.autoLockMinutes) }));
          }}>
            <label className="field"><span>{t('sec.autoLock')}</span>
              <input type="number" min={0} max={1440} value={minutes ?? String(s.autoLockMinutes)} onChange={(e) => setMinutes(e.target.value)} data-testid="sec-autolock" />
            </label>
            <button type="submit">{t('sec.save')}</button>
          </form>
        </>
      )}
      <details>
        <summary>{t('sec.wipe')}</summary>
        <p>{t('sec.wipeHint', { phrase: WIPE_PHRASE })}</p>
        <input value={wipe} onChange={(e) => setWipe(e.target.value)} aria-label={t('sec.wipe')} data-testid="sec-wipe-confirm" />{' '}
        <button className="danger" disabled={wipe !== WIPE_PHRASE} onClick={() => void act(async () => {
          await api.security.wipe({ confirmation: wipe });
          setWipe('');
          setNote(t('sec.wiped'));
        })} data-testid="sec-wipe">{t('sec.wipeButton')}</button>
      </details>
      {note ? <div className="alert ok" role="status">{note}</div> : null}
      {error ? <div className="alert danger" role="alert">{describeError(error, t)}</div> : null}
    </div>
  );
}
