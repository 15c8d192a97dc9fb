/**
 * Vector drawing for charts and maps in a PDF: scales, lines with arrow heads, markers and
 * one-line labels that never spill out of their box. Everything is drawn as PDF paths, so a
 * printed timeline or map stays sharp at any zoom and its labels stay searchable text.
 */
import type { Doc } from './document.js';

export interface Point {
  x: number;
  y: number;
}

/** A linear map from a domain [d0, d1] onto a range [r0, r1] (points on the page). */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

export interface StrokeStyle {
  color: string;
  width: number;
  dash?: number;
  opacity?: number;
}

function applyStroke(doc: Doc, style: StrokeStyle): void {
  doc.lineWidth(style.width).strokeColor(style.color).strokeOpacity(style.opacity ?? 1);
  if (style.dash !== undefined) doc.dash(style.dash, { space: style.dash });
  else doc.undash();
}

/** An open polyline through the points. */
export function polyline(doc: Doc, points: readonly Point[], style: StrokeStyle): void {
  if (points.length < 2) return;
  doc.save();
  applyStroke(doc, style);
  doc.moveTo(points[0]!.x, points[0]!.y);
  for (const p of points.slice(1)) doc.lineTo(p.x, p.y);
  doc.stroke();
  doc.restore();
}

/** A filled triangular head at `to`, pointing along from → to. */
export function arrowHead(doc: Doc, from: Point, to: Point, size: number, color: string): void {
  const a = Math.atan2(to.y - from.y, to.x - from.x);
  const spread = Math.PI / 7;
  doc.save();
  doc.fillColor(color).fillOpacity(1);
  doc.moveTo(to.x, to.y)
    .lineTo(to.x - size * Math.cos(a - spread), to.y - size * Math.sin(a - spread))
    .lineTo(to.x - size * Math.cos(a + spread), to.y - size * Math.sin(a + spread))
    .closePath().fill();
  doc.restore();
}

/** A polyline ending in an arrow head at its last point. */
export function arrow(doc: Doc, points: readonly Point[], style: StrokeStyle, head = 4): void {
  polyline(doc, points, style);
  if (points.length >= 2) arrowHead(doc, points[points.length - 2]!, points[points.length - 1]!, head, style.color);
}

/** A filled shape with an optional outline. */
export interface FillStyle {
  fill: string;
  opacity?: number;
  stroke?: StrokeStyle;
}

function paint(doc: Doc, style: FillStyle): void {
  doc.fillColor(style.fill).fillOpacity(style.opacity ?? 1);
  if (style.stroke) {
    applyStroke(doc, style.stroke);
    doc.fillAndStroke();
  } else doc.fill();
}

export function box(doc: Doc, x: number, y: number, w: number, h: number, style: FillStyle): void {
  doc.save();
  doc.rect(x, y, w, h);
  paint(doc, style);
  doc.restore();
}

/** A diamond centred on p (a milestone or decision point on a timeline). */
export function diamond(doc: Doc, p: Point, r: number, style: FillStyle): void {
  doc.save();
  doc.moveTo(p.x, p.y - r).lineTo(p.x + r, p.y).lineTo(p.x, p.y + r).lineTo(p.x - r, p.y).closePath();
  paint(doc, style);
  doc.restore();
}

export function dot(doc: Doc, p: Point, r: number, style: FillStyle): void {
  doc.save();
  doc.circle(p.x, p.y, r);
  paint(doc, style);
  doc.restore();
}

/** A five-pointed star centred on p (a key event). */
export function star(doc: Doc, p: Point, r: number, style: FillStyle): void {
  const points: Point[] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r : r * 0.45;
    points.push({ x: p.x + rr * Math.cos(a), y: p.y + rr * Math.sin(a) });
  }
  polygon(doc, points, style);
}

/** A closed polygon (a boundary ring, an area), filled and/or outlined. */
export function polygon(doc: Doc, points: readonly Point[], style: FillStyle): void {
  if (points.length < 3) return;
  doc.save();
  doc.moveTo(points[0]!.x, points[0]!.y);
  for (const p of points.slice(1)) doc.lineTo(p.x, p.y);
  doc.closePath();
  paint(doc, style);
  doc.restore();
}

/**
 * A shape of several rings (a country with its islands and lakes), filled by the even-odd
 * rule so holes stay holes.
 */
export function rings(doc: Doc, shape: readonly (readonly Point[])[], style: FillStyle): void {
  let any = false;
  doc.save();
  for (const ring of shape) {
    if (ring.length < 3) continue;
    any = true;
    doc.moveTo(ring[0]!.x, ring[0]!.y);
    for (const p of ring.slice(1)) doc.lineTo(p.x, p.y);
    doc.closePath();
  }
  if (any) {
    doc.fillOpacity(style.opacity ?? 1);
    if (style.stroke) {
      applyStroke(doc, style.stroke);
      doc.fillAndStroke(style.fill, style.stroke.color, 'even-odd');
    } else doc.fill(style.fill, 'even-odd');
  }
  doc.restore();
}

/** The longest prefix of `text` (with an ellipsis when cut) that fits `width` in the current font. */
export function fitText(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(`${text.slice(0, mid)}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : `${text.slice(0, lo).trimEnd()}…`;
}

/** One line of text at (x, y), cut to `width`; returns the text drawn. */
export function label(doc: Doc, text: string, x: number, y: number, width: number, opts: { align?: 'left' | 'right' | 'center' } = {}): string {
  const shown = fitText(doc, text, width);
  if (shown === '') return shown;
  const w = doc.widthOfString(shown);
  const dx = opts.align === 'right' ? width - w : opts.align === 'center' ? (width - w) / 2 : 0;
  doc.text(shown, x + dx, y, { lineBreak: false });
  return shown;
}
