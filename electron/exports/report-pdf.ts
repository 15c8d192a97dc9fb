/**
 * The after-action report as a PDF, on the same engine and with the same marking as the briefing
 * pack (./pdf/): every page says the national marking, the handling code and the recipient;
 * all times are in the operation's zone, stated on the first page. This module says what the
 * report contains and in which order: the operation and its outcome, objectives against
 * results, the planned against the actual timeline, deviations and overrides with their
 * reasons, the interaction record, the unit log, lessons.
 */
import { agencyShort } from '../../shared/domain/directory.js';
import { hasMessage, t, tDynamic, type Lang, type MessageKey } from '../../shared/i18n/index.js';
import type { TaskExecution } from '../../shared/results/plan-actual.js';
import type { ReportModel } from './report-model.js';
import { Clock } from './pdf/clock.js';
import { createPdf, SIZE } from './pdf/document.js';
import { drawPageMarking } from './pdf/marking.js';
import { Writer, type Cell } from './pdf/writer.js';

export interface ReportPdfOptions {
  lang: Lang;
}

/** A label from another feature's catalog when it has one (results), else the stored value. */
function label(lang: Lang, key: string, raw: string): string {
  return hasMessage(key) ? tDynamic(lang, key) : raw;
}

class ReportText {
  constructor(readonly m: ReportModel, readonly lang: Lang, readonly clock: Clock) {}
  t(key: MessageKey, params?: Record<string, string | number>): string {
    return t(this.lang, key, params);
  }
  agency(id: string | null): string {
    if (id === null || id === '') return '—';
    const a = this.m.agencies.get(id);
    return a ? agencyShort(a, this.lang) : id;
  }
  agencyFull(id: string): string {
    const a = this.m.agencies.get(id);
    return a ? (this.lang === 'uk' ? a.nameUk : a.nameEn) : id;
  }
  at(iso: string | null): string {
    return iso ? this.clock.at(iso) : '—';
  }
  slip(min: number | null): string {
    if (min === null) return '—';
    if (min === 0) return '0';
    const sign = min > 0 ? '+' : '−';
    const abs = Math.abs(min);
    return `${sign}${abs >= 60 ? `${Math.floor(abs / 60)} ${this.t('report.h')} ` : ''}${abs % 60} ${this.t('report.min')}`.replace(/ 0 (хв|min)$/, '');
  }
  money(value: number, currency: string): string {
    return value > 0 ? `${new Intl.NumberFormat(this.lang === 'uk' ? 'uk-UA' : 'en-GB', { maximumFractionDigits: 2 }).format(value)} ${currency}` : '—';
  }
}

export function renderReportPdf(model: ReportModel, options: ReportPdfOptions): Promise<Buffer> {
  const { lang } = options;
  const op = model.operation;
  const { doc, finish } = createPdf({
    title: `${op.codeName} — ${t(lang, 'report.title')}`,
    subject: `${t(lang, 'brief.marking')} · ${op.handlingCode}`,
    createdAt: model.generatedAt,
  });
  const w = new Writer(doc);
  const c = new ReportText(model, lang, new Clock(lang, op.timeZone));
  drawSummary(w, c);
  drawResults(w, c);
  drawTimeline(w, c);
  drawDeviations(w, c);
  drawInteraction(w, c);
  drawActivity(w, c);
  drawLessons(w, c);
  const watermark = model.recipientAgencyId === null ? t(lang, 'brief.allAgencies') : c.agency(model.recipientAgencyId);
  drawPageMarking(doc, {
    marking: [t(lang, 'brief.marking'), op.handlingCode === 'H3' && op.handlingNote ? `H3: ${op.handlingNote}` : op.handlingCode],
    label: `${op.codeName} · ${t(lang, 'report.short')} · ${watermark}`,
    watermark,
    draft: null,
    footnote: op.registrationNumber ? t(lang, 'brief.regShort', { n: op.registrationNumber }) : '',
    pageOf: (x, y) => t(lang, 'brief.pageOf', { x, y }),
  });
  return finish();
}

