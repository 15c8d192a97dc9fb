/**
 * The Gantt timeline on paper, drawn as vectors from the same layout the Gantt page draws as
 * SVG (shared/planning/gantt.ts): rows by phase or agency, bars in agency colours, dependency
 * arrows with their lags, the critical path outlined in red, slack as a line after the bar,
 * decision points and key events, the operation's window shaded and the moment of printing as a
 * red line. The layout's x is stretched to the page width; rows run over as many landscape pages
 * as they need, each with the time axis repeated, and arrows between pages are cut at the page
 * edge (clipped) rather than dropped, so a reader sees that a link continues.
 * The caller decides which tasks go in: a recipient agency's pack passes only its view.
 */
import { t, type Lang } from '../../../shared/i18n/index.js';
import { formatDuration } from '../../../shared/i18n/time-format.js';
import {
  fitZoom, layoutGantt, type GanttInput, type GanttLayout, type GanttRow, type GanttTask,
} from '../../../shared/planning/gantt.js';
import type { Clock } from './clock.js';
import { GREY, RULE, SIZE } from './document.js';
import { arrowHead, box, diamond, fitText, label, polyline, star, type Point } from './draw.js';
import type { Writer } from './writer.js';

const LABEL_W = 165;
const AXIS_H = 24;
/** Layout units (CSS px on screen) to points, vertically: at least this, more when rows fit. */
const KY_MIN = 0.5;
const KY_MAX = 0.8;
const CRITICAL = '#d92d20';
const LINK = '#667085';
const VIOLATED = '#b54708';
const SLACK = '#1f5fbf';
const KEY = '#b45309';
const DECISION = '#7c3aed';
const WINDOW = '#e8f0fd';
const BAND = '#eef1f5';
const PHASE = '#5b2a91';

export interface GanttPrint {
  lang: Lang;
  clock: Clock;
  operation: GanttInput['operation'];
  phases: GanttInput['phases'];
  tasks: readonly GanttTask[];
  agencies: GanttInput['agencies'];
  groupBy: 'phase' | 'agency';
  now: Date;
  labels: GanttInput['labels'];
}

/** "пн 30.11" for a wall-clock day "2026-11-30". */
function dayLabel(wallDay: string, lang: Lang): string {
  const d = new Date(`${wallDay}T12:00:00Z`);
  const weekday = new Intl.DateTimeFormat(lang === 'uk' ? 'uk-UA' : 'en-GB', { weekday: 'short', timeZone: 'UTC' }).format(d);
  return `${weekday} ${wallDay.slice(8, 10)}.${wallDay.slice(5, 7)}`;
}

/** Splits rows into pages of at most `room` points; a group heading never ends a page. */
function paginate(rows: readonly GanttRow[], room: number, ky: number): GanttRow[][] {
  const pages: GanttRow[][] = [];
  let page: GanttRow[] = [];
  let top = 0;
  rows.forEach((r, i) => {
    const next = rows[i + 1];
    const need = (r.kind === 'group' && next ? next.y + next.height : r.y + r.height) - top;
    if (page.length > 0 && need * ky > room) {
      pages.push(page);
      page = [];
      top = r.y;
    }
    page.push(r);
  });
  if (page.length > 0) pages.push(page);
  return pages;
}

