/**
 * An operation's map on paper, drawn as vectors from the same data (shared/geo/operation-geo.ts)
 * and the same built-in basemap (Natural Earth, shared/geo/basemap.ts) as the map view: land
 * and country borders, a degree grid, the route as ordered waypoints, the places in agency
 * colours (operation places large, task places middle, subjects' addresses as dashed rings),
 * a scale bar and the north. Web Mercator like the screen, so shapes match what planners saw.
 * Places are numbered on the map; places on one spot share a marker and list their numbers, and
 * the caller prints what each number is. Nothing here decides visibility: the caller passes the
 * places its recipient may see.
 */
import type { Basemap } from '../../../shared/geo/basemap.js';
import type { GeoPlace, OperationGeo } from '../../../shared/geo/operation-geo.js';
import { t, type Lang } from '../../../shared/i18n/index.js';
import { GREY, RULE } from './document.js';
import { arrowHead, box, diamond, dot, polyline, rings, type Point } from './draw.js';
import type { Writer } from './writer.js';

const LAND = '#f3efe6';
const SEA = '#dde8f0';
const BORDER = '#8a8275';
const GRID = '#b7c4d1';
const EARTH_RADIUS = 6378137;
const KIND_ORDER: Record<GeoPlace['kind'], number> = { location: 0, task: 1, subject: 2, lastSeen: 3 };
const DRAW_ORDER: Record<GeoPlace['kind'], number> = { location: 0, subject: 1, lastSeen: 2, task: 3 };

export interface MapPrint {
  lang: Lang;
  geo: OperationGeo;
  basemap: Basemap;
  /** Agency id → colour. */
  colorOf: (agencyId: string | null) => string;
}

/** A marker: the places on one spot, in number order. */
export interface MapMarker {
  lat: number;
  lon: number;
  places: { n: number; place: GeoPlace }[];
}

const rad = (deg: number) => (deg * Math.PI) / 180;
const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + rad(Math.max(-85, Math.min(85, lat))) / 2));
const latOf = (y: number) => ((2 * Math.atan(Math.exp(y)) - Math.PI / 2) * 180) / Math.PI;

/** Places grouped by spot (to about 10 m), numbered: route order, then tasks by start, then subjects. */
export function numberPlaces(places: readonly GeoPlace[]): MapMarker[] {
  const sorted = [...places].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]
    || (a.order ?? 0) - (b.order ?? 0) || (a.startsAt ?? '').localeCompare(b.startsAt ?? ''));
  const bySpot = new Map<string, MapMarker>();
  sorted.forEach((place, i) => {
    const key = `${place.lat.toFixed(4)},${place.lon.toFixed(4)}`;
    let m = bySpot.get(key);
    if (!m) {
      m = { lat: place.lat, lon: place.lon, places: [] };
      bySpot.set(key, m);
    }
    m.places.push({ n: i + 1, place });
  });
  return [...bySpot.values()];
}

/** A step of about `span / target` from 1, 2, 2.5, 5 × 10ⁿ. */
function niceStep(span: number, target: number): number {
  const raw = span / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const k of [1, 2, 2.5, 5, 10]) if (k * p >= raw) return k * p;
  return 10 * p;
}

/**
 * Draws the map into the frame (x, y, width, height) and returns its numbered markers.
 * The view holds every place and the route with a margin, at least about 20 km across.
 */