function drawSummary(w: Writer, c: ReportText): void {
  const { m } = c;
  const op = m.operation;
  w.font(true, SIZE.h1);
  w.doc.fillColor('black').text(c.t('report.title').toUpperCase(), w.left, w.doc.y, { width: w.width, align: 'center' });
  w.font(true, SIZE.h2);
  w.doc.text(`«${op.codeName}»`, { width: w.width, align: 'center' });
  w.doc.moveDown(0.8);
  w.field(c.t('report.type'), tDynamic(c.lang, `opType.${op.type}`));
  w.field(c.t('report.status'), tDynamic(c.lang, `status.${op.status}`));
  const outcome = m.results.outcome?.outcome ?? '';
  w.field(c.t('report.outcome'), label(c.lang, `res.outcome.${outcome}`, outcome || '—'));
  w.field(c.t('report.lead'), c.agencyFull(op.leadAgencyId));
  w.field(c.t('report.participants'), m.agencyIds.filter((a) => a !== op.leadAgencyId).map((a) => c.agencyFull(a)).join('; '));
  w.field(c.t('report.window'), c.clock.range(op.startsAt, op.endsAt));
  w.field(c.t('report.recipient'), m.recipientAgencyId === null ? c.t('brief.allAgencies') : c.agencyFull(m.recipientAgencyId));
  w.field(c.t('report.generated'), c.at(m.generatedAt.toISOString()));
  w.para(c.clock.allTimes(op.startsAt), '', { small: true });
  if (m.recipientAgencyId !== null) w.para(c.t('report.viewNote'), '', { small: true });
}

function drawResults(w: Writer, c: ReportText): void {
  const { m } = c;
  const r = m.results;
  w.h1(c.t('report.s.results'));
  w.h2(c.t('report.objectives'));
  w.para(m.operation.objectives, c.t('report.none'));
  w.h2(c.t('report.achieved'));
  const totals = new Map<string, number>();
  for (const s of r.seizures) totals.set(s.currency, (totals.get(s.currency) ?? 0) + s.estimatedValue);
  w.bullets([
    c.t('report.count.seizures', { n: r.seizures.length, value: [...totals].map(([cur, v]) => c.money(v, cur)).join(', ') || '—' }),
    c.t('report.count.detentions', { n: r.detentions.length }),
    c.t('report.count.protocols', { n: r.protocols.length }),
    c.t('report.count.proceedings', { n: m.proceedings.filter((p) => p.result === 'opened').length, linked: m.proceedings.filter((p) => p.result === 'linked').length }),
    c.t('report.count.evidence', { n: r.evidence.length, transfers: r.custody.length }),
  ]);
  if (r.seizures.length > 0) {
    w.h3(c.t('report.seizures'));
    w.table([
      { header: c.t('report.col.category'), width: 0.16 }, { header: c.t('report.col.what'), width: 0.3 },
      { header: c.t('report.col.quantity'), width: 0.12 }, { header: c.t('report.col.value'), width: 0.14 },
      { header: c.t('report.col.when'), width: 0.14 }, { header: c.t('report.col.stored'), width: 0.14 },
    ], r.seizures.map((s) => [
      label(c.lang, `res.cat.${s.category}`, s.category),
      s.hsCode ? { head: s.description, body: `УКТ ЗЕД ${s.hsCode}` } : s.description,
      s.quantity > 0 ? `${s.quantity} ${s.quantityUnit}` : '—',
      c.money(s.estimatedValue, s.currency),
      `${c.at(s.seizedAt)}\n${c.agency(s.seizedByAgencyId)}`,
      s.storagePlace || '—',
    ]));
  }
  if (r.detentions.length > 0) {
    w.h3(c.t('report.detentions'));
    w.table([
      { header: c.t('report.col.person'), width: 0.26 }, { header: c.t('report.col.basis'), width: 0.18 },
      { header: c.t('report.col.detainedAt'), width: 0.18 }, { header: c.t('report.col.by'), width: 0.2 },
      { header: c.t('report.col.takenTo'), width: 0.18 },
    ], r.detentions.map((d) => [
      d.nameLatin ? { head: d.fullName, body: d.nameLatin } : d.fullName,
      label(c.lang, `res.basis.${d.basis}`, d.basis),
      c.at(d.detainedAt),
      `${d.detainedBy} (${c.agency(d.detainedByAgencyId)})`,
      d.takenTo || '—',
    ]));
  }
  if (r.protocols.length > 0 || m.proceedings.length > 0) {
    w.h3(c.t('report.documents'));
    w.bullets([
      ...r.protocols.map((p) => c.t('report.protocol', { n: p.number, date: p.drawnOn, article: p.article || '—', agency: c.agency(p.drawnByAgencyId) })),
      ...m.proceedings.map((p) => c.t('report.proceeding', { n: p.erdrNumber, date: p.registeredOn, q: p.qualification })),
    ]);
  }
  if (r.evidence.length > 0) {
    w.h3(c.t('report.evidence'));
    w.table([
      { header: c.t('report.col.item'), width: 0.34 }, { header: c.t('report.col.seal'), width: 0.16 },
      { header: c.t('report.col.packed'), width: 0.22 }, { header: c.t('report.col.custody'), width: 0.28 },
    ], r.evidence.map((e) => {
      const chain = m.custody.find((x) => x.evidenceId === e.id);
      const last = chain?.steps.at(-1);
      const warnings = (chain?.warnings ?? []).map((x) => `${c.t('report.warning')}: ${tDynamic(c.lang, `res.warn.${x.kind}`, { expected: x.expected, found: x.found })}`);
      return [
        e.number ? { head: `№ ${e.number}`, body: e.description } : e.description,
        chain && chain.seal !== e.sealNumber ? `${e.sealNumber || '—'} → ${chain.seal || '—'}` : e.sealNumber || '—',
        `${c.at(e.packedAt)}\n${e.packedBy}`,
        [
          `${c.t('report.transfers', { n: chain?.steps.length ?? 0 })}${last ? `; ${c.t('report.lastHolder', { who: chain?.holder ?? last.toPerson, agency: c.agency(last.toAgencyId) })}` : ''}`,
          ...warnings,
        ].join('\n'),
      ];
    }));
  }
}

