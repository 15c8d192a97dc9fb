/**
 * Every place of the map on ONE canvas, drawn with the 2D API, with its own hit-testing.
 *
 * Why not a Leaflet circle marker per place: a thousand operations are 12,000 places, and
 * Leaflet makes an object per marker, projects each one, and fills and strokes a circle path per
 * place — the rasterizing of those paths was most of a visit (test/bench/map.bench.ts: 2.6× the
 * bare canvas baseline). Here the places are projected once per data set (canvas-layer.ts),
 * each style's symbol is drawn once and copied to every place of that style, and a click or
 * hover is hit-tested against the positions of the last draw.
 *
 * Draw order, bottom up: the lines (routes, when there are many), subjects, locations, tasks,
 * the selected place — a click on a shared spot finds the task, as the planners expect (the
 * task is what they open).
 */
import L from 'leaflet';
import { CanvasLayer, worldX, worldY, type CanvasView } from './canvas-layer.js';

export interface PlaceStyle {
  radius: number;
  fill: string;
  stroke: string;
  weight: number;
  /** Dashed outline (subjects' addresses, last known places). */
  dash: boolean;
  /** Drawn as a diamond instead of a circle (a last known place of a person or vehicle). */
  diamond?: boolean;
}

/** A line under the places (an operation's route), drawn but not clickable. */
export interface CanvasLine {
  points: readonly { lat: number; lon: number }[];
  color: string;
  weight: number;
  opacity: number;
}

/** A ring of a given ground radius around a point (the deconfliction radius), under everything. */
export interface CanvasCircle {
  lat: number;
  lon: number;
  meters: number;
  color: string;
}

/** Metres along the equator per world pixel at zoom 0 (Web Mercator, WGS 84 radius). */
const METERS_PER_WORLD_PIXEL = (2 * Math.PI * 6378137) / 256;

export interface CanvasPlace<T> {
  lat: number;
  lon: number;
  /** Lower is drawn first (under the others). */
  layer: number;
  style: PlaceStyle;
  item: T;
}

/** Extra pixels around a place that still count as a click on it (a finger on a touchpad). */
const TOLERANCE = 3;

export class PlacesLayer<T> extends CanvasLayer {
  private places: CanvasPlace<T>[] = [];
  /** Lines by colour and look: one path each. Points projected at zoom 0, x y x y …; a NaN pair
   *  starts a new line. */
  private lines: { color: string; weight: number; opacity: number; world: number[] }[] = [];
  /** Circles by colour: x, y, radius in zoom-0 world pixels, three numbers each. */
  private circles: { color: string; world: number[] }[] = [];
  /** Places in draw order, grouped by style: [start, end) ranges into `order`. */
  private order: number[] = [];
  private runs: { start: number; end: number; style: PlaceStyle }[] = [];
  /** Projected at zoom 0 (world pixels), per place. */
  private wx = new Float64Array(0);
  private wy = new Float64Array(0);
  /** Canvas positions of the last draw, in draw order. */
  private sx = new Float32Array(0);
  private sy = new Float32Array(0);
  private selected = -1;
  /** Each style's symbol, drawn once (a copy per place is a blit; a circle per place is a path
   *  the rasterizer fills and strokes — most of the cost of 12,000 places). */
  private sprites = new WeakMap<PlaceStyle, { image: ImageBitmap; ratio: number }>();
  private hovered: T | null = null;
  private tooltip: L.Tooltip | null = null;

  constructor(
    private readonly handlers: { onClick(item: T): void; describe(item: T): string },
    options?: L.RendererOptions,
  ) {
    super('map-places', options);
  }

