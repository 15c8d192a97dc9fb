/**
 * Settings → Lock and encryption: set the passphrase (optionally bound to the OS keychain), lock
 * now, auto-lock, turn encryption off, emergency wipe. Everything that weakens or destroys the
 * protection asks for the passphrase (the core checks it); every answer goes to the lock store,
 * so a new auto-lock time applies at once.
 */
import { useState } from 'react';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { applyLockStatus } from '../../app/session.js';
import { describeError, ErrorState, Loading } from '../../ui/AsyncView.js';
import { useApiState } from '../../api/queries.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { useAction } from '../../ui/use-action.js';
import { lockNow } from './StoreGuard.js';

const WIPE_PHRASE = 'WIPE LOCAL DATA';

function PassphraseField(props: { value: string; onChange(v: string): void; testId: string; label?: string }) {
  const { t } = useT();
  return (
    <label className="field"><span>{props.label ?? t('sec.currentPassphrase')}</span>
      <input type="password" autoComplete="current-password" value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId} />
    </label>
  );
}

export function SecuritySection() {
  const { t } = useT();
  const { state, reload } = useApiState('security', 'status', {});
  const [pass, setPass] = useState('');
  const [repeat, setRepeat] = useState('');
  const [bind, setBind] = useState(false);
  const [minutes, setMinutes] = useState<string | null>(null);
  const [settingsPass, setSettingsPass] = useState('');
  const [offPass, setOffPass] = useState('');
  const [wipe, setWipe] = useState('');
  const [wipePass, setWipePass] = useState('');
  const [confirm, setConfirm] = useState<'disable' | 'wipe' | null>(null);
  const { act, error, setError, note, setNote } = useAction(reload);
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />;
  if (!state.data) return <Loading />;
  const s = state.data;
  const disable = () => act(async () => {
    const status = await api.security.disable({ passphrase: offPass });
    setOffPass('');
    applyLockStatus(status);
    setNote(t('sec.disabled'));
  });
  const destroy = () => act(async () => {
    await api.security.wipe(s.encrypted ? { passphrase: wipePass } : { confirmation: wipe });
    setWipe('');
    setWipePass('');
    setNote(t('sec.wiped'));
  });
  return (
    <div data-testid="security-section">
      <p>{t(s.encrypted ? 'sec.on' : 'sec.off')}{s.keychain === 'bound' ? ` ${t('sec.bound')}` : ''}</p>
      {!s.encrypted ? (
        <form onSubmit={(e) => {
          e.preventDefault();
          if (pass !== repeat) return setError(new Error(t('sec.mismatch')));
          void act(async () => {
            applyLockStatus(await api.security.enable({ passphrase: pass, bindToKeychain: bind }));
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
          {s.keychain === 'available' ? (
            <label className="field checkbox">
              <input type="checkbox" checked={bind} onChange={(e) => setBind(e.target.checked)} data-testid="sec-bind-keychain" />
              <span>{t('sec.bindKeychain')}</span>
              <small>{t('sec.bindKeychainHint')}</small>
            </label>
          ) : null}
          <button className="primary" type="submit" disabled={pass.length < 8} data-testid="sec-enable">{t('sec.enable')}</button>
        </form>
      ) : (
        <>
          <button onClick={() => void lockNow()} data-testid="sec-lock">{t('sec.lockNow')}</button>
          <form onSubmit={(e) => {
            e.preventDefault();
            void act(async () => {
              applyLockStatus(await api.security.setAutoLock({ minutes: Number(minutes ?? s.autoLockMinutes), passphrase: settingsPass }));
              setSettingsPass('');
              setMinutes(null);
              setNote(t('sec.saved'));
            });
          }}>
            <p className="hint">{t('sec.settingsNeedPassphrase')}</p>
            <label className="field"><span>{t('sec.autoLock')}</span>
              <input type="number" min={0} max={1440} value={minutes ?? String(s.autoLockMinutes)} onChange={(e) => setMinutes(e.target.value)} data-testid="sec-autolock" />
            </label>
            <PassphraseField value={settingsPass} onChange={setSettingsPass} testId="sec-autolock-pass" />
            <button type="submit" disabled={settingsPass.length < 8} data-testid="sec-autolock-save">{t('sec.save')}</button>
          </form>
          <details>
            <summary>{t('sec.disable')}</summary>
            <p>{t('sec.disableHint')}</p>
            <PassphraseField value={offPass} onChange={setOffPass} testId="sec-disable-pass" />
            <button className="danger" disabled={offPass.length < 8} onClick={() => setConfirm('disable')} data-testid="sec-disable">{t('sec.disable')}</button>
          </details>
        </>
      )}
      <details>
        <summary>{t('sec.wipe')}</summary>
        {s.encrypted ? (
          <>
            <p>{t('sec.wipeHintPass')}</p>
            <PassphraseField value={wipePass} onChange={setWipePass} testId="sec-wipe-pass" />{' '}
          </>
        ) : (
          <>
            <p>{t('sec.wipeHint', { phrase: WIPE_PHRASE })}</p>
            <input value={wipe} onChange={(e) => setWipe(e.target.value)} aria-label={t('sec.wipe')} data-testid="sec-wipe-confirm" />{' '}
          </>
        )}
        <button className="danger" disabled={s.encrypted ? wipePass.length < 8 : wipe !== WIPE_PHRASE} onClick={() => setConfirm('wipe')} data-testid="sec-wipe">{t('sec.wipeButton')}</button>
      </details>
      {confirm === 'disable' ? (
        <ConfirmDialog title={t('sec.disable')} body={t('sec.disableConfirm')} confirmLabel={t('sec.disable')}
          onClose={() => setConfirm(null)} onConfirm={() => { setConfirm(null); void disable(); }} />
      ) : null}
      {confirm === 'wipe' ? (
        <ConfirmDialog title={t('sec.wipe')} body={t('sec.wipeConfirm')} confirmLabel={t('sec.wipeButton')}
          onClose={() => setConfirm(null)} onConfirm={() => { setConfirm(null); void destroy(); }} />
      ) : null}
      {note ? <div className="alert ok" role="status">{note}</div> : null}
      {error ? <div className="alert danger" role="alert">{describeError(error, t)}</div> : null}
    </div>
  );
}