function stateLabel(c: ReportText, r: TaskExecution): string {
  return c.t(`report.state.${r.state}` as MessageKey);
}

function drawTimeline(w: Writer, c: ReportText): void {
  const { m } = c;
  w.h1(c.t('report.s.timeline'));
  const n = m.counts;
  w.para(c.t('report.timelineSummary', {
    total: m.timeline.length, finished: n.finished, unfinished: n.unfinished + n.running, never: n.never_started + n.not_started,
    cancelled: n.cancelled, late: m.late, tolerance: m.toleranceMinutes,
  }), '');
  if (m.timeline.length === 0) {
    w.para('', c.t('report.none'));
    return;
  }
  w.table([
    { header: c.t('report.col.task'), width: 0.28 }, { header: c.t('report.col.agency'), width: 0.08 },
    { header: c.t('report.col.planned'), width: 0.2 }, { header: c.t('report.col.actual'), width: 0.2 },
    { header: c.t('report.col.slip'), width: 0.12 }, { header: c.t('report.col.state'), width: 0.12 },
  ], m.timeline.map((r): Cell[] => [
    r.title,
    c.agency(r.accountableAgencyId),
    c.clock.range(r.plannedStart, r.plannedEnd),
    r.actualStart ? (r.actualEnd ? c.clock.range(r.actualStart, r.actualEnd) : `${c.at(r.actualStart)} – …`) : '—',
    r.startSlipMinutes === null ? '—' : `${c.slip(r.startSlipMinutes)}${r.finishSlipMinutes !== null ? `\n${c.slip(r.finishSlipMinutes)}` : ''}`,
    stateLabel(c, r),
  ]));
}

