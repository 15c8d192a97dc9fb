/**
 * The operations list: search, filters and sorting run in the service (one indexed query), the
 * list renders only the visible rows so thousands of operations scroll smoothly.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { OperationListQuery, OperationSummary } from '../../../../shared/api/operations.js';
import { OPERATION_SORT_KEYS } from '../../../../shared/api/operations.js';
import { HANDLING_CODES, OPERATION_STATUSES, OPERATION_TYPES } from '../../../../shared/domain/enums.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import type { PageProps } from '../../app/routes.js';
import { href, navigate } from '../../app/router.js';
import { AgencyBadge } from '../../ui/AgencyBadge.js';
import { ErrorState, Loading } from '../../ui/AsyncView.js';
import { useApiState } from '../../api/queries.js';
import { agencyName, agencyShortName, useAgencies } from '../directory/agencies.js';
import { OperationFormDialog } from './OperationFormDialog.js';
import { TemplateDialog } from './TemplateDialog.js';
import { WallDateInput } from '../../ui/WallTimeInput.js';

/** A filter takes a date once it reads as one (or is cleared); half-typed text keeps the last. */
const wholeDateOr = (typed: string, last: string) => (typed === '' || /^\d{4}-\d{2}-\d{2}$/.test(typed) ? typed : last);

interface Filters {
  search: string;
  type: string;
  status: string;
  agencyId: string;
  handling: string;
  from: string;
  to: string;
  sort: (typeof OPERATION_SORT_KEYS)[number];
  direction: 'asc' | 'desc';
}

const EMPTY_FILTERS: Filters = {
  search: '', type: '', status: '', agencyId: '', handling: '', from: '', to: '', sort: 'startsAt', direction: 'asc',
};

function toQuery(f: Filters): OperationListQuery {
  return {
    search: f.search,
    types: f.type ? [f.type as (typeof OPERATION_TYPES)[number]] : [],
    statuses: f.status ? [f.status as (typeof OPERATION_STATUSES)[number]] : [],
    agencyId: f.agencyId || null,
    handlingCodes: f.handling ? [f.handling as (typeof HANDLING_CODES)[number]] : [],
    from: f.from ? new Date(`${f.from}T00:00:00`).toISOString() : null,
    to: f.to ? new Date(`${f.to}T23:59:59`).toISOString() : null,
    sort: f.sort,
    direction: f.direction,
  };
}

const ROW_HEIGHT = 44;
/** Participants shown as chips in a list row (two lines at most); the rest are counted. */
const CHIPS = 4;