/** Draws the chart from the writer's position on; the writer has started a landscape page. */
export function drawGanttChart(w: Writer, g: GanttPrint): GanttLayout {
  const doc = w.doc;
  const chartW = w.width - LABEL_W;
  const layout = layoutGantt({
    operation: g.operation, phases: g.phases, tasks: g.tasks, agencies: g.agencies, groupBy: g.groupBy,
    zoom: fitZoom(g.operation.startsAt, g.operation.endsAt, g.operation.timeZone, chartW),
    now: g.now.getTime(), labels: g.labels,
  });
  drawSummary(w, g, layout);
  drawLegend(w, g);
  const kx = chartW / Math.max(1, layout.width);
  const x0 = w.left + LABEL_W;
  const X = (x: number) => x0 + x * kx;

  const room = w.bottom - doc.y - AXIS_H - 4;
  // Few rows are drawn taller, to be read at arm's length; many keep the minimum and run on.
  const KY = Math.min(KY_MAX, Math.max(KY_MIN, room / Math.max(1, layout.height)));
  const pages = paginate(layout.rows, room, KY);
  pages.forEach((rows, n) => {
    if (n > 0) w.newPage('landscape');
    const axisTop = doc.y;
    const top = axisTop + AXIS_H;
    const offset = rows[0]!.y;
    const last = rows[rows.length - 1]!;
    const height = (last.y + last.height - offset) * KY;
    const Y = (y: number) => top + (y - offset) * KY;
    const onPage = new Set(rows.filter((r) => r.kind === 'task').map((r) => (r as { taskId: string }).taskId));

    // Background: the operation's window, group bands, row rules, day and phase lines.
    box(doc, X(layout.window.x), axisTop, layout.window.width * kx, AXIS_H + height, { fill: WINDOW, opacity: 0.7 });
    for (const r of rows) {
      if (r.kind === 'group') box(doc, w.left, Y(r.y), w.width, r.height * KY, { fill: BAND });
      else polyline(doc, [{ x: w.left, y: Y(r.y + r.height) }, { x: w.left + w.width, y: Y(r.y + r.height) }], { color: '#e4e7ec', width: 0.3 });
    }
    for (const k of layout.ticks) {
      if (k.major) polyline(doc, [{ x: X(k.x), y: axisTop }, { x: X(k.x), y: top + height }], { color: '#b9c0cc', width: 0.4 });
    }
    for (const p of layout.phases) {
      polyline(doc, [{ x: X(p.x), y: top }, { x: X(p.x), y: top + height }], { color: PHASE, width: 0.5, dash: 2, opacity: 0.6 });
    }
    drawAxis(w, g.lang, layout, X, axisTop);

    // Links, clipped to the chart: a link to a row on another page runs to the page's edge.
    doc.save();
    doc.rect(x0, top, chartW, height).clip();
    doc.font('regular').fontSize(5.5);
    for (const l of layout.links) {
      const ys = l.points.map((p) => p[1]);
      if (Math.max(...ys) < offset || Math.min(...ys) > last.y + last.height) continue;
      const color = l.critical ? CRITICAL : l.violated ? VIOLATED : LINK;
      const pts: Point[] = l.points.map(([x, y]) => ({ x: X(x), y: Y(y) }));
      polyline(doc, pts, { color, width: l.critical ? 0.9 : 0.6, ...(l.violated ? { dash: 1.5 } : {}) });
      if (onPage.has(l.toTaskId)) arrowHead(doc, pts[pts.length - 2]!, pts[pts.length - 1]!, 3.2, color);
    }
    doc.restore();

    // Bars.
    const barOf = new Map(layout.bars.map((b) => [b.taskId, b]));
    for (const r of rows) {
      if (r.kind !== 'task') continue;
      const b = barOf.get(r.taskId)!;
      const bx = X(b.x);
      const bw = Math.max(b.width * kx, 1.2);
      const by = Y(b.y);
      const bh = b.height * KY;
      const cy = by + bh / 2;
      const fill = b.color ?? '#6b7280';
      if (b.slackEndX > b.x + b.width + 0.5) {
        const ex = X(b.slackEndX);
        polyline(doc, [{ x: bx + bw, y: cy }, { x: ex, y: cy }], { color: SLACK, width: 0.7 });
        polyline(doc, [{ x: ex, y: cy - 2 }, { x: ex, y: cy + 2 }], { color: SLACK, width: 0.7 });
      }
      const stroke = b.critical ? { color: CRITICAL, width: 1.1 } : { color: '#344054', width: 0.3 };
      const cancelled = b.status === 'cancelled';
      const style = {
        fill: cancelled ? '#ffffff' : fill, opacity: b.status === 'done' ? 0.5 : 1,
        stroke: cancelled ? { ...stroke, dash: 1.5 } : stroke,
      };
      if (b.milestone) diamond(doc, { x: bx, y: cy }, 3.5, style);
      else box(doc, bx, by, bw, bh, style);
      let mx = bx - 3.5;
      if (b.isDecisionPoint) {
        diamond(doc, { x: mx, y: by - 0.5 }, 2.4, { fill: DECISION });
        mx -= 6;
      }
      if (b.isKeyEvent) star(doc, { x: mx, y: by - 0.5 }, 2.8, { fill: KEY });
    }
    // Lags over the bars, on a white ground so a bar behind does not hide them.
    doc.font('regular').fontSize(5.5);
    for (const l of layout.links) {
      if (l.lagMinutes === 0 || !onPage.has(l.fromTaskId) || !onPage.has(l.toTaskId)) continue;
      const lag = `${l.lagMinutes > 0 ? '+' : ''}${formatDuration(l.lagMinutes, g.lang)}`;
      const lx = Math.min(X(l.labelAt[0]) + 1, x0 + chartW - doc.widthOfString(lag) - 2);
      const ly = Y(l.labelAt[1]) - 3;
      box(doc, lx - 1, ly - 0.5, doc.widthOfString(lag) + 2, 7, { fill: '#ffffff', opacity: 0.85 });
      doc.fillColor('#475467').fillOpacity(1).text(lag, lx, ly, { lineBreak: false });
    }
    if (layout.todayX !== null) {
      polyline(doc, [{ x: X(layout.todayX), y: axisTop }, { x: X(layout.todayX), y: top + height }], { color: CRITICAL, width: 0.9 });
    }

    // Row labels.
    const size = KY > 0.6 ? 6.5 : 6;
    for (const r of rows) {
      const mid = Y(r.y) + (r.height * KY) / 2 - size * 0.6;
      if (r.kind === 'group') {
        if (r.color) box(doc, w.left, Y(r.y), 2.5, r.height * KY, { fill: r.color });
        doc.font('bold').fontSize(size + 0.5).fillColor('black').fillOpacity(1);
        label(doc, `${r.label} (${r.count})`, w.left + 5, mid, LABEL_W - 8);
      } else {
        doc.font('regular').fontSize(size).fillColor('black').fillOpacity(1);
        label(doc, r.label, w.left + 9, mid, LABEL_W - 12);
      }
    }
    polyline(doc, [{ x: x0, y: axisTop }, { x: x0, y: top + height }], { color: RULE, width: 0.5 });
    doc.x = w.left;
    doc.y = top + height + 6;
  });
  return layout;
}

