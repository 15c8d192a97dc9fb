/** Settings → Backups: store health in plain words, the backup list, back up now, restore. */
import { useState } from 'react';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { describeError, ErrorState, Loading } from '../../ui/AsyncView.js';
import { useApiState } from '../../api/queries.js';
import { useAction } from '../../ui/use-action.js';

export function BackupsSection() {
  const { t, fmt } = useT();
  const { state, reload } = useApiState('durability', 'status', {});
  const { act, error, note: message, setNote: setMessage } = useAction(reload);
  const [confirm, setConfirm] = useState(false);
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />;
  if (!state.data) return <Loading />;
  const s = state.data;
  return (
    <div data-testid="backups-section">
      <div className={`alert ${s.writable ? 'ok' : 'danger'}`} role="status">{t(s.blockedBy ? `dur.${s.blockedBy}` : 'dur.ok')}</div>
      <p>{t('dur.keep', { n: s.backupKeep })} <code>{s.backupDir}</code></p>
      {s.backups.length === 0 ? <p>{t('dur.none')}</p> : (
        <ul>
          {s.backups.map((b) => (
            <li key={b.fileName}>
              {fmt(b.createdAt, 'd MMM yyyy, HH:mm:ss')} — {t(`dur.kind.${b.kind}`)} — {(b.bytes / 2 ** 20).toFixed(1)} MB <code>{b.fileName}</code>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button onClick={() => void act(() => api.durability.backupNow({}))} disabled={s.blockedBy === 'integrity'} data-testid="backup-now">
          {t('dur.backupNow')}
        </button>{' '}
        {s.newestGoodBackup ? (
          <button className={s.blockedBy === 'integrity' ? 'primary' : ''} onClick={() => setConfirm(true)} data-testid="restore-latest">
            {t('dur.restore')}
          </button>
        ) : null}
      </div>
      {message ? <div className="alert ok" role="status">{message}</div> : null}
      {error ? <div className="alert danger" role="alert">{describeError(error, t)}</div> : null}
      {confirm && s.newestGoodBackup ? (
        <ConfirmDialog
          title={t('dur.restore')}
          body={t('dur.restoreConfirm', { file: s.newestGoodBackup })}
          confirmLabel={t('dur.restore')}
          onClose={() => setConfirm(false)}
          onConfirm={() => {
            setConfirm(false);
            void act(async () => {
              const r = await api.durability.restore({ fileName: s.newestGoodBackup! });
              setMessage(t('dur.restored', { file: r.restoredFrom }));
            });
          }}
        />
      ) : null}
    </div>
  );
}
