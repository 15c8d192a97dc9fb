/**
 * The built-in basemap (shared/geo/basemap.ts) on one canvas: land filled, borders stroked.
 * Leaflet's GeoJSON layers made an object per country polygon and re-projected, clipped and
 * simplified every one on each visit — about a third of a map visit (test/bench/map.bench.ts).
 * Here each ring and line is projected once per page (the pieces are the same arrays from visit
 * to visit, so they are remembered by identity) and a redraw only scales them.
 */
import type L from 'leaflet';
import type { Basemap } from '../../../../shared/geo/basemap.js';
import { CanvasLayer, worldX, worldY, type CanvasView } from './canvas-layer.js';

const LAND = '#f3efe6';
const BORDER = '#8a8275';

/** Zoom-0 world pixels of a ring or line, x y x y …, by the coordinate array they came from. */
const projected = new WeakMap<number[][], Float64Array>();
function project(points: number[][]): Float64Array {
  let out = projected.get(points);
  if (!out) {
    out = new Float64Array(points.length * 2);
    for (let i = 0; i < points.length; i++) {
      out[i * 2] = worldX(points[i]![0]!);
      out[i * 2 + 1] = worldY(points[i]![1]!);
    }
    projected.set(points, out);
  }
  return out;
}

function trace(g: CanvasRenderingContext2D, pts: Float64Array, view: CanvasView, close: boolean): void {
  const { scale, ox, oy } = view;
  g.moveTo(pts[0]! * scale - ox, pts[1]! * scale - oy);
  for (let k = 2; k < pts.length; k += 2) g.lineTo(pts[k]! * scale - ox, pts[k + 1]! * scale - oy);
  if (close) g.closePath();
}

export class BasemapLayer extends CanvasLayer {
  private rings: Float64Array[][] = [];
  private borders: Float64Array[] = [];

  constructor(options?: L.RendererOptions) {
    super('map-basemap', options);
  }

  setBasemap(base: Basemap): this {
    this.rings = [];
    for (const f of base.land.features) {
      const g = f.geometry;
      const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
      for (const p of polys) this.rings.push(p.map((ring) => project(ring)));
    }
    this.borders = base.borders.coordinates.map((line) => project(line));
    this.redraw();
    return this;
  }

  protected paint(g: CanvasRenderingContext2D, view: CanvasView): void {
    // Holes (lakes, enclaves) by the even-odd rule, as GeoJSON polygons mean them.
    g.beginPath();
    for (const poly of this.rings) for (const ring of poly) if (ring.length >= 6) trace(g, ring, view, true);
    g.fillStyle = LAND;
    g.fill('evenodd');
    g.beginPath();
    for (const line of this.borders) if (line.length >= 4) trace(g, line, view, false);
    g.lineWidth = 1;
    g.lineJoin = 'round';
    g.strokeStyle = BORDER;
    g.stroke();
  }
}
