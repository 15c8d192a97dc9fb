/**
 * Deconfliction alerts: both operations with their lead agencies and contacts. An alert stays
 * listed until someone acknowledges it (who and a note are recorded); a match that disappeared
 * is shown as cleared, never dropped silently.
 */
import { useState } from 'react';
import type { DeconflictionAlert } from '../../../../shared/api/conflicts.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { describeError, ErrorState } from '../../ui/AsyncView.js';
import { Dialog } from '../../ui/Dialog.js';
import type { AsyncState } from '../../ui/async-state.js';

/** The alerts panel the global conflicts page and an operation's conflicts tab both show. */
export function DeconflictionPanel({ alerts, reload }: { alerts: AsyncState<DeconflictionAlert[]>; reload(): void }) {
  const { t } = useT();
  return (
    <section className="panel">
      <h3>{t('decon.title')}</h3>
      {alerts.status === 'error' ? <ErrorState error={alerts.error} onRetry={reload} /> : null}
      {alerts.data ? <DeconflictionList alerts={alerts.data} onChanged={reload} /> : null}
    </section>
  );
}

export function DeconflictionList({ alerts, onChanged }: { alerts: readonly DeconflictionAlert[]; onChanged(): void }) {
  const { t, fmt } = useT();
  const [acking, setAcking] = useState<DeconflictionAlert | null>(null);
  if (alerts.length === 0) return <p className="muted" data-testid="decon-none">{t('decon.none')}</p>;
  return (
    <div data-testid="decon-list">
      {alerts.map((a) => (
        <div key={a.key} className={`decon-alert${a.acknowledgedAt ? '' : ' open'}`}>
          <strong>
            {a.kind === 'subject'
              ? t('decon.subject', { label: a.label })
              : t('decon.proximity', { label: a.label, meters: a.distanceMeters ?? 0 })}
          </strong>
          {a.windowsOverlap && a.kind === 'subject' ? <span className="badge warn"> {t('decon.windowsOverlap')}</span> : null}
          {a.clearedAt ? <span className="muted small"> ({t('decon.cleared')})</span> : null}
          <div className="decon-ops">
            {[a.a, a.b].map((o) => (
              <div key={o.id}>
                <div><a href={`#/operations/${o.id}`}>{o.codeName}</a> <span className="muted small">{fmt(o.startsAt)} — {fmt(o.endsAt)}</span></div>
                <div className="small">{t('decon.lead')}: {o.leadAgencyId}</div>
                <div className="small">{t('decon.contacts')}: {o.contacts.join('; ') || '—'}</div>
              </div>
            ))}
          </div>
          {a.acknowledgedAt ? (
            <p className="small">✓ {t('decon.acknowledged', { by: a.acknowledgedBy ?? '', at: fmt(a.acknowledgedAt) })}{a.ackNote ? ` — ${a.ackNote}` : ''}</p>
          ) : (
            <button type="button" onClick={() => setAcking(a)}>{t('decon.acknowledge')}</button>
          )}
        </div>
      ))}
      {acking ? <AcknowledgeDialog alert={acking} onClose={() => setAcking(null)} onDone={() => { setAcking(null); onChanged(); }} /> : null}
    </div>
  );
}

function AcknowledgeDialog({ alert, onClose, onDone }: { alert: DeconflictionAlert; onClose(): void; onDone(): void }) {
  const { t } = useT();
  const [by, setBy] = useState('');
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const submit = () => {
    api.conflicts.acknowledgeAlert({ key: alert.key, by, note }).then(onDone, setFailure);
  };
  return (
    <Dialog title={t('decon.acknowledge')} onClose={onClose} onSubmit={submit} submitLabel={t('decon.acknowledge')}>
      <p>{alert.label}</p>
      <label className="field"><span>{t('decon.by')}</span><input value={by} onChange={(e) => setBy(e.target.value)} /></label>
      <label className="field"><span>{t('decon.note')}</span><textarea rows={3} value={note} onChange={(e) => setNote(e.target.value)} /></label>
      {failure ? <p className="form-failure">{describeError(failure, t)}</p> : null}
    </Dialog>
  );
}
