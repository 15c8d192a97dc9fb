/** All conflicts across every operation, every deconfliction alert, and the check settings. */
import { useState } from 'react';
import type { ConflictPage } from '../../../../shared/api/conflicts.js';
import { CONFLICT_RULES, CONFLICT_SEVERITIES, type ConflictRule, type ConflictSeverity } from '../../../../shared/scheduling/model.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import type { PageProps } from '../../app/routes.js';
import { describeError, ErrorState, Loading } from '../../ui/AsyncView.js';
import { apiQueryKey, useApiState } from '../../api/queries.js';
import type { AsyncState } from '../../ui/async-state.js';
import { useInfiniteQuery } from '@tanstack/react-query';
import { ConflictList } from './ConflictList.js';
import { DeconflictionPanel } from './DeconflictionList.js';

/** Conflicts fetched per page: a large plan has thousands, the screen shows a few dozen at a time. */
const PAGE_SIZE = 200;

interface Filter {
  severity: ConflictSeverity | null;
  rule: ConflictRule | null;
}

/**
 * The plan-wide list, a page at a time: a new filter starts from the first page, "show more"
 * appends the next; a change event refetches the pages from the first.
 */
function useConflictPages(filter: Filter) {
  const pages = useInfiniteQuery({
    queryKey: apiQueryKey('conflicts', 'scan', { ...filter, limit: PAGE_SIZE }),
    queryFn: ({ pageParam }) => api.conflicts.scan({ ...filter, offset: pageParam, limit: PAGE_SIZE }),
    initialPageParam: 0,
    getNextPageParam: (last, all) => {
      const loaded = all.reduce((n, p) => n + p.conflicts.length, 0);
      return loaded < last.total ? loaded : undefined;
    },
  });
  const first = pages.data?.pages[0];
  const merged: ConflictPage | undefined = first
    ? { ...pages.data!.pages.at(-1)!, conflicts: pages.data!.pages.flatMap((p) => p.conflicts) }
    : undefined;
  const state: AsyncState<ConflictPage> = pages.isError
    ? { status: 'error', error: pages.error, ...(merged ? { data: merged } : {}) }
    : merged && !pages.isFetchingNextPage ? { status: 'ok', data: merged } : { status: 'loading', ...(merged ? { data: merged } : {}) };
  return {
    state,
    reload: () => pages.refetch(),
    more: () => pages.fetchNextPage(),
  };
}

export function ConflictsPage(_props: PageProps) {
  const { t } = useT();
  const [filter, setFilter] = useState<Filter>({ severity: null, rule: null });
  const list = useConflictPages(filter);
  const alerts = useApiState('conflicts', 'deconflict', { operationId: null });
  const ops = useApiState('operations', 'list', {});
  const names = new Map((ops.state.data ?? []).map((o) => [o.id, o.codeName]));
  const zones = new Map((ops.state.data ?? []).map((o) => [o.id, o.timeZone]));
  const rescan = () => {
    void list.reload();
    void alerts.reload();
  };
  const data = list.state.data;
  const remaining = data ? data.total - data.conflicts.length : 0;
  const filtered = filter.severity !== null || filter.rule !== null;
  return (
    <div className="page" data-testid="conflicts-page">
      <header className="page-header">
        <h1>{t('conflicts.global')}</h1>
        <button type="button" onClick={rescan} disabled={list.state.status === 'loading'}>{t('conflicts.rescan')}</button>
      </header>
      <div className="conflicts-grid">
        <section className="panel">
          {data ? <p className="muted" data-testid="conflicts-count">{t('conflicts.count', { blocking: data.blocking, warning: data.warning })}</p> : null}
          <div className="conflict-filters">
            <FilterSelect label={t('conflicts.filterSeverity')} testId="conflicts-filter-severity" value={filter.severity}
              options={CONFLICT_SEVERITIES.map((s) => [s, t(`sch.severity.${s}`)] as const)}
              onChange={(severity) => setFilter({ ...filter, severity })} />
            <FilterSelect label={t('conflicts.filterRule')} testId="conflicts-filter-rule" value={filter.rule}
              options={CONFLICT_RULES.map((r) => [r, t(`sch.rule.${r}`)] as const)}
              onChange={(rule) => setFilter({ ...filter, rule })} />
          </div>
          {list.state.status === 'error' ? <ErrorState error={list.state.error} onRetry={() => void list.reload()} /> : null}
          {data ? (
            <>
              {filtered && data.total === 0
                ? <p className="muted" data-testid="conflicts-none-matching">{t('conflicts.noneMatching')}</p>
                : <ConflictList conflicts={data.conflicts} operationNames={names} zones={zones} />}
              {data.total > data.conflicts.length || data.conflicts.length > PAGE_SIZE ? (
                <p className="muted small" data-testid="conflicts-shown">{t('conflicts.shown', { shown: data.conflicts.length, total: data.total })}</p>
              ) : null}
              {remaining > 0 ? (
                <button type="button" data-testid="conflicts-more" disabled={list.state.status === 'loading'} onClick={() => void list.more()}>
                  {t('conflicts.showMore', { count: Math.min(PAGE_SIZE, remaining) })}
                </button>
              ) : null}
            </>
          ) : null}
          {list.state.status === 'loading' ? <Loading /> : null}
        </section>
        <div>
          <DeconflictionPanel alerts={alerts.state} reload={() => void alerts.reload()} />
          <SettingsPanel onSaved={rescan} />
        </div>
      </div>
    </div>
  );
}

/** A filter over one of a few values, "all" first. */
function FilterSelect<V extends string>(props: {
  label: string; testId: string; value: V | null; options: readonly (readonly [V, string])[]; onChange(value: V | null): void;
}) {
  const { t } = useT();
  return (
    <label className="field">
      <span>{props.label}</span>
      <select data-testid={props.testId} value={props.value ?? ''} onChange={(e) => props.onChange((e.target.value || null) as V | null)}>
        <option value="">{t('conflicts.filterAll')}</option>
        {props.options.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
      </select>
    </label>
  );
}

function SettingsPanel({ onSaved }: { onSaved(): void }) {
  const { t } = useT();
  const settings = useApiState('conflicts', 'getSettings', {});
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