export function drawMapChart(w: Writer, m: MapPrint, frame: { x: number; y: number; width: number; height: number }): MapMarker[] {
  const doc = w.doc;
  const markers = numberPlaces(m.geo.places);
  const pts = [...m.geo.places.map((p) => ({ lat: p.lat, lon: p.lon })), ...(m.geo.route?.waypoints ?? [])];
  const lons = pts.map((p) => p.lon);
  const lats = pts.map((p) => p.lat);
  // Projected bounds (radians of Mercator), padded, then widened to the frame's shape.
  let x0 = rad(Math.min(...lons));
  let x1 = rad(Math.max(...lons));
  let y0 = mercY(Math.min(...lats));
  let y1 = mercY(Math.max(...lats));
  const minSpan = rad(0.3) / Math.cos(rad((Math.min(...lats) + Math.max(...lats)) / 2));
  const padX = Math.max((x1 - x0) * 0.12, minSpan / 2);
  const padY = Math.max((y1 - y0) * 0.12, minSpan / 2);
  x0 -= padX;
  x1 += padX;
  y0 -= padY;
  y1 += padY;
  const s = Math.min(frame.width / (x1 - x0), frame.height / (y1 - y0));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  x0 = cx - frame.width / s / 2;
  x1 = cx + frame.width / s / 2;
  y0 = cy - frame.height / s / 2;
  y1 = cy + frame.height / s / 2;
  const view = { west: (x0 * 180) / Math.PI, east: (x1 * 180) / Math.PI, south: latOf(y0), north: latOf(y1) };
  const P = (lon: number, lat: number): Point => ({ x: frame.x + (rad(lon) - x0) * s, y: frame.y + (y1 - mercY(lat)) * s });
  const inView = (ring: readonly number[][]) => {
    let w0 = Infinity;
    let e0 = -Infinity;
    let s0 = Infinity;
    let n0 = -Infinity;
    for (const [lon, lat] of ring) {
      if (lon! < w0) w0 = lon!;
      if (lon! > e0) e0 = lon!;
      if (lat! < s0) s0 = lat!;
      if (lat! > n0) n0 = lat!;
    }
    return e0 >= view.west && w0 <= view.east && n0 >= view.south && s0 <= view.north;
  };

  doc.save();
  doc.rect(frame.x, frame.y, frame.width, frame.height).clip();
  box(doc, frame.x, frame.y, frame.width, frame.height, { fill: SEA });
  // Land: every country polygon that reaches into the view.
  for (const f of m.basemap.land.features) {
    const g = f.geometry;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const poly of polys) {
      if (poly.length === 0 || !inView(poly[0]!)) continue;
      rings(doc, poly.map((ring) => ring.map(([lon, lat]) => P(lon!, lat!))), { fill: LAND });
    }
  }
  // Degree grid.
  const lonStep = niceStep(view.east - view.west, 6);
  const latStep = niceStep(view.north - view.south, 4);
  const decimals = (step: number) => [0, 1, 2, 3].find((d) => Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9) ?? 4;
  doc.font('regular').fontSize(5.5);
  for (let lon = Math.ceil(view.west / lonStep) * lonStep; lon <= view.east; lon += lonStep) {
    polyline(doc, [P(lon, view.south), P(lon, view.north)], { color: GRID, width: 0.3 });
    doc.fillColor(GREY).fillOpacity(1).text(`${lon.toFixed(decimals(lonStep))}°`, P(lon, view.south).x + 1.5, frame.y + frame.height - 7, { lineBreak: false });
  }
  for (let lat = Math.ceil(view.south / latStep) * latStep; lat <= view.north; lat += latStep) {
    polyline(doc, [P(view.west, lat), P(view.east, lat)], { color: GRID, width: 0.3 });
    doc.fillColor(GREY).fillOpacity(1).text(`${lat.toFixed(decimals(latStep))}°`, frame.x + 2, P(view.west, lat).y - 7, { lineBreak: false });
  }
  // Country borders, each shared edge once.
  for (const line of m.basemap.borders.coordinates) {
    if (!inView(line)) continue;
    polyline(doc, line.map(([lon, lat]) => P(lon!, lat!)), { color: BORDER, width: 0.8 });
  }
  // The route, under the places.
  const route = m.geo.route;
  if (route) {
    const wp = route.waypoints.map((p) => P(p.lon, p.lat));
    polyline(doc, wp, { color: m.colorOf(route.agencyId), width: 2.2, opacity: 0.85 });
    for (let i = 1; i < wp.length; i++) {
      const a = wp[i - 1]!;
      const b = wp[i]!;
      const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      if (Math.hypot(b.x - a.x, b.y - a.y) > 24) arrowHead(doc, a, { x: mid.x + (b.x - a.x) * 0.03, y: mid.y + (b.y - a.y) * 0.03 }, 5, m.colorOf(route.agencyId));
    }
  }
  // Places, stacked on a shared spot: the operation's place widest at the bottom, a subject's
  // ring, the task places on top, so each agency's colour still shows.
  for (const mk of markers) {
    const at = P(mk.lon, mk.lat);
    const stack = [...mk.places].sort((a, b) => DRAW_ORDER[a.place.kind] - DRAW_ORDER[b.place.kind]);
    for (const { place } of stack) drawPlace(doc, at, place, m.colorOf(place.agencyId));
  }
  // One label per cluster of markers closer than a label's height on paper (a town's places).
  const clusters: { at: Point; numbers: number[] }[] = [];
  for (const mk of markers) {
    const at = P(mk.lon, mk.lat);
    const near = clusters.find((c) => Math.hypot(c.at.x - at.x, c.at.y - at.y) < 9);
    if (near) near.numbers.push(...mk.places.map((p) => p.n));
    else clusters.push({ at, numbers: mk.places.map((p) => p.n) });
  }
  doc.font('bold').fontSize(6.5);
  for (const c of clusters) {
    const text = c.numbers.sort((a, b) => a - b).join(', ');
    const tw = doc.widthOfString(text);
    const left = c.at.x + 8 + tw > frame.x + frame.width - 2;
    const lx = left ? c.at.x - 8 - tw : c.at.x + 8;
    box(doc, lx - 1.5, c.at.y - 4.5, tw + 3, 9, { fill: '#ffffff', opacity: 0.85, stroke: { color: RULE, width: 0.3 } });
    doc.fillColor('black').fillOpacity(1).text(text, lx, c.at.y - 3.5, { lineBreak: false });
  }
  doc.restore();

  drawScaleAndNorth(w, m.lang, frame, s, (y0 + y1) / 2);
  doc.save();
  doc.rect(frame.x, frame.y, frame.width, frame.height).lineWidth(0.6).strokeColor('#667085').strokeOpacity(1).undash().stroke();
  doc.restore();
  return markers;
}

