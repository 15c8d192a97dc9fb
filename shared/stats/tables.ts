/**
 * The statistics as tables, in words: one table per chart of the statistics page, the same
 * tables the CLI prints and every CSV export writes, so a chart, its CSV and `spilno stats
 * --csv` can never disagree. Labels come from the catalogs in the reader's language.
 */
import { t, tDynamic, type Lang, type MessageKey } from '../i18n/index.js';
import type { Statistics } from './statistics.js';

export const STATS_TABLE_IDS = [
  'operationsByType', 'operationsByStatus', 'operationsByAgency', 'interactionByForm', 'formality',
  'art558', 'operationsByOutcome', 'results', 'seizuresByCategory', 'seizureValueByCategory', 'tasksByStatus', 'tasksByAgency',
] as const;
export type StatsTableId = (typeof STATS_TABLE_IDS)[number];

export interface StatsTable {
  id: StatsTableId;
  title: string;
  /** The first column's heading (what each row is). */
  rowHeading: string;
  /** The series: one number per row each. */
  series: { key: string; label: string }[];
  rows: { key: string; label: string; values: number[] }[];
  /** The series split each row's whole (drawn stacked); otherwise they overlap (drawn side by side). */
  stacked: boolean;
}

const TITLES: Record<StatsTableId, MessageKey> = {
  operationsByType: 'stats.t.operationsByType',
  operationsByStatus: 'stats.t.operationsByStatus',
  operationsByAgency: 'stats.t.operationsByAgency',
  interactionByForm: 'stats.t.interactionByForm',
  formality: 'stats.t.formality',
  art558: 'stats.t.art558',
  operationsByOutcome: 'stats.t.operationsByOutcome',
  results: 'stats.t.results',
  seizuresByCategory: 'stats.t.seizuresByCategory',
  seizureValueByCategory: 'stats.t.seizureValueByCategory',
  tasksByStatus: 'stats.t.tasksByStatus',
  tasksByAgency: 'stats.t.tasksByAgency',
};

