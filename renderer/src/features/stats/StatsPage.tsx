/**
 * The statistics page: a period (calendar days in Kyiv, last day included) and the figures of
 * joint work in it, one chart per table of shared/stats/tables.ts — the same tables `spilno
 * stats` prints — each exportable as CSV, SVG and PNG. The counting itself is the core's
 * (stats.getStatistics); this page only draws.
 */
import { useMemo, useState } from 'react';
import { agencyNamer } from '../../../../shared/domain/directory.js';
import { formatWallDate } from '../../../../shared/i18n/wall-input.js';
import { statisticsTables } from '../../../../shared/stats/tables.js';
import { fileNamePart } from '../../../../shared/i18n/transliteration.js';
import { useApiState } from '../../api/queries.js';
import { useT } from '../../app/i18n.store.js';
import type { PageProps } from '../../app/routes.js';
import { ErrorState, Loading } from '../../ui/AsyncView.js';
import { WallDateInput } from '../../ui/WallTimeInput.js';
import { useAgencies } from '../directory/agencies.js';
import { StatsChart } from './StatsChart.js';

const DATE = /^\d{4}-\d\d-\d\d$/;

/** Today's date on Kyiv's clock. */
function kyivToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

type Preset = 'month' | 'quarter' | 'year';

function presetPeriod(p: Preset, today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const pad = (m: number) => String(m).padStart(2, '0');
  if (p === 'month') return { from: `${year}-${pad(month)}-01`, to: lastDayOfMonth(year, month) };
  if (p === 'quarter') {
    const first = month - ((month - 1) % 3);
    return { from: `${year}-${pad(first)}-01`, to: lastDayOfMonth(year, first + 2) };
  }
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export function StatsPage(_props: PageProps) {
  const { t, lang } = useT();
  const { agencies } = useAgencies();
  const [period, setPeriod] = useState(() => presetPeriod('year', kyivToday()));
  const valid = DATE.test(period.from) && DATE.test(period.to) && period.from <= period.to;
  const { state, reload } = useApiState('stats', 'getStatistics', { from: period.from, to: period.to }, { enabled: valid });
  const stats = state.data;
  const tables = useMemo(
    () => (stats ? statisticsTables(stats, lang, agencyNamer(agencies, lang)) : []),
    [stats, lang, agencies],
  );
  const caption = t('stats.periodLine', { from: formatWallDate(period.from, lang), to: formatWallDate(period.to, lang), zone: 'Europe/Kyiv' });

  return (
    <div className="page stats-page" data-testid="stats-page">
      <div className="page-header"><h1>{t('stats.title')}</h1></div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('stats.period')}>
        <label className="filter">
          <span>{t('stats.from')}</span>
          <WallDateInput value={period.from} onChange={(from) => setPeriod((p) => ({ ...p, from }))} data-testid="stats-from" />
        </label>
        <label className="filter">
          <span>{t('stats.to')}</span>
          <WallDateInput value={period.to} onChange={(to) => setPeriod((p) => ({ ...p, to }))} data-testid="stats-to" />
        </label>
        {(['month', 'quarter', 'year'] as const).map((p) => (
          <button key={p} type="button" onClick={() => setPeriod(presetPeriod(p, kyivToday()))} data-testid={`stats-preset-${p}`}>
            {t(`stats.preset.${p}`)}
          </button>
        ))}
      </form>
      {!valid ? <div className="state error" role="alert">{t('v.endBeforeStart')}</div> : null}
      {valid && state.status === 'error' ? <ErrorState error={state.error} onRetry={reload} /> : null}
      {valid && !stats && state.status === 'loading' ? <Loading /> : null}
      {stats ? (
        <>
          <p className="stats-summary" data-testid="stats-summary">
            {t('stats.summary', {
              operations: stats.operations.total, tasks: stats.tasks.total,
              onTime: stats.art558.onTime, late: stats.art558.late, missing: stats.art558.missing,
            })}
          </p>
          <p className="sub">{caption}. {t('stats.countingRule')}</p>
          <div className="stats-grid">
            {tables.map((tb) => (
              <StatsChart
                key={tb.id}
                table={tb}
                caption={caption}
                fileBase={`${fileNamePart(tb.title)}-${period.from}-${period.to}`}
              />
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
}
