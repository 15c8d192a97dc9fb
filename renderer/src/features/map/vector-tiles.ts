/**
 * Vector tiles (Mapbox Vector Tile 2.1, the `pbf` format of MBTiles) drawn on a canvas, offline:
 * decoded by @mapbox/vector-tile over pbf (BSD-3-Clause; the reference decoder, kept by the
 * format's authors — hand-written protobuf and geometry decoding would be ours to get wrong) and
 * painted with the 2D API, no WebGL (the map must draw in headless Chromium and on laptops
 * without a GPU) and no style file to fetch.
 *
 * Styling follows the layer names of the OpenMapTiles schema, which most offline vector MBTiles
 * use (water, landcover, landuse, park, building, transportation, boundary, …); a layer with
 * another name is drawn in a neutral grey, so an unknown file still shows its shapes.
 *
 * Labels: the names of point features (settlements of the `place` layer first, larger places
 * before smaller), in the app's language where the file has it (`name:uk`, `name:en`, else
 * `name`), with a white halo. A label that would overlap one already placed, or cross the
 * tile's edge (the neighbour would cut it), is left out. Names along lines (streets, rivers)
 * are not drawn.
 */
import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

interface Look {
  fill?: string;
  stroke?: string;
  width?: number;
  dash?: number[];
}

/** Bottom up; anything not named here is drawn after, in grey. */
const LOOKS: readonly [string, Look][] = [
  ['landcover', { fill: '#e3ecd4' }],
  ['landuse', { fill: '#ece7dc' }],
  ['park', { fill: '#d6e8c4' }],
  ['water', { fill: '#b9d3e6' }],
  ['waterway', { stroke: '#9cc0dc', width: 1.2 }],
  ['aeroway', { fill: '#e4e0ea', stroke: '#c9c2d6', width: 1 }],
  ['building', { fill: '#d9d2c8', stroke: '#c6bdb0', width: 0.5 }],
  ['transportation', { stroke: '#ffffff', width: 2.2 }],
  ['boundary', { stroke: '#8a6f9e', width: 1.2, dash: [5, 3] }],
];
const OTHER: Look = { fill: 'rgba(120,120,120,0.15)', stroke: '#9a9a9a', width: 0.8 };
const NAMED = new Set(LOOKS.map(([name]) => name));

/** A tile's bytes as stored: most MBTiles writers gzip each vector tile. */
export async function inflateTile(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The page's font family (app.css --font, which has Cyrillic on every platform it names). */
function pageFont(): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--font').trim() || 'sans-serif';
}
/** Settlement classes of the OpenMapTiles `place` layer, the most important first. */
const PLACE_CLASSES = ['country', 'state', 'province', 'city', 'town', 'village', 'suburb', 'hamlet', 'neighbourhood', 'quarter', 'isolated_dwelling'];

/** `font`: its weight and size; the family is the page's. */
export interface Label { text: string; x: number; y: number; font: string; priority: number }

/** The feature's name in `lang` where the file carries one, else its own name. */
function nameOf(f: VectorTileFeature, lang: string): string {
  const p = f.properties;
  const pick = (...keys: string[]) => keys.map((k) => p[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return (lang === 'uk' ? pick('name:uk', 'name') : pick(`name:${lang}`, `name_${lang}`, 'name:latin', 'name_int', 'name')) ?? '';
}

/** The labels a tile offers, the most important first (exported for its test). */
export function labelsOf(tile: VectorTile, size: number, lang: string): Label[] {
  const labels: Label[] = [];
  for (const [layerName, layer] of Object.entries(tile.layers)) {
    const k = size / layer.extent;
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      if (f.type !== 1) continue;
      const text = nameOf(f, lang);
      const at = f.loadGeometry()[0]?.[0];
      if (!text || !at) continue;
      const rank = PLACE_CLASSES.indexOf(String(f.properties['class'] ?? ''));
      const major = layerName === 'place' && rank >= 0 && rank <= PLACE_CLASSES.indexOf('city');
      labels.push({
        text, x: at.x * k, y: at.y * k,
        font: major ? 'bold 13px' : '12px',
        // Places before anything else, by class; then by the file's own rank where it has one.
        priority: (layerName === 'place' ? 0 : 1000) + (rank >= 0 ? rank : PLACE_CLASSES.length) * 10 + Number(f.properties['rank'] ?? 0),
      });
    }
  }
  return labels.sort((a, b) => a.priority - b.priority);
}

/** Draws the labels that fit; returns how many. */
function paintLabels(g: CanvasRenderingContext2D, labels: readonly Label[], size: number): number {
  const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const family = pageFont();
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.lineJoin = 'round';
  for (const l of labels) {
    g.font = `${l.font} ${family}`;
    const half = g.measureText(l.text).width / 2 + 3;
    const box = { x0: l.x - half, y0: l.y - 10, x1: l.x + half, y1: l.y + 10 };
    if (box.x0 < 0 || box.y0 < 0 || box.x1 > size || box.y1 > size) continue;
    if (placed.some((b) => box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1)) continue;
    placed.push(box);
    g.strokeStyle = 'rgba(255,255,255,0.9)';
    g.lineWidth = 3;
    g.strokeText(l.text, l.x, l.y);
    g.fillStyle = '#2b2b2b';
    g.fillText(l.text, l.x, l.y);
  }
  return placed.length;
}

/**
 * Paints one decoded tile into a square of `size` CSS pixels, its labels in `lang`. Answers how
 * many features it drew as shapes and how many labels.
 */
export function paintVectorTile(g: CanvasRenderingContext2D, bytes: Uint8Array, size: number, lang: string): { features: number; labels: number } {
  const tile = new VectorTile(new PbfReader(bytes));
  const names = Object.keys(tile.layers);
  const order: [string, Look][] = [
    ...LOOKS.filter(([name]) => tile.layers[name]),
    ...names.filter((n) => !NAMED.has(n)).sort().map((n): [string, Look] => [n, OTHER]),
  ];
  let drawn = 0;
  g.lineJoin = 'round';
  g.lineCap = 'round';
  for (const [name, look] of order) {
    const layer = tile.layers[name]!;
    const k = size / layer.extent;
    const areas = new Path2D();
    const lines = new Path2D();
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      if (f.type !== 2 && f.type !== 3) continue;
      const path = f.type === 3 ? areas : lines;
      for (const ring of f.loadGeometry()) {
        ring.forEach((p, j) => (j === 0 ? path.moveTo(p.x * k, p.y * k) : path.lineTo(p.x * k, p.y * k)));
        if (f.type === 3) path.closePath();
      }
      drawn++;
    }
    if (look.fill) {
      g.fillStyle = look.fill;
      g.fill(areas, 'evenodd');
    }
    if (look.stroke) {
      g.strokeStyle = look.stroke;
      g.lineWidth = look.width ?? 1;
      g.setLineDash(look.dash ?? []);
      g.stroke(lines);
      // Area outlines only for layers that ask for one (buildings, aeroways): not water.
      if (look.fill) g.stroke(areas);
    }
  }
  g.setLineDash([]);
  return { features: drawn, labels: paintLabels(g, labelsOf(tile, size, lang), size) };
}
