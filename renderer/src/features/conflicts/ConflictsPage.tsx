/** All conflicts across every operation, every deconfliction alert, and the check settings. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConflictPage } from '../../../../shared/api/conflicts.js';
import { CONFLICT_RULES, CONFLICT_SEVERITIES, type ConflictRule, type ConflictSeverity } from '../../../../shared/scheduling/model.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import type { PageProps } from '../../app/routes.js';
import { describeError, ErrorState, Loading } from '../../ui/AsyncView.js';
import { useAsync } from '../../ui/use-async.js';
import { ConflictList } from './ConflictList.js';
import { useConflictsStore } from './conflicts.store.js';
import { DeconflictionPanel } from './DeconflictionList.js';

/** Conflicts fetched per page: a large plan has thousands, the screen shows a few dozen at a time. */
const PAGE_SIZE = 200;

interface Filter {
  severity: ConflictSeverity | null;
  rule: ConflictRule | null;
}

type ListState =
  | { status: 'loading'; data?: ConflictPage }
  | { status: 'ok'; data: ConflictPage }
  | { status: 'error'; error: unknown; data?: ConflictPage };

/**
 * The plan-wide list, a page at a time: a new filter or a rescan starts again from the first page,
 * "show more" appends the next. Answers to a superseded request are dropped.
 */
function useConflictPages(filter: Filter) {
  const [state, setState] = useState<ListState>({ status: 'loading' });
  const seq = useRef(0);
  const load = useCallback(async (offset: number) => {
    const mine = ++seq.current;
    setState((s) => ({ status: 'loading', ...(offset > 0 && s.data ? { data: s.data } : {}) }));
    try {
      const page = await api.conflicts.scan({ ...filter, offset, limit: PAGE_SIZE });
      if (mine !== seq.current) return;
      setState((s) => ({
        status: 'ok',
        data: offset > 0 && s.data ? { ...page, conflicts: [...s.data.conflicts, ...page.conflicts] } : page,
      }));
    } catch (error) {
      if (mine === seq.current) setState((s) => ({ status: 'error', error, ...(s.data ? { data: s.data } : {}) }));
    }
  }, [filter]);
  useEffect(() => { void load(0); }, [load]);
  return {
    state,
    reload: () => load(0),
    more: () => load(state.data?.conflicts.length ?? 0),
  };
}

export function ConflictsPage(_props: PageProps) {
  const { t } = useT();
  const [filter, setFilter] = useState<Filter>({ severity: null, rule: null });
  const list = useConflictPages(filter);
  const alerts = useAsync(() => api.conflicts.deconflict({ operationId: null }), []);
  const ops = useAsync(() => api.operations.list({}), []);
  const names = new Map((ops.state.data ?? []).map((o) => [o.id, o.codeName]));
  const rescan = () => {
    void list.reload();
    void alerts.reload();
    // Badges elsewhere read the same scan.
    void useConflictsStore.getState().refresh();
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
                : <ConflictList conflicts={data.conflicts} operationNames={names} />}
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
