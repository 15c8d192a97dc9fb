/**
 * The audit trail view: newest entries first, filtered by operation, person and action. Pages
 * back through older entries by seq, so a long trail never loads whole.
 */
import { useState } from 'react';
import type { AuditEntry } from '../../../../shared/api/audit.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import type { PageProps } from '../../app/routes.js';
import { ErrorState, Loading } from '../../ui/AsyncView.js';
import { useAsync } from '../../ui/use-async.js';
import { AuditVerifySection } from './AuditVerifySection.js';

const PAGE = 200;

export function AuditPage(_props: PageProps) {
  const { t } = useT();
  const [operationId, setOperationId] = useState('');
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const filter = {
    ...(operationId ? { operationId } : {}), ...(actor ? { actor } : {}), ...(action ? { action } : {}),
  };
  const { state, reload } = useAsync(() => {
    setOlder([]);
    return api.audit.list({ ...filter, limit: PAGE });
  }, [operationId, actor, action]);
  const facets = useAsync(() => api.audit.facets({}), []);
  const ops = useAsync(() => api.operations.list({}), []);
  const opName = new Map((ops.state.data ?? []).map((o) => [o.id, o.codeName]));
  const rows = [...(state.data ?? []), ...older];
  const loadOlder = async () => {
    const last = rows.at(-1);
    if (!last) return;
    const more = await api.audit.list({ ...filter, beforeSeq: last.seq, limit: PAGE });
    setOlder((o) => [...o, ...more]);
  };

  return (
    <div className="page audit-page">
      <div className="page-header"><h1>{t('audit.title')}</h1></div>
      <p>{t('audit.intro')}</p>
      <section className="panel"><AuditVerifySection /></section>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label className="filter">
          <span>{t('audit.filter.operation')}</span>
          <select value={operationId} onChange={(e) => setOperationId(e.target.value)} data-testid="audit-filter-operation">
            <option value="">{t('audit.filter.all')}</option>
            {(ops.state.data ?? []).map((o) => <option key={o.id} value={o.id}>{o.codeName}</option>)}
          </select>
        </label>
        <label className="filter">
          <span>{t('audit.filter.actor')}</span>
          <select value={actor} onChange={(e) => setActor(e.target.value)} data-testid="audit-filter-actor">
            <option value="">{t('audit.filter.all')}</option>
            {(facets.state.data?.actors ?? []).map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <label className="filter">
          <span>{t('audit.filter.action')}</span>
          <select value={action} onChange={(e) => setAction(e.target.value)} data-testid="audit-filter-action">
            <option value="">{t('audit.filter.all')}</option>
            {(facets.state.data?.actions ?? []).map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
      </form>
      {state.status === 'error' ? <ErrorState error={state.error} onRetry={reload} /> : null}
      {!state.data && state.status === 'loading' ? <Loading /> : null}
      {state.data && rows.length === 0 ? <div className="state">{t('audit.empty')}</div> : null}
      {rows.length > 0 ? (
        <table className="plain" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('audit.col.seq')}</th><th>{t('audit.col.at')}</th><th>{t('audit.col.actor')}</th>
              <th>{t('audit.col.unit')}</th><th>{t('audit.col.action')}</th><th>{t('audit.col.affected')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.seq} data-testid="audit-row">
                <td>{e.seq}</td>
                <td><time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time></td>
                <td>{e.actor}</td>
                <td>{[e.agencyId, e.unitName].filter(Boolean).join(' · ')} <code title={e.siteId}>{e.siteId.slice(0, 8)}</code></td>
                <td><code>{e.action}</code>{e.operationId ? ` — ${opName.get(e.operationId) ?? e.operationId}` : ''}</td>
                <td title={e.affected.join('\n')}>{e.affected.slice(0, 3).join(', ')}{e.affected.length > 3 ? ` +${e.affected.length - 3}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {(state.data?.length ?? 0) === PAGE && rows.length % PAGE === 0 ? (
        <button onClick={() => void loadOlder()}>{t('audit.more')}</button>
      ) : null}
    </div>
  );
}
