/**
 * The automatic folder sync on the Sync page (electron/sync/watch.ts, watch-service.ts): the same
 * two folders as the folder exchange, a switch, what it is doing, and per trusted peer the last
 * bundle received and written and whether one still waits for delivery. The state is read
 * every two seconds while the mode is on (imports land on their own; the views refresh through
 * the change events).
 */
import { useEffect, useState } from 'react';
import type { WatchState } from '../../../../shared/api/sync.js';
import { api } from '../../api/client.js';
import { useApiState } from '../../api/queries.js';
import { useT } from '../../app/i18n.store.js';
import { describeError } from '../../ui/AsyncView.js';
import { FolderChoice } from './FolderExchangeSection.js';

export function AutoSyncSection() {
  const { t, fmt } = useT();
  const folders = useApiState('files', 'folders', {});
  const status = useApiState('sync', 'watchStatus', {});
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const s: WatchState | undefined = status.state.data;
  const { reload } = status;
  useEffect(() => {
    if (!s?.enabled) return undefined;
    const timer = setInterval(() => void reload(), 2000);
    return () => clearInterval(timer);
  }, [s?.enabled, reload]);
  const outbox = folders.state.data?.outbox ?? null;
  const inbox = folders.state.data?.inbox ?? null;
  const toggle = async (enabled: boolean) => {
    setSaving(true);
    setFailure(null);
    try {
      await api.sync.setWatch({ enabled, ...(outbox ? { outbox: outbox.handle } : {}), ...(inbox ? { inbox: inbox.handle } : {}) });
      await reload();
    } catch (e) {
      setFailure(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <section className="card sync-section" data-testid="sync-auto">
      <h2>{t('sync.auto.title')}</h2>
      <p className="hint">{t('sync.auto.intro')}</p>
      <FolderChoice role="outbox" label={t('sync.folder.outbox')} chosen={outbox ?? (s?.outbox ? { name: s.outbox } : null)} onChosen={() => void folders.reload()} />
      <FolderChoice role="inbox" label={t('sync.folder.inbox')} chosen={inbox ?? (s?.inbox ? { name: s.inbox } : null)} onChosen={() => void folders.reload()} />
      <label className="check">
        <input type="checkbox" data-testid="sync-auto-toggle" checked={s?.enabled ?? false} disabled={saving || !s}
          onChange={(e) => void toggle(e.target.checked)} />{t('sync.auto.enable')}
      </label>
      {failure ? <div className="alert danger" role="alert">{describeError(failure, t)}</div> : null}
      {s ? (
        <div data-testid="sync-auto-state" data-state={s.state}>
          <p><strong>{t(`sync.auto.state.${s.state}`)}</strong>
            {s.lastScanAt ? <> · {t('sync.auto.lastScan', { at: fmt(s.lastScanAt) })}</> : null}</p>
          {s.enabled ? <p className="hint">{t('sync.auto.counts', { imported: s.imported, exported: s.exported, refused: s.refused })}</p> : null}
          {s.step ? <p className="hint">{t('sync.auto.step', { step: s.step })}</p> : null}
          {s.settling.length > 0 ? <p className="hint">{t('sync.auto.settling', { count: s.settling.length })}</p> : null}
          {s.peers.length === 0 ? <p className="muted">{t('sync.auto.noPeers')}</p> : (
            <table className="table" data-testid="sync-auto-peers">
              <thead><tr><th>{t('sync.auto.peer')}</th><th>{t('sync.auto.lastIn')}</th><th>{t('sync.auto.lastOut')}</th><th>{t('sync.auto.waiting')}</th></tr></thead>
              <tbody>
                {s.peers.map((p) => (
                  <tr key={p.siteId} data-testid="sync-auto-peer" data-peer={p.siteId}>
                    <td>{p.unitName} ({p.agencyId})</td>
                    <td>{p.lastIn ? t('sync.auto.exchange', { at: fmt(p.lastIn.at), count: p.lastIn.changes }) : t('sync.auto.never')}</td>
                    <td>{p.lastOut ? t('sync.auto.exchange', { at: fmt(p.lastOut.at), count: p.lastOut.changes }) : t('sync.auto.never')}</td>
                    <td>{p.waiting ? t('sync.auto.yes') : t('sync.auto.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : null}
    </section>
  );
}
