/**
 * The audit trail view: newest entries first, filtered by operation, person and action. Pages
 * back through older entries by seq, so a long trail never loads whole.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { apiQueryKey, toAsyncState, useApiState } from '../../api/queries.js';
import { hasMessage } from '../../../../shared/i18n/index.js';
import { auditActionKey, auditAffectedCounts } from '../../../../shared/i18n/messages/audit-actions.js';
import { useT } from '../../app/i18n.store.js';
import { agencyShortName, useAgencies } from '../directory/agencies.js';
import type { PageProps } from '../../app/routes.js';
import { ErrorState, Loading } from '../../ui/AsyncView.js';
import { AuditVerifySection } from './AuditVerifySection.js';

const PAGE = 200;

export function AuditPage(_props: PageProps) {
  const { t, td, fmt, lang } = useT();
  const agencies = useAgencies();
  // Actions read in words; the recorded name stays in the tooltip for whoever needs it.
  const actionLabel = (action: string) => {
    const { key, params } = auditActionKey(action);
    return hasMessage(key) ? td(key, params) : action;
  };
  const [operationId, setOperationId] = useState('');
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const filter = {
    ...(operationId ? { operationId } : {}), ...(actor ? { actor } : {}), ...(action ? { action } : {}),
  };
  // Pages of the trail by seq; a new entry (any write) refetches them from the newest down.
  const pages = useInfiniteQuery({
    queryKey: apiQueryKey('audit', 'list', { ...filter, limit: PAGE }),
    queryFn: ({ pageParam }) => api.audit.list({ ...filter, limit: PAGE, ...(pageParam === null ? {} : { beforeSeq: pageParam }) }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => (last.length === PAGE ? last.at(-1)!.seq : undefined),
  });
  const state = toAsyncState(pages);
  const reload = () => void pages.refetch();
  const facets = useApiState('audit', 'facets', {});
  const ops = useApiState('operations', 'list', {});
  const opName = new Map((ops.state.data ?? []).map((o) => [o.id, o.codeName]));
  const rows = pages.data?.pages.flat() ?? [];

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
            {(facets.state.data?.actions ?? []).map((a) => <option key={a} value={a}>{actionLabel(a)}</option>)}
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
                <td><time dateTime={e.at}>{fmt(e.at, 'd MMM yyyy, HH:mm:ss')}</time></td>
                <td>{e.actor}</td>
                <td title={e.siteId}>{[agencyShortName(agencies.byId.get(e.agencyId), lang), e.unitName].filter(Boolean).join(' · ')}</td>
                <td><span title={e.action} data-testid="audit-action">{actionLabel(e.action)}</span>{e.operationId ? ` — ${opName.get(e.operationId) ?? e.operationId}` : ''}</td>
                <td title={e.affected.join('\n')} data-testid="audit-affected">
                  {auditAffectedCounts(e.affected).map(({ key, count }) => (hasMessage(key) ? td(key, { count }) : `${key.slice('auditEntity.'.length)}: ${count}`)).join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {pages.hasNextPage ? (
        <button onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>{t('audit.more')}</button>
      ) : null}
    </div>
  );
}