/** Every table of the statistics; `agencyName` names an agency id in `lang`. */
export function statisticsTables(s: Statistics, lang: Lang, agencyName: (id: string) => string): StatsTable[] {
  const L = (key: MessageKey) => t(lang, key);
  const count = [{ key: 'count', label: L('stats.s.count') }];
  const table = (id: StatsTableId, rowHeading: MessageKey, series: StatsTable['series'], rows: StatsTable['rows']): StatsTable => ({
    id, title: L(TITLES[id]), rowHeading: L(rowHeading), series, rows, stacked: id !== 'tasksByAgency' && id !== 'seizureValueByCategory',
  });
  const o = s.operations;
  const formTotals = (f: 'formal' | 'informal') => s.interaction.byForm.reduce(
    (acc, x) => [acc[0]! + x.operations[f], acc[1]! + x.exchange[f]], [0, 0],
  );
  return [
    table('operationsByType', 'stats.r.type', count,
      o.byType.map((x) => ({ key: x.key, label: tDynamic(lang, `opType.${x.key}`), values: [x.count] }))),
    table('operationsByStatus', 'stats.r.status', count,
      o.byStatus.map((x) => ({ key: x.key, label: tDynamic(lang, `status.${x.key}`), values: [x.count] }))),
    table('operationsByAgency', 'stats.r.agency',
      [{ key: 'led', label: L('stats.s.led') }, { key: 'participated', label: L('stats.s.participated') }],
      o.byAgency.map((x) => ({ key: x.agencyId, label: agencyName(x.agencyId), values: [x.led, x.participated] }))),
    table('interactionByForm', 'stats.r.form', [
      { key: 'operationsFormal', label: L('stats.s.operationsFormal') },
      { key: 'operationsInformal', label: L('stats.s.operationsInformal') },
      { key: 'exchangeFormal', label: L('stats.s.exchangeFormal') },
      { key: 'exchangeInformal', label: L('stats.s.exchangeInformal') },
    ], s.interaction.byForm.map((x) => ({
      key: x.form, label: tDynamic(lang, `form.${x.form}`),
      values: [x.operations.formal, x.operations.informal, x.exchange.formal, x.exchange.informal],
    }))),
    table('formality', 'stats.r.formality',
      [{ key: 'operations', label: L('stats.s.operations') }, { key: 'exchange', label: L('stats.s.exchange') }],
      (['formal', 'informal'] as const).map((f) => ({ key: f, label: tDynamic(lang, `formality.${f}`), values: formTotals(f) }))),
    table('art558', 'stats.r.kind', [
      { key: 'onTime', label: L('stats.s.onTime') },
      { key: 'late', label: L('stats.s.late') },
      { key: 'missing', label: L('stats.s.missing') },
      { key: 'pending', label: L('stats.s.pending') },
    ], s.art558.byKind.map((x) => ({
      key: x.kind, label: tDynamic(lang, `stats.kind.${x.kind}`), values: [x.onTime, x.late, x.missing, x.pending],
    }))),
    table('operationsByOutcome', 'stats.r.outcome', count,
      s.results.byOutcome.map((x) => ({ key: x.key || 'none', label: tDynamic(lang, `res.outcome.${x.key}`), values: [x.count] }))),
    table('results', 'stats.r.result', count, ([
      ['seizures', 'stats.res.seizures', s.results.seizures], ['detentions', 'stats.res.detentions', s.results.detentions],
      ['protocols', 'stats.res.protocols', s.results.protocols], ['proceedingsOpened', 'stats.res.proceedingsOpened', s.results.proceedingsOpened],
    ] as const).filter(([, , n]) => n > 0).map(([key, label, n]) => ({ key, label: L(label), values: [n] }))),
    table('seizuresByCategory', 'stats.r.category', count,
      s.results.byCategory.map((x) => ({ key: x.category, label: tDynamic(lang, `res.cat.${x.category}`), values: [x.count] }))),
    table('seizureValueByCategory', 'stats.r.category',
      s.results.currencies.map((c) => ({ key: `value:${c}`, label: t(lang, 'stats.s.value', { currency: c }) })),
      s.results.byCategory.map((x) => ({ key: x.category, label: tDynamic(lang, `res.cat.${x.category}`), values: x.values }))),
    table('tasksByStatus', 'stats.r.status', count,
      s.tasks.byStatus.map((x) => ({ key: x.key, label: tDynamic(lang, `taskStatus.${x.key}`), values: [x.count] }))),
    table('tasksByAgency', 'stats.r.agency',
      [{ key: 'total', label: L('stats.s.tasks') }, { key: 'done', label: L('stats.s.done') }],
      s.tasks.byAgency.map((x) => ({
        key: x.agencyId ?? '', label: x.agencyId === null ? L('stats.noAgency') : agencyName(x.agencyId), values: [x.total, x.done],
      }))),
  ];
}

/**
 * One CSV cell (RFC 4180). A cell that a spreadsheet would read as a formula (= + - @, tab, CR)
 * gets a leading apostrophe: agency names are user data, and CSV injection is the known way a
 * shared spreadsheet runs someone's formula (OWASP, "CSV Injection").
 */
export function csvCell(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLine(cells: (string | number)[]): string {
  return cells.map(csvCell).join(',');
}

/** One chart's table as CSV: a heading row, then a row per category. CRLF, as RFC 4180 says. */
export function tableCsv(tb: StatsTable): string {
  return [
    csvLine([tb.rowHeading, ...tb.series.map((x) => x.label)]),
    ...tb.rows.map((r) => csvLine([r.label, ...r.values])),
  ].join('\r\n') + '\r\n';
}

/** Every table in one long CSV (table, category, series, value): what `spilno stats --csv` prints. */
export function statisticsCsv(tables: readonly StatsTable[], lang: Lang): string {
  const lines = [csvLine([t(lang, 'stats.csv.table'), t(lang, 'stats.csv.category'), t(lang, 'stats.csv.series'), t(lang, 'stats.csv.value')])];
  for (const tb of tables) {
    for (const r of tb.rows) {
      tb.series.forEach((sr, i) => lines.push(csvLine([tb.title, r.label, sr.label, r.values[i] ?? 0])));
    }
  }
  return lines.join('\r\n') + '\r\n';
}