  /**
   * Replaces what is drawn: the lines under the places, then the places; `selected` is drawn on
   * top. Places sharing a look should share one style object (a batch is a run of one style).
   */
  setPlaces(places: CanvasPlace<T>[], selected: (item: T) => boolean, lines: readonly CanvasLine[] = [], circles: readonly CanvasCircle[] = []): this {
    this.places = places;
    const n = places.length;
    this.wx = new Float64Array(n);
    this.wy = new Float64Array(n);
    this.selected = -1;
    const styleIds = new Map<PlaceStyle, number>();
    const keys = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const p = places[i]!;
      this.wx[i] = worldX(p.lon);
      this.wy[i] = worldY(p.lat);
      let id = styleIds.get(p.style);
      if (id === undefined) styleIds.set(p.style, (id = styleIds.size));
      keys[i] = id;
      if (this.selected < 0 && selected(p.item)) this.selected = i;
    }
    const byLook = new Map<string, { color: string; weight: number; opacity: number; world: number[] }>();
    for (const line of lines) {
      const look = `${line.color}|${line.weight}|${line.opacity}`;
      let batch = byLook.get(look);
      if (!batch) byLook.set(look, (batch = { color: line.color, weight: line.weight, opacity: line.opacity, world: [] }));
      if (batch.world.length > 0) batch.world.push(NaN, NaN);
      for (const pt of line.points) batch.world.push(worldX(pt.lon), worldY(pt.lat));
    }
    this.lines = [...byLook.values()];
    const byColor = new Map<string, number[]>();
    for (const c of circles) {
      let world = byColor.get(c.color);
      if (!world) byColor.set(c.color, (world = []));
      // A ground distance is 1/cos(latitude) times longer on the Mercator plane.
      world.push(worldX(c.lon), worldY(c.lat), c.meters / (METERS_PER_WORLD_PIXEL * Math.cos((c.lat * Math.PI) / 180)));
    }
    this.circles = [...byColor].map(([color, world]) => ({ color, world }));
    const order: number[] = [];
    for (let i = 0; i < n; i++) if (i !== this.selected) order.push(i);
    order.sort((a, b) => places[a]!.layer - places[b]!.layer || keys[a]! - keys[b]! || a - b);
    if (this.selected >= 0) order.push(this.selected);
    this.order = order;
    this.runs = [];
    for (let k = 0; k < order.length; k++) {
      const last = this.runs[this.runs.length - 1];
      const isSelected = this.selected >= 0 && k === order.length - 1;
      if (last && !isSelected && places[order[k]!]!.style === places[order[last.start]!]!.style) {
        last.end = k + 1;
      } else {
        this.runs.push({ start: k, end: k + 1, style: places[order[k]!]!.style });
      }
    }
    this.sx = new Float32Array(n);
    this.sy = new Float32Array(n);
    this.hide();
    this.redraw();
    return this;
  }

  override onAdd(map: L.Map): this {
    super.onAdd(map);
    map.on('click', this.onMapClick, this);
    map.on('mousemove', this.onMapMove, this);
    map.on('mouseout zoomstart movestart', this.hide, this);
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('click', this.onMapClick, this);
    map.off('mousemove', this.onMapMove, this);
    map.off('mouseout zoomstart movestart', this.hide, this);
    this.hide();
    super.onRemove(map);
    return this;
  }

  protected paint(g: CanvasRenderingContext2D, view: CanvasView): void {
    const { scale, ox, oy, w, h, ratio } = view;
    const { order, wx, wy, sx, sy } = this;
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      sx[k] = wx[i]! * scale - ox;
      sy[k] = wy[i]! * scale - oy;
    }
    // The radii: a path per circle (one path of thousands of arcs rasterizes far slower).
    g.lineWidth = 1;
    g.setLineDash([4, 4]);
    for (const { color, world } of this.circles) {
      g.fillStyle = color;
      g.strokeStyle = color;
      for (let k = 0; k < world.length; k += 3) {
        const x = world[k]! * scale - ox;
        const y = world[k + 1]! * scale - oy;
        const r = world[k + 2]! * scale;
        if (x < -r || y < -r || x > w + r || y > h + r) continue;
        g.beginPath();
        g.arc(x, y, r, 0, Math.PI * 2);
        g.globalAlpha = 0.06;
        g.fill();
        g.globalAlpha = 0.5;
        g.stroke();
      }
    }
    g.globalAlpha = 1;
    g.setLineDash([]);
    g.lineJoin = 'round';
    g.lineCap = 'round';
    for (const line of this.lines) {
      const pts = line.world;
      g.beginPath();
      let pen = false;
      for (let k = 0; k < pts.length; k += 2) {
        const x = pts[k]!;
        if (Number.isNaN(x)) {
          pen = false;
          continue;
        }
        const cx = x * scale - ox;
        const cy = pts[k + 1]! * scale - oy;
        if (pen) g.lineTo(cx, cy);
        else g.moveTo(cx, cy);
        pen = true;
      }
      g.globalAlpha = line.opacity;
      g.lineWidth = line.weight;
      g.strokeStyle = line.color;
      g.stroke();
    }
    g.globalAlpha = 1;
    for (const run of this.runs) {
      const sprite = this.spriteOf(run.style, ratio);
      const span = sprite.width / ratio;
      const half = span / 2;
      for (let k = run.start; k < run.end; k++) {
        const x = sx[k]!;
        const y = sy[k]!;
        if (x < -half || y < -half || x > w + half || y > h + half) continue;
        // Whole device pixels: the sprite is copied, not resampled.
        g.drawImage(sprite, Math.round((x - half) * ratio) / ratio, Math.round((y - half) * ratio) / ratio, span, span);
      }
    }
  }

  /**
   * A style's symbol drawn once, copied for every place of that style. An ImageBitmap, not a
   * canvas: Chromium snapshots a canvas source on every drawImage (about 20 µs each, most of a
   * visit for 12,000 places); a bitmap is copied as it is.
   */
  private spriteOf(style: PlaceStyle, ratio: number): ImageBitmap {
    const cached = this.sprites.get(style);
    if (cached && cached.ratio === ratio) return cached.image;
    const r = style.radius + (style.diamond ? 1 : 0);
    const size = Math.ceil((r + style.weight) * 2 + 2);
    const canvas = new OffscreenCanvas(size * ratio, size * ratio);
    const g = canvas.getContext('2d')!;
    g.scale(ratio, ratio);
    const c = size / 2;
    g.beginPath();
    if (style.diamond) {
      g.moveTo(c, c - r);
      g.lineTo(c + r, c);
      g.lineTo(c, c + r);
      g.lineTo(c - r, c);
      g.closePath();
    } else {
      g.arc(c, c, r, 0, Math.PI * 2);
    }
    g.fillStyle = style.fill;
    g.fill();
    g.setLineDash(style.dash ? [2, 2] : []);
    g.lineWidth = style.weight;
    g.strokeStyle = style.stroke;
    g.stroke();
    const image = canvas.transferToImageBitmap();
    this.sprites.set(style, { image, ratio });
    return image;
  }

  /** The topmost place under a point of the map's box, or -1. */
  private hit(containerPoint: L.Point): number {
    const at = this.toCanvas(containerPoint);
    if (!at) return -1;
    const { order, sx, sy, places } = this;
    for (let k = order.length - 1; k >= 0; k--) {
      const dx = sx[k]! - at.x;
      const dy = sy[k]! - at.y;
      const r = places[order[k]!]!.style.radius + TOLERANCE;
      if (dx * dx + dy * dy <= r * r) return order[k]!;
    }
    return -1;
  }

  private onMapClick(e: L.LeafletMouseEvent): void {
    const i = this.hit(e.containerPoint);
    if (i >= 0) this.handlers.onClick(this.places[i]!.item);
  }

  private onMapMove(e: L.LeafletMouseEvent): void {
    const map = this.mapOf();
    if (!map) return;
    const i = this.hit(e.containerPoint);
    const item = i >= 0 ? this.places[i]!.item : null;
    map.getContainer().classList.toggle('map-over-place', item !== null);
    if (item === this.hovered) return;
    this.hide();
    if (item === null) return;
    this.hovered = item;
    // The label is the planners' text: set as text, never as markup.
    const content = document.createElement('span');
    content.textContent = this.handlers.describe(item);
    const p = this.places[i]!;
    this.tooltip = L.tooltip({ direction: 'top', offset: [0, -p.style.radius - 2], className: 'map-place-tip' })
      .setLatLng([p.lat, p.lon])
      .setContent(content)
      .addTo(map);
  }

  private hide(): void {
    this.hovered = null;
    this.tooltip?.remove();
    this.tooltip = null;
  }
}