function drawAxis(w: Writer, lang: Lang, layout: GanttLayout, X: (x: number) => number, y: number): void {
  const doc = w.doc;
  const ticks = layout.ticks;
  const minorGap = ticks.length > 1 ? Math.min(...ticks.slice(1).map((k, i) => X(k.x) - X(ticks[i]!.x))) : Infinity;
  const week = layout.zoom === 'week';
  for (const k of ticks) {
    const x = X(k.x);
    polyline(doc, [{ x, y: y + (k.major ? 0 : 14) }, { x, y: y + AXIS_H }], { color: k.major ? '#98a2b3' : '#d0d5dd', width: 0.4 });
    doc.fillOpacity(1);
    if (k.major || (week && minorGap >= 26)) {
      doc.font('bold').fontSize(6.5).fillColor('black');
      label(doc, dayLabel(k.wall.slice(0, 10), lang), x + 2, y + 3, 60);
    }
    if (!week && minorGap >= 11) {
      doc.font('regular').fontSize(5.5).fillColor(GREY);
      label(doc, k.wall.slice(11, 13), x + 1.5, y + 15.5, minorGap - 2);
    }
  }
  polyline(doc, [{ x: w.left, y: y + AXIS_H }, { x: w.left + w.width, y: y + AXIS_H }], { color: RULE, width: 0.5 });
  doc.font('bold').fontSize(6.5).fillColor(GREY);
  label(doc, t(lang, 'gantt.tasks'), w.left + 2, y + 15, LABEL_W - 6);
}

