/** All conflicts across every operation, every deconfliction alert, and the check settings. */
import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import type { PageProps } from '../../app/routes.js';
import { describeError, ErrorState, Loading } from '../../ui/AsyncView.js';
import { useAsync } from '../../ui/use-async.js';
import { ConflictList } from './ConflictList.js';
import { useConflictsStore } from './conflicts.store.js';
import { DeconflictionPanel } from './DeconflictionList.js';

export function ConflictsPage(_props: PageProps) {
  const { t } = useT();
  const { report, error, loading, refresh } = useConflictsStore();
  const alerts = useAsync(() => api.conflicts.deconflict({ operationId: null }), []);
  const ops = useAsync(() => api.operations.list({}), []);
  const names = new Map((ops.state.data ?? []).map((o) => [o.id, o.codeName]));
  useEffect(() => { void refresh(); }, [refresh]);
  return (
    <div className="page" data-testid="conflicts-page">
      <header className="page-header">
        <h1>{t('conflicts.global')}</h1>
        <button type="button" onClick={() => { void refresh(); void alerts.reload(); }} disabled={loading}>{t('conflicts.rescan')}</button>
      </header>
      <div className="conflicts-grid">
        <section className="panel">
          {error ? <ErrorState error={error} onRetry={() => void refresh()} /> : null}
          {report ? (
            <>
              <p className="muted" data-testid="conflicts-count">{t('conflicts.count', { blocking: report.blocking, warning: report.warning })}</p>
              <ConflictList conflicts={report.conflicts} operationNames={names} />
            </>
          ) : <Loading />}
        </section>
        <div>
          <DeconflictionPanel alerts={alerts.state} reload={() => void alerts.reload()} />
          <SettingsPanel onSaved={() => { void refresh(); void alerts.reload(); }} />
        </div>
      </div>
    </div>
  );
}

function SettingsPanel({ onSaved }: { onSaved(): void }) {
  const { t } = useT();
  const settings = useAsync(() => api.conflicts.getSettings({}), []);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  if (settings.state.status === 'error') return <ErrorState error={settings.state.error} onRetry={settings.reload} />;
  const s = settings.state.data;
  if (!s) return <Loading />;
  const fields = [
    ['maxDutyHours', 'conflicts.maxDuty'], ['minRestHours', 'conflicts.minRest'], ['radiusMeters', 'conflicts.radius'],
  ] as const;
  const save = () => {
    setFailure(null);
    const patch = Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== '').map(([k, v]) => [k, Number(v)]));
    api.conflicts.setSettings(patch).then(() => { setDraft({}); void settings.reload(); onSaved(); }, setFailure);
  };
  return (
    <section className="panel">
      <h3>{t('conflicts.settings')}</h3>
      {fields.map(([k, label]) => (
        <label key={k} className="field">
          <span>{t(label)}</span>
          <input type="number" value={draft[k] ?? String(s[k])} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} />
        </label>
      ))}
      <button type="button" className="primary" onClick={save}>{t('conflicts.save')}</button>
      {failure ? <p className="form-failure">{describeError(failure, t)}</p> : null}
    </section>
  );
}