export function OperationsPage(_props: PageProps) {
  const tr = useT();
  const { t, td, lang } = tr;
  const dir = useAgencies();
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const [dialog, setDialog] = useState<'new' | 'template' | null>(null);
  const [demoBusy, setDemoBusy] = useState(false);
  const { state, reload } = useApiState('operations', 'list', toQuery(filters));
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  // Typing a code name asks the service once the typing pauses, not on every key.
  const [searchInput, setSearchInput] = useState('');
  useEffect(() => {
    const id = setTimeout(() => setFilters((f) => (f.search === searchInput ? f : { ...f, search: searchInput })), 180);
    return () => clearTimeout(id);
  }, [searchInput]);
  const filtered = JSON.stringify({ ...filters, sort: '', direction: '' }) !== JSON.stringify({ ...EMPTY_FILTERS, sort: '', direction: '' });

  const loadDemo = async () => {
    setDemoBusy(true);
    try {
      // The upcoming controlled delivery, and a completed one whose results the report and statistics show.
      const { operationId } = await api.system.loadDemo({ withCompleted: true });
      await dir.refresh();
      navigate(`/operations/${operationId}`);
    } finally {
      setDemoBusy(false);
    }
  };

  const rows = state.data ?? [];
  return (
    <div className="page operations-page">
      <div className="page-header">
        <h1>{t('ops.title')}</h1>
        <span className="spacer" />
        <button onClick={() => setDialog('template')}>{t('ops.fromTemplate')}</button>
        <button className="primary" onClick={() => setDialog('new')}>{t('ops.new')}</button>
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="filter grow">
          <span>{t('common.search')}</span>
          <input type="search" value={searchInput} placeholder={t('ops.searchPlaceholder')} onChange={(e) => setSearchInput(e.target.value)} />
        </label>
        <label className="filter">
          <span>{t('ops.filterType')}</span>
          <select value={filters.type} onChange={(e) => set({ type: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {OPERATION_TYPES.map((v) => <option key={v} value={v}>{td(`opType.${v}`)}</option>)}
          </select>
        </label>
        <label className="filter">
          <span>{t('ops.filterStatus')}</span>
          <select value={filters.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {OPERATION_STATUSES.map((v) => <option key={v} value={v}>{td(`status.${v}`)}</option>)}
          </select>
        </label>
        <label className="filter">
          <span>{t('ops.filterAgency')}</span>
          <select value={filters.agencyId} onChange={(e) => set({ agencyId: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {dir.agencies.map((a) => <option key={a.id} value={a.id}>{agencyShortName(a, lang)} — {agencyName(a, lang)}</option>)}
          </select>
        </label>
        <label className="filter">
          <span>{t('ops.filterHandling')}</span>
          <select value={filters.handling} onChange={(e) => set({ handling: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {HANDLING_CODES.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
        </label>
        <label className="filter">
          <span>{t('ops.filterFrom')}</span>
          <WallDateInput value={filters.from} onChange={(v) => set({ from: wholeDateOr(v, filters.from) })} />
        </label>
        <label className="filter">
          <span>{t('ops.filterTo')}</span>
          <WallDateInput value={filters.to} onChange={(v) => set({ to: wholeDateOr(v, filters.to) })} />
        </label>
        <label className="filter">
          <span>{t('ops.sort')}</span>
          <select name="sort" value={filters.sort} onChange={(e) => set({ sort: e.target.value as Filters['sort'] })}>
            {OPERATION_SORT_KEYS.map((k) => <option key={k} value={k}>{td(`ops.sort.${k}`)}</option>)}
          </select>
        </label>
        <label className="filter">
          <span className="sr-only">{t('ops.direction')}</span>
          <select name="direction" value={filters.direction} onChange={(e) => set({ direction: e.target.value as Filters['direction'] })}>
            <option value="asc">{t('ops.dir.asc')}</option>
            <option value="desc">{t('ops.dir.desc')}</option>
          </select>
        </label>
        {filtered ? <button type="button" className="link" onClick={() => { setSearchInput(''); setFilters(EMPTY_FILTERS); }}>{t('ops.clearFilters')}</button> : null}
      </form>

      {state.status === 'error' ? <ErrorState error={state.error} onRetry={reload} /> : null}
      {state.status === 'loading' && !state.data ? <Loading /> : null}
      {state.data && rows.length === 0 && !filtered ? (
        <div className="empty-state">
          <h2>{t('ops.empty')}</h2>
          <p>{t('ops.emptyHint')}</p>
          <div className="row-actions">
            <button className="primary" onClick={loadDemo} disabled={demoBusy}>{t('ops.loadDemo')}</button>
            <button onClick={() => setDialog('new')}>{t('ops.new')}</button>
          </div>
        </div>
      ) : null}
      {state.data && rows.length === 0 && filtered ? <div className="state">{t('ops.noMatch')}</div> : null}
      {rows.length > 0 ? (
        <>
          <div className="muted small" aria-live="polite">{t('ops.count', { count: rows.length })}</div>
          <OperationsTable rows={rows} />
        </>
      ) : null}

      {dialog === 'new' ? (
        <OperationFormDialog onClose={() => setDialog(null)} onSaved={(op) => navigate(`/operations/${op.id}`)} />
      ) : null}
      {dialog === 'template' ? (
        <TemplateDialog onClose={() => setDialog(null)} onCreated={(id) => navigate(`/operations/${id}`)} />
      ) : null}
    </div>
  );
}

function OperationsTable(props: { rows: OperationSummary[] }) {
  const tr = useT();
  const { t, td, lang } = tr;
  const { byId } = useAgencies();
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  return (
    <div className="vtable" role="table" aria-rowcount={props.rows.length + 1} data-testid="operations-table">
      <div className="vrow vhead ops-grid" role="row">
        <span role="columnheader">{t('ops.col.codeName')}</span>
        <span role="columnheader">{t('ops.col.type')}</span>
        <span role="columnheader">{t('ops.col.status')}</span>
        <span role="columnheader">{t('ops.col.handling')}</span>
        <span role="columnheader">{t('ops.col.agencies')}</span>
        <span role="columnheader">{t('ops.col.window')}</span>
        <span role="columnheader" className="num">{t('ops.col.tasks')}</span>
        <span role="columnheader" className="num">{t('ops.col.conflicts')}</span>
      </div>
      <div className="vbody" ref={parent}>
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((item) => {
            const op = props.rows[item.index]!;
            return (
              <div
                key={op.id}
                role="row"
                className="vrow ops-grid"
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <span role="cell" className="strong" title={op.codeName}><a href={href(`/operations/${op.id}`)}>{op.codeName}</a></span>
                <span role="cell" className="wrap">{td(`opType.${op.type}`)}</span>
                <span role="cell"><span className={`status status-${op.status}`}>{td(`status.${op.status}`)}</span></span>
                <span role="cell"><span className={`handling handling-${op.handlingCode}`}>{op.handlingCode}</span></span>
                <span role="cell" className="agencies">
                  <AgencyBadge agency={byId.get(op.leadAgencyId)} lead />
                  {op.participatingAgencyIds.slice(0, op.participatingAgencyIds.length > CHIPS ? CHIPS - 1 : CHIPS).map((a) => <AgencyBadge key={a} agency={byId.get(a)} />)}
                  {op.participatingAgencyIds.length > CHIPS ? (
                    <span className="badge more" title={op.participatingAgencyIds.slice(CHIPS - 1).map((a) => agencyName(byId.get(a), lang)).join(', ')}>
                      +{op.participatingAgencyIds.length - CHIPS + 1}
                    </span>
                  ) : null}
                </span>
                <span role="cell" className="small wrap" title={`${tr.zoned(op.timeZone).range(op.startsAt, op.endsAt, { year: true })} (${tr.zoned(op.timeZone).label(op.startsAt)})`}>
                  {tr.zoned(op.timeZone).range(op.startsAt, op.endsAt, { year: true })}
                </span>
                <span role="cell" className="num">{op.taskCount}</span>
                <span role="cell" className="num">
                  {op.openConflictCount > 0 ? (
                    <span className="conflict-count" title={t('ops.conflictsTitle', { count: op.openConflictCount })}>{op.openConflictCount}</span>
                  ) : '0'}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