function drawDeviations(w: Writer, c: ReportText): void {
  const { m } = c;
  w.h1(c.t('report.s.deviations'));
  const lines: string[] = [];
  const reason = m.results.outcome?.completionReason ?? '';
  if (reason.trim() !== '') lines.push(c.t('report.completionReason', { reason }));
  for (const r of m.timeline) {
    if (r.state === 'never_started' || r.state === 'unfinished') {
      lines.push(c.t('report.dev.notDone', { task: r.title, state: stateLabel(c, r).toLowerCase() }));
    } else if (r.state !== 'cancelled' && r.startSlipMinutes !== null && r.startSlipMinutes > m.toleranceMinutes) {
      lines.push(c.t('report.dev.late', { task: r.title, slip: c.slip(r.startSlipMinutes) }));
    } else if (r.state === 'cancelled') {
      lines.push(c.t('report.dev.cancelled', { task: r.title }));
    }
  }
  if (lines.length === 0) w.para('', c.t('report.noDeviations'));
  else w.bullets(lines);
  w.h2(c.t('report.overrides'));
  if (m.overrides.length === 0) {
    w.para('', c.t('report.noOverrides'));
    return;
  }
  w.table([
    { header: c.t('report.col.rule'), width: 0.22 }, { header: c.t('report.col.reason'), width: 0.46 },
    { header: c.t('report.col.acceptedBy'), width: 0.32 },
  ], m.overrides.map((o) => [
    tDynamic(c.lang, `sch.rule.${o.rule}`),
    o.reason,
    `${o.operator || '—'} (${c.agency(o.agencyId)})\n${c.at(o.at)}`,
  ]));
}

function drawInteraction(w: Writer, c: ReportText): void {
  const { m } = c;
  w.h1(c.t('report.s.interaction'));
  const mandatory = m.interaction.filter((x) => x.outcome !== null);
  const count = (o: string) => mandatory.filter((x) => x.outcome === o).length;
  w.para(c.t('report.art558Summary', { onTime: count('onTime'), late: count('late'), missing: count('missing') + (m.art558Missing ? 1 : 0), pending: count('pending') }), '');
  if (m.art558Missing) w.para(c.t('report.art558Missing'), '');
  if (m.interaction.length === 0) {
    w.para('', c.t('report.noExchange'));
    return;
  }
  w.table([
    { header: c.t('report.col.kind'), width: 0.3 }, { header: c.t('report.col.fromTo'), width: 0.14 },
    { header: c.t('report.col.sent'), width: 0.14 }, { header: c.t('report.col.due'), width: 0.14 },
    { header: c.t('report.col.ack'), width: 0.14 }, { header: c.t('report.col.onTime'), width: 0.14 },
  ], m.interaction.map(({ entry: e, outcome }) => [
    { head: tDynamic(c.lang, `exchangeKind.${e.kind}`), body: `${e.subject} · ${tDynamic(c.lang, `formality.${e.formality}`)}` },
    `${c.agency(e.fromAgencyId)} → ${c.agency(e.toAgencyId)}`,
    c.at(e.sentAt), c.at(e.dueAt), c.at(e.acknowledgedAt),
    outcome === null ? '—' : c.t(`stats.s.${outcome}` as MessageKey),
  ]));
}

function drawActivity(w: Writer, c: ReportText): void {
  const { m } = c;
  if (m.activity.length === 0) return;
  w.h1(c.t('report.s.activity'));
  w.table([
    { header: c.t('report.col.time'), width: 0.16 }, { header: c.t('report.col.unit'), width: 0.22 },
    { header: c.t('report.col.entry'), width: 0.62 },
  ], m.activity.map((a) => [c.at(a.at), `${a.unit || c.agency(a.agencyId)}\n${a.author}`, a.entry]));
}

function drawLessons(w: Writer, c: ReportText): void {
  w.h1(c.t('report.s.lessons'));
  w.para(c.m.results.outcome?.lessons ?? '', c.t('report.noLessons'));
}