/** The plan's finish, the reserve to the window's end (or the overrun), tasks in a cycle. */
function drawSummary(w: Writer, g: GanttPrint, layout: GanttLayout): void {
  const parts = [
    layout.projectFinish ? t(g.lang, 'gantt.finish', { at: g.clock.at(layout.projectFinish) }) : '',
    layout.endSlackMinutes === null ? ''
      : layout.endSlackMinutes >= 0 ? t(g.lang, 'gantt.endSlack', { duration: formatDuration(layout.endSlackMinutes, g.lang) })
        : t(g.lang, 'gantt.overrun', { duration: formatDuration(-layout.endSlackMinutes, g.lang) }),
    layout.cyclic.length > 0 ? t(g.lang, 'gantt.cyclic', { count: layout.cyclic.length }) : '',
    g.clock.zoneLabel(g.operation.startsAt),
  ].filter(Boolean);
  w.font(false, SIZE.small).doc.fillColor('black').text(parts.join(' · '), w.left, w.doc.y, { width: w.width });
  w.doc.moveDown(0.3);
}

/** What the marks mean, and which colour is which agency. */
function drawLegend(w: Writer, g: GanttPrint): void {
  const doc = w.doc;
  const y = doc.y + 1;
  let x = w.left;
  const item = (draw: (cx: number, cy: number) => void, text: string) => {
    draw(x, y + 3);
    doc.font('regular').fontSize(6.5).fillColor('black').fillOpacity(1);
    doc.text(text, x + 14, y, { lineBreak: false });
    x += 14 + doc.widthOfString(text) + 10;
  };
  item((cx, cy) => box(doc, cx, cy - 2.5, 11, 5, { fill: '#98a2b3', stroke: { color: CRITICAL, width: 1.1 } }), t(g.lang, 'gantt.legend.critical'));
  item((cx, cy) => polyline(doc, [{ x: cx, y: cy }, { x: cx + 11, y: cy }], { color: SLACK, width: 0.8 }), t(g.lang, 'gantt.legend.slack'));
  item((cx, cy) => polyline(doc, [{ x: cx, y: cy }, { x: cx + 11, y: cy }], { color: VIOLATED, width: 0.8, dash: 1.5 }), t(g.lang, 'gantt.legend.broken'));
  item((cx, cy) => star(doc, { x: cx + 5, y: cy }, 3, { fill: KEY }), t(g.lang, 'gantt.legend.keyEvent'));
  item((cx, cy) => diamond(doc, { x: cx + 5, y: cy }, 2.8, { fill: DECISION }), t(g.lang, 'gantt.legend.decision'));
  item((cx, cy) => box(doc, cx, cy - 2.5, 11, 5, { fill: WINDOW, stroke: { color: '#bcd0f2', width: 0.4 } }), t(g.lang, 'gantt.legend.window'));
  item((cx, cy) => polyline(doc, [{ x: cx + 5, y: cy - 3.5 }, { x: cx + 5, y: cy + 3.5 }], { color: CRITICAL, width: 0.9 }), t(g.lang, 'gantt.today'));
  // Agencies with tasks on the chart, in the plan's order.
  const used = new Set(g.tasks.map((x) => x.accountableAgencyId));
  const shown = g.agencies.filter((a) => used.has(a.id));
  if (shown.length > 0) {
    doc.font('regular').fontSize(6.5);
    const head = t(g.lang, 'brief.gantt.agencies');
    const widthNeeded = doc.widthOfString(head) + 10 + shown.reduce((n, a) => n + 14 + doc.widthOfString(fitText(doc, a.label, 80)) + 10, 0);
    let ay = y;
    if (x + widthNeeded > w.left + w.width) {
      ay = y + 10;
      x = w.left;
    }
    doc.fillColor(GREY).text(head, x, ay, { lineBreak: false });
    x += doc.widthOfString(head) + 6;
    for (const a of shown) {
      if (x + 100 > w.left + w.width) {
        ay += 10;
        x = w.left;
      }
      box(doc, x, ay + 0.5, 10, 5, { fill: a.color });
      doc.font('regular').fontSize(6.5).fillColor('black').fillOpacity(1);
      const shownLabel = fitText(doc, a.label, 80);
      doc.text(shownLabel, x + 13, ay, { lineBreak: false });
      x += 14 + doc.widthOfString(shownLabel) + 10;
    }
    doc.y = ay + 12;
  } else doc.y = y + 12;
  doc.x = w.left;
}
