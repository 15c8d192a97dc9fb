/**
 * One statistics chart: a horizontal bar chart of a table from shared/stats/tables.ts, drawn by
 * Observable Plot as plain SVG (categories are long Ukrainian phrases: bars run across, labels
 * sit on the left). Series that split a whole are stacked; overlapping ones stand side by side.
 * Under the chart: CSV, SVG and PNG of exactly what it shows, and the table itself for screen
 * readers and for anyone who wants the numbers.
 */
import * as Plot from '@observablehq/plot';
import { useEffect, useRef, useState } from 'react';
import { tableCsv, type StatsTable } from '../../../../shared/stats/tables.js';
import { saveBlob } from '../../api/files.js';
import { useT } from '../../app/i18n.store.js';
import { composeChartSvg, savePng, saveSvg, type LegendItem } from './chart-export.js';

const PALETTE = ['#1f5fbf', '#e08a1e', '#2e7d32', '#8d1c1c', '#6a1b9a', '#00838f'];
/** Colours that carry meaning: on time is green, late amber, missing red, not yet due grey. */
const SERIES_COLOURS: Readonly<Record<string, string>> = {
  onTime: '#2e7d32', late: '#e08a1e', missing: '#c62828', pending: '#9aa5b1',
  led: '#1f5fbf', participated: '#8fb3e8',
  operationsFormal: '#1f5fbf', operationsInformal: '#8fb3e8', exchangeFormal: '#00796b', exchangeInformal: '#80cbc4',
  total: '#8fb3e8', done: '#2e7d32',
};

export function seriesLegend(table: StatsTable): LegendItem[] {
  return table.series.map((s, i) => ({ label: s.label, color: SERIES_COLOURS[s.key] ?? PALETTE[i % PALETTE.length]! }));
}

const FONT_PX = 11;

function drawChart(table: StatsTable, width: number): SVGSVGElement {
  const legend = seriesLegend(table);
  const data = table.rows.flatMap((r) => table.series.map((s, i) => ({ category: r.label, series: s.label, value: r.values[i] ?? 0 })));
  const color = { domain: legend.map((l) => l.label), range: legend.map((l) => l.color) };
  const categories = table.rows.map((r) => r.label);
  // Long category names wrap on the left. Plot measures text in ems with a typical sans font's
  // widths; DejaVu Sans (what an exported SVG or PNG is drawn with here) is a fifth wider.
  const marginLeft = Math.round(Math.min(280, Math.max(110, width * 0.4)));
  const axisText = { lineWidth: ((marginLeft - 10) / FONT_PX) * 0.8, tickSize: 0 };
  const stacked = table.stacked || table.series.length === 1;
  const most = Math.max(1, ...table.rows.map((r) => (stacked ? r.values.reduce((a, b) => a + b, 0) : Math.max(0, ...r.values))));
  // Counts are whole: at most eight ticks, never a tick between two integers.
  const x = { label: null, grid: true, ticks: Math.min(most, 8), tickFormat: most >= 10_000 ? '~s' : 'd' } as const;
  const title = (d: { series: string; value: number }) => `${d.series}: ${d.value}`;
  const style = { fontSize: `${FONT_PX}px` };
  const chart = stacked
    ? Plot.plot({
      width, marginLeft, marginRight: 20, style, x, color, height: 34 + categories.length * 34,
      y: { label: null, domain: categories, axis: null },
      marks: [
        Plot.barX(data, { x: 'value', y: 'category', fill: 'series', title }),
        Plot.axisY({ ...axisText }),
        Plot.ruleX([0]),
      ],
    })
    : Plot.plot({
      width, marginLeft, marginRight: 20, style, x, color, height: 34 + categories.length * (table.series.length * 14 + 14),
      y: { label: null, axis: null, domain: legend.map((l) => l.label) },
      fy: { label: null, domain: categories, padding: 0.15, axis: null },
      marks: [
        Plot.barX(data, { x: 'value', y: 'series', fy: 'category', fill: 'series', title }),
        Plot.axisFy({ ...axisText }),
        Plot.ruleX([0]),
      ],
    });
  return chart as SVGSVGElement;
}

export function StatsChart(props: { table: StatsTable; caption: string; fileBase: string }) {
  const { t } = useT();
  const { table, caption, fileBase } = props;
  const host = useRef<HTMLDivElement>(null);
  const chartRef = useRef<SVGSVGElement | null>(null);
  const [width, setWidth] = useState(560);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry?.contentRect.width ?? 0);
      if (w > 0) setWidth((old) => (Math.abs(old - w) > 8 ? w : old));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = host.current;
    if (!el || table.rows.length === 0) return;
    const chart = drawChart(table, Math.max(320, width));
    // One image with one name: Plot names its groups («rule», «bar») with aria-label on <g>,
    // which ARIA does not allow there; the numbers are in the table below the chart.
    for (const el of chart.querySelectorAll('[aria-label], [aria-description]')) {
      el.removeAttribute('aria-label');
      el.removeAttribute('aria-description');
    }
    chart.setAttribute('role', 'img');
    chart.setAttribute('aria-label', table.title);
    el.replaceChildren(chart);
    chartRef.current = chart;
    return () => {
      chart.remove();
      if (chartRef.current === chart) chartRef.current = null;
    };
  }, [table, width]);

  const legend = seriesLegend(table);
  const svgText = () => (chartRef.current ? composeChartSvg(chartRef.current, table.title, caption, legend) : null);
  const exportSvg = () => {
    const svg = svgText();
    if (svg) saveSvg(svg, `${fileBase}.svg`);
  };
  const exportPng = () => {
    const svg = svgText();
    if (svg) savePng(svg, `${fileBase}.png`).then(() => setFailed(null), (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)));
  };
  const exportCsv = () => saveBlob(new Blob(['\ufeff', tableCsv(table)], { type: 'text/csv;charset=utf-8' }), `${fileBase}.csv`);

  return (
    <section className="panel stats-chart" data-testid={`stats-chart-${table.id}`} aria-labelledby={`stats-${table.id}-title`}>
      <div className="stats-chart-head">
        <h2 id={`stats-${table.id}-title`}>{table.title}</h2>
        <div className="stats-chart-actions">
          <button type="button" onClick={exportCsv} data-testid="stats-export-csv" aria-label={`${table.title}: CSV`}>{t('stats.exportCsv')}</button>
          <button type="button" onClick={exportSvg} data-testid="stats-export-svg" aria-label={`${table.title}: SVG`} disabled={table.rows.length === 0}>{t('stats.exportSvg')}</button>
          <button type="button" onClick={exportPng} data-testid="stats-export-png" aria-label={`${table.title}: PNG`} disabled={table.rows.length === 0}>{t('stats.exportPng')}</button>
        </div>
      </div>
      {legend.length > 1 ? (
        <ul className="stats-legend" aria-hidden="true">
          {legend.map((l) => <li key={l.label}><span className="stats-swatch" style={{ background: l.color }} />{l.label}</li>)}
        </ul>
      ) : null}
      {table.rows.length === 0 ? <div className="state">{t('stats.empty')}</div> : null}
      <div className="stats-plot" ref={host} />
      {failed ? <div className="state error" role="alert">{failed}</div> : null}
      <details>
        <summary>{t('stats.chartTable')}</summary>
        <table className="plain" data-testid="stats-table">
          <thead><tr><th>{table.rowHeading}</th>{table.series.map((s) => <th key={s.key}>{s.label}</th>)}</tr></thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.key}><th scope="row">{r.label}</th>{r.values.map((v, i) => <td key={table.series[i]?.key ?? i}>{v}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