function drawPlace(doc: PDFKit.PDFDocument, at: Point, place: GeoPlace, color: string): void {
  if (place.kind === 'location') dot(doc, at, 5, { fill: color, stroke: { color: '#ffffff', width: 1.4 } });
  else if (place.kind === 'task') dot(doc, at, 4, { fill: color, stroke: { color: '#ffffff', width: 1.1 } });
  else if (place.kind === 'lastSeen') diamond(doc, at, 4.2, { fill: color, stroke: { color: '#222222', width: 0.9 } });
  else dot(doc, at, 3.6, { fill: '#ffffff', stroke: { color, width: 1.1, dash: 1 } });
}

/** A scale bar of a round length in kilometres, bottom left, and a north arrow, top right. */
function drawScaleAndNorth(w: Writer, lang: Lang, frame: { x: number; y: number; width: number; height: number }, s: number, midY: number): void {
  const doc = w.doc;
  // Metres per point along the parallel through the middle of the view.
  const lat = (2 * Math.atan(Math.exp(midY)) - Math.PI / 2);
  const metresPerPt = (EARTH_RADIUS * Math.cos(lat)) / s;
  const km = [0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 500].filter((k) => (k * 1000) / metresPerPt <= frame.width / 5).pop() ?? 0.5;
  const len = (km * 1000) / metresPerPt;
  const x = frame.x + 10;
  const y = frame.y + frame.height - 16;
  box(doc, x - 4, y - 9, len + 8 + 30, 16, { fill: '#ffffff', opacity: 0.85 });
  box(doc, x, y, len / 2, 3, { fill: '#344054' });
  box(doc, x + len / 2, y, len / 2, 3, { fill: '#ffffff', stroke: { color: '#344054', width: 0.5 } });
  polyline(doc, [{ x, y }, { x: x + len, y }], { color: '#344054', width: 0.5 });
  doc.font('regular').fontSize(6).fillColor('black').fillOpacity(1);
  doc.text(t(lang, 'brief.map.km', { n: km }), x + len + 4, y - 3, { lineBreak: false });
  doc.text('0', x - 1.5, y - 8, { lineBreak: false });

  const nx = frame.x + frame.width - 16;
  const ny = frame.y + 10;
  box(doc, nx - 8, ny - 4, 16, 26, { fill: '#ffffff', opacity: 0.85 });
  arrowHead(doc, { x: nx, y: ny + 14 }, { x: nx, y: ny }, 7, '#344054');
  polyline(doc, [{ x: nx, y: ny + 4 }, { x: nx, y: ny + 14 }], { color: '#344054', width: 0.8 });
  doc.font('bold').fontSize(6.5).fillColor('black');
  const north = lang === 'uk' ? 'Пн' : 'N';
  doc.text(north, nx - doc.widthOfString(north) / 2, ny + 14.5, { lineBreak: false });
}

/** What the marks mean, and which colour is which agency; under the map. */
export function drawMapLegend(w: Writer, lang: Lang, agencies: readonly { label: string; color: string }[], route: { color: string } | null, lastSeen = false): void {
  const doc = w.doc;
  let x = w.left;
  let y = doc.y + 2;
  const item = (draw: (at: Point) => void, text: string) => {
    doc.font('regular').fontSize(6.5);
    if (x + 16 + doc.widthOfString(text) > w.left + w.width) {
      x = w.left;
      y += 10;
    }
    draw({ x: x + 5, y: y + 3.5 });
    doc.font('regular').fontSize(6.5).fillColor('black').fillOpacity(1).text(text, x + 13, y, { lineBreak: false });
    x += 13 + doc.widthOfString(text) + 10;
  };
  const neutral = '#667085';
  item((at) => dot(doc, at, 4, { fill: neutral, stroke: { color: '#ffffff', width: 1.2 } }), t(lang, 'map.kind.location'));
  item((at) => dot(doc, at, 3.2, { fill: neutral, stroke: { color: '#ffffff', width: 1 } }), t(lang, 'map.kind.task'));
  item((at) => dot(doc, at, 3, { fill: '#ffffff', stroke: { color: neutral, width: 1, dash: 1 } }), t(lang, 'map.kind.subject'));
  if (lastSeen) item((at) => diamond(doc, at, 3.6, { fill: neutral, stroke: { color: '#222222', width: 0.8 } }), t(lang, 'map.kind.lastSeen'));
  if (route) item((at) => polyline(doc, [{ x: at.x - 5, y: at.y }, { x: at.x + 5, y: at.y }], { color: route.color, width: 2 }), t(lang, 'brief.map.route'));
  for (const a of agencies) item((at) => box(doc, at.x - 5, at.y - 2.5, 10, 5, { fill: a.color }), a.label);
  doc.x = w.left;
  doc.y = y + 12;
}
