/**
 * Every place of the map on ONE canvas, with its own hit-testing.
 *
 * Why not a Leaflet circle marker per place: a thousand operations are 12,000 places, and
 * Leaflet makes an object per marker, projects each one, and fills and strokes a circle path per
 * place — the rasterizing of those paths was most of a visit (test/bench/map.bench.ts: 2.6× the
 * bare canvas baseline). Here the places are projected once per data set (canvas-layer.ts), each
 * style's symbol is drawn once with the 2D API, and its pixels are stamped for every place of
 * that style into one image put on the canvas in one call; a click or hover is hit-tested
 * against the positions of the last draw.
 *
 * Why stamp pixels in script rather than drawImage a bitmap per place: each drawImage call
 * costs Chromium about 10 µs whatever the size (120–150 ms for 12,000 places on a first visit,
 * the largest part of it after the core's answer), while a stamp is a copy of its opaque
 * pixels and a blend of its antialiased edge (about 150 pixels for a place). The result is the
 * same picture (a screenshot of the 1,000 operations differs by at most 4 levels of 255, in
 * rounding): symbols at whole device pixels, composited in the same order with the same
 * source-over rule. The lines and radii are then drawn under the places ('destination-over').
 *
 * Draw order, bottom up: the radii, the lines (routes, when there are many), subjects,
 * locations, tasks, the selected place — a click on a shared spot finds the task, as the
 * planners expect (the task is what they open).
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
  /** Degree pairs: lat, lon, lat, … (as the map's answer carries them). */
  points: readonly number[];
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

/**
 * The places to draw, as parallel arrays: one entry per place, no object per place (a thousand
 * operations' 12,000 places as objects, and a Map per place to sort them, were a fifth of a
 * first visit's draw, in code not yet compiled, and its garbage).
 */
export interface CanvasPlaces {
  count: number;
  lat: Float64Array;
  lon: Float64Array;
  /** The place's look, an index into `styles`; places that look alike share one (a run of one
   *  look is stamped from one symbol). */
  look: Uint16Array;
  styles: readonly PlaceStyle[];
  /** Lower is drawn first (under the others); a small whole number. */
  layer: Uint8Array;
  /** The place drawn on top of all (the selected one), or -1. */
  selected: number;
}

/** Extra pixels around a place that still count as a click on it (a finger on a touchpad). */
const TOLERANCE = 3;

/** Places reported to the handlers by their position in the arrays given to setPlaces. */
export class PlacesLayer extends CanvasLayer {
  private places: CanvasPlaces = { count: 0, lat: new Float64Array(0), lon: new Float64Array(0), look: new Uint16Array(0), styles: [], layer: new Uint8Array(0), selected: -1 };
  /** Lines by colour and look: one path each. Points projected at zoom 0, x y x y …; a NaN pair
   *  starts a new line. */
  private lines: { color: string; weight: number; opacity: number; world: number[] }[] = [];
  /** Circles by colour: x, y, radius in zoom-0 world pixels, three numbers each. */
  private circles: { color: string; world: number[] }[] = [];
  /** Places in draw order, grouped by style: [start, end) ranges into `order`. */
  private order: Int32Array = new Int32Array(0);
  private runs: { start: number; end: number; style: PlaceStyle }[] = [];
  /** Projected at zoom 0 (world pixels), per place. */
  private wx = new Float64Array(0);
  private wy = new Float64Array(0);
  /** Canvas positions of the last draw, in draw order. */
  private sx = new Float32Array(0);
  private sy = new Float32Array(0);
  /** Each look's symbol as pixels, by its look and device pixel ratio (lookKey). */
  private stamps = new Map<string, Stamp>();
  /** The places' image of the last draw, kept for the next one of the same size. */
  private image: ImageData | null = null;
  private hovered = -1;
  private tooltip: L.Tooltip | null = null;

  constructor(
    private readonly handlers: { onClick(place: number): void; describe(place: number): string | Promise<string> },
    options?: L.RendererOptions,
  ) {
    super('map-places', options);
  }

  /** Replaces what is drawn: the lines under the places, then the places, the selected on top. */
  setPlaces(places: CanvasPlaces, lines: readonly CanvasLine[] = [], circles: readonly CanvasCircle[] = []): this {
    this.places = places;
    const n = places.count;
    const { lat, lon } = places;
    const wx = (this.wx = new Float64Array(n));
    const wy = (this.wy = new Float64Array(n));
    for (let i = 0; i < n; i++) {
      wx[i] = worldX(lon[i]!);
      wy[i] = worldY(lat[i]!);
    }
    const byLook = new Map<string, { color: string; weight: number; opacity: number; world: number[] }>();
    for (const line of lines) {
      const look = `${line.color}|${line.weight}|${line.opacity}`;
      let batch = byLook.get(look);
      if (!batch) byLook.set(look, (batch = { color: line.color, weight: line.weight, opacity: line.opacity, world: [] }));
      if (batch.world.length > 0) batch.world.push(NaN, NaN);
      const pts = line.points;
      for (let k = 0; k + 1 < pts.length; k += 2) batch.world.push(worldX(pts[k + 1]!), worldY(pts[k]!));
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
    const order = drawOrder(places);
    this.order = order;
    this.runs = [];
    const { look, styles, selected } = places;
    for (let k = 0; k < order.length; k++) {
      const last = this.runs[this.runs.length - 1];
      const isSelected = selected >= 0 && k === order.length - 1;
      if (last && !isSelected && look[order[k]!] === look[order[last.start]!]) {
        last.end = k + 1;
      } else {
        this.runs.push({ start: k, end: k + 1, style: styles[look[order[k]!]!]! });
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
    // The places first, as pixels; everything else goes under them.
    if (order.length > 0) g.putImageData(this.stampPlaces(Math.round(w * ratio), Math.round(h * ratio), ratio), 0, 0);
    g.globalCompositeOperation = 'destination-over';
    // Under what is drawn already: the last line first, so the earlier ones end up below it.
    g.lineJoin = 'round';
    g.lineCap = 'round';
    for (let n = this.lines.length - 1; n >= 0; n--) {
      const line = this.lines[n]!;
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
    // The radii, under everything, again from the last: a path per circle (one path of
    // thousands of arcs rasterizes far slower), its ring above its fill.
    g.lineWidth = 1;
    g.setLineDash([4, 4]);
    for (let n = this.circles.length - 1; n >= 0; n--) {
      const { color, world } = this.circles[n]!;
      g.fillStyle = color;
      g.strokeStyle = color;
      for (let k = world.length - 3; k >= 0; k -= 3) {
        const x = world[k]! * scale - ox;
        const y = world[k + 1]! * scale - oy;
        const r = world[k + 2]! * scale;
        if (x < -r || y < -r || x > w + r || y > h + r) continue;
        g.beginPath();
        g.arc(x, y, r, 0, Math.PI * 2);
        g.globalAlpha = 0.5;
        g.stroke();
        g.globalAlpha = 0.06;
        g.fill();
      }
    }
    g.setLineDash([]);
    g.globalAlpha = 1;
    g.globalCompositeOperation = 'source-over';
  }

  /**
   * The places' image, `width` × `height` device pixels: each place's stamp at whole device
   * pixels, in draw order, composited source-over. Blending is done premultiplied (as the
   * canvas keeps its pixels) and the image is turned back to straight alpha for putImageData.
   */
  private stampPlaces(width: number, height: number, ratio: number): ImageData {
    let image = this.image;
    if (!image || image.width !== width || image.height !== height) image = this.image = new ImageData(width, height);
    else new Uint32Array(image.data.buffer, image.data.byteOffset, width * height).fill(0);
    const px = image.data;
    const words = new Uint32Array(px.buffer, px.byteOffset, width * height);
    const { sx, sy } = this;
    const stamps = this.stampsOf(this.runs.map((r) => r.style), ratio);
    // One flat loop over the places calling a small function per stamp, the whole one apart from
    // the rare one cut by the border: on a first visit the page's code is not compiled yet, and
    // V8 compiles a small function called thousands of times early and once, where one loop per
    // look with the stamping inline was compiled on the fly and thrown away as branches first
    // ran and at every look's end (Chromium's --trace-deopt). 44–90 ms → 20–29 ms, cold.
    const { runs } = this;
    let r = -1;
    let end = 0;
    let stamp = stamps[0]!;
    let size = 0;
    let half = 0;
    let left = width;
    let top = height;
    let right = 0;
    let bottom = 0;
    for (let k = 0; k < this.order.length; k++) {
      if (k === end) {
        r++;
        end = runs[r]!.end;
        stamp = offsetsFor(stamps[r]!, width);
        size = stamp.size;
        half = size / ratio / 2;
      }
      const x0 = Math.round((sx[k]! - half) * ratio);
      const y0 = Math.round((sy[k]! - half) * ratio);
      if (x0 >= width || y0 >= height || x0 + size <= 0 || y0 + size <= 0) continue;
      if (x0 < left) left = x0;
      if (y0 < top) top = y0;
      if (x0 + size > right) right = x0 + size;
      if (y0 + size > bottom) bottom = y0 + size;
      if (x0 >= 0 && y0 >= 0 && x0 + size <= width && y0 + size <= height) stampWhole(stamp, words, y0 * width + x0);
      else stampClipped(stamp, words, x0, y0, width, height);
    }
    // Only the box the stamps cover has partly covered pixels: about a quarter of the canvas when
    // the view is fitted to the places (cold, on an image of the bench's size: 5–12 ms against
    // 7–17 for the whole canvas, five fresh processes each).
    toStraightAlpha(px, width, Math.max(0, left), Math.max(0, top), Math.min(width, right), Math.min(height, bottom));
    return image;
  }

  /**
   * Each style's symbol drawn once with the 2D API and read back as the pixels to stamp. The
   * looks not seen yet are drawn side by side on one canvas and read in one go (a read-back per
   * symbol cost a millisecond or more each, two dozen looks on a first visit).
   */
  private stampsOf(styles: readonly PlaceStyle[], ratio: number): Stamp[] {
    const missing = new Map<string, PlaceStyle>();
    for (const style of styles) {
      const key = lookKey(style, ratio);
      if (!this.stamps.has(key)) missing.set(key, style);
    }
    if (missing.size > 0) {
      const cells = [...missing].map(([key, style]) => ({ key, style, css: Math.ceil((symbolRadius(style) + style.weight) * 2 + 2) }));
      const cell = Math.max(...cells.map((c) => c.css)) * ratio;
      const canvas = new OffscreenCanvas(cell * cells.length, cell);
      const g = canvas.getContext('2d', { willReadFrequently: true })!;
      cells.forEach((c, n) => {
        g.setTransform(ratio, 0, 0, ratio, n * cell, 0);
        drawSymbol(g, c.style, c.css / 2);
      });
      const image = g.getImageData(0, 0, cell * cells.length, cell);
      cells.forEach((c, n) => this.stamps.set(c.key, stampFrom(image, n * cell, c.css * ratio)));
    }
    return styles.map((style) => this.stamps.get(lookKey(style, ratio))!);
  }

  /** The topmost place under a point of the map's box, or -1. */
  private hit(containerPoint: L.Point): number {
    const at = this.toCanvas(containerPoint);
    if (!at) return -1;
    const { order, sx, sy } = this;
    const { look, styles } = this.places;
    for (let k = order.length - 1; k >= 0; k--) {
      const dx = sx[k]! - at.x;
      const dy = sy[k]! - at.y;
      const r = styles[look[order[k]!]!]!.radius + TOLERANCE;
      if (dx * dx + dy * dy <= r * r) return order[k]!;
    }
    return -1;
  }

  private onMapClick(e: L.LeafletMouseEvent): void {
    const i = this.hit(e.containerPoint);
    if (i >= 0) this.handlers.onClick(i);
  }

  private onMapMove(e: L.LeafletMouseEvent): void {
    const map = this.mapOf();
    if (!map) return;
    const i = this.hit(e.containerPoint);
    map.getContainer().classList.toggle('map-over-place', i >= 0);
    if (i === this.hovered) return;
    this.hide();
    if (i < 0) return;
    this.hovered = i;
    const { lat, lon, look, styles } = this.places;
    const places = this.places;
    // The text may come a moment later (asked of the core): the tip opens with it, if the
    // pointer is still on the place.
    const show = (text: string) => {
      if (this.hovered !== i || this.places !== places || this.tooltip) return;
      // The label is the planners' text: set as text, never as markup.
      const content = document.createElement('span');
      content.textContent = text;
      // Beside the place, toward the map's middle (Leaflet's 'auto'): above it, a long text of a
      // place near the map's edge ran out of the map and was cut.
      this.tooltip = L.tooltip({ direction: 'auto', offset: [styles[look[i]!]!.radius + 2, 0], className: 'map-place-tip' })
        .setLatLng([lat[i]!, lon[i]!])
        .setContent(content)
        .addTo(map);
    };
    const text = this.handlers.describe(i);
    if (typeof text === 'string') show(text);
    else void text.then(show, () => undefined);
  }

  private hide(): void {
    this.hovered = -1;
    this.tooltip?.remove();
    this.tooltip = null;
  }
}

/** A symbol's pixels: the opaque ones copied as they are, the antialiased edge blended. */
interface Stamp {
  /** Width and height in device pixels. */
  size: number;
  /** Opaque pixels: where (x + y × size) and their RGBA bytes as one word. */
  solidAt: Int32Array;
  solid: Uint32Array;
  /** Partly covered pixels: where, and their premultiplied RGBA bytes as one word. */
  edgeAt: Int32Array;
  edge: Uint32Array;
  /** The positions as offsets in an image `width` pixels wide (kept for the last width). */
  width: number;
  solidOff: Int32Array;
  edgeOff: Int32Array;
}

/** The stamp of the `size`-pixel square at `left` on the atlas's top edge. */
function stampFrom(atlas: ImageData, left: number, size: number): Stamp {
  const { data, width } = atlas;
  const words = new Uint32Array(data.buffer, data.byteOffset, width * atlas.height);
  const solidAt: number[] = [];
  const solid: number[] = [];
  const edgeAt: number[] = [];
  const edge: number[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * width + left + x;
      const a = data[i * 4 + 3]!;
      if (a === 255) {
        solidAt.push(y * size + x);
        solid.push(words[i]!);
      } else if (a > 0) {
        edgeAt.push(y * size + x);
        // Little-endian RGBA: r in the low byte (as the image's words read on every platform
        // Chromium runs on here; the solid words assume the same).
        edge.push((div255(data[i * 4]! * a) | (div255(data[i * 4 + 1]! * a) << 8) | (div255(data[i * 4 + 2]! * a) << 16) | (a << 24)) >>> 0);
      }
    }
  }
  return {
    size, solidAt: Int32Array.from(solidAt), solid: Uint32Array.from(solid), edgeAt: Int32Array.from(edgeAt), edge: Uint32Array.from(edge),
    width: 0, solidOff: new Int32Array(0), edgeOff: new Int32Array(0),
  };
}

function lookKey(style: PlaceStyle, ratio: number): string {
  return `${style.radius}|${style.fill}|${style.stroke}|${style.weight}|${style.dash}|${style.diamond === true}|${ratio}`;
}

function symbolRadius(style: PlaceStyle): number {
  return style.radius + (style.diamond ? 1 : 0);
}

/** A place's symbol centred at (c, c). */
function drawSymbol(g: OffscreenCanvasRenderingContext2D, style: PlaceStyle, c: number): void {
  const r = symbolRadius(style);
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
}

/**
 * Indices of the places in draw order: by layer, then look (in the order of `styles`), then as
 * given; the selected one last. A counting sort over the few (layer, look) groups.
 */
function drawOrder(places: CanvasPlaces): Int32Array {
  const { count: n, layer, look, selected } = places;
  const looks = Math.max(1, places.styles.length);
  let layers = 1;
  for (let i = 0; i < n; i++) if (layer[i]! >= layers) layers = layer[i]! + 1;
  const start = new Int32Array(layers * looks + 1);
  for (let i = 0; i < n; i++) if (i !== selected) start[layer[i]! * looks + look[i]! + 1]!++;
  for (let g = 1; g < start.length; g++) start[g]! += start[g - 1]!;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (i === selected) continue;
    order[start[layer[i]! * looks + look[i]!]!++] = i;
  }
  if (selected >= 0) order[n - 1] = selected;
  return order;
}

function offsetsFor(stamp: Stamp, width: number): Stamp {
  if (stamp.width !== width) {
    const off = (at: Int32Array) => at.map((i) => Math.floor(i / stamp.size) * width + (i % stamp.size));
    stamp.solidOff = off(stamp.solidAt);
    stamp.edgeOff = off(stamp.edgeAt);
    stamp.width = width;
  }
  return stamp;
}

/** A stamp wholly inside the image, its top left at word `base`: opaque pixels copied, the edge
 *  blended source-over (premultiplied). */
function stampWhole(stamp: Stamp, words: Uint32Array, base: number): void {
  const { solid, solidOff, edge, edgeOff } = stamp;
  for (let n = 0; n < solid.length; n++) words[base + solidOff[n]!] = solid[n]!;
  for (let n = 0; n < edgeOff.length; n++) {
    const at = base + edgeOff[n]!;
    words[at] = over(edge[n]!, words[at]!);
  }
}

/** A stamp the image's border cuts: only its pixels inside. */
function stampClipped(stamp: Stamp, words: Uint32Array, x0: number, y0: number, width: number, height: number): void {
  const { size, solid, solidAt, solidOff, edge, edgeAt, edgeOff } = stamp;
  const base = y0 * width + x0;
  for (let n = 0; n < solid.length; n++) {
    if (within(solidAt[n]!, size, x0, y0, width, height)) words[base + solidOff[n]!] = solid[n]!;
  }
  for (let n = 0; n < edgeOff.length; n++) {
    if (!within(edgeAt[n]!, size, x0, y0, width, height)) continue;
    const at = base + edgeOff[n]!;
    words[at] = over(edge[n]!, words[at]!);
  }
}

/**
 * Premultiplied source-over of one pixel on another, both RGBA words: `src + dst × (255 − src
 * alpha) / 255` per channel, rounded as div255 rounds. Two channels at a time, 16 bits apart (a
 * channel times 255 and the rounding stay under 2^16, so nothing carries into its neighbour, and
 * the sum stays within a byte as premultiplied colour does): a third of the work of a channel at
 * a time through the clamped bytes, on a first visit's code that is not compiled yet.
 */
function over(src: number, dst: number): number {
  const keep = 255 - (src >>> 24);
  const rb = (dst & 0x00ff00ff) * keep + 0x00800080;
  const ag = ((dst >>> 8) & 0x00ff00ff) * keep + 0x00800080;
  const rb255 = ((rb + ((rb >>> 8) & 0x00ff00ff)) >>> 8) & 0x00ff00ff;
  const ag255 = ((ag + ((ag >>> 8) & 0x00ff00ff)) >>> 8) & 0x00ff00ff;
  return (src + rb255 + (ag255 << 8)) >>> 0;
}

/** Straight alpha where a pixel of the box [left, right) × [top, bottom) is partly covered
 *  (opaque and empty ones are the same). A row at a time, each a call of its own: a loop in a
 *  loop was compiled on the fly and thrown away at each row's end on a first visit. */
function toStraightAlpha(px: Uint8ClampedArray, width: number, left: number, top: number, right: number, bottom: number): void {
  for (let y = top; y < bottom; y++) straightenRow(px, (y * width + left) * 4, (y * width + right) * 4);
}

function straightenRow(px: Uint8ClampedArray, from: number, to: number): void {
  for (let o = from + 3; o < to; o += 4) {
    const a = px[o]!;
    if (a === 0 || a === 255) continue;
    // (A clamped array rounds what it is given.)
    px[o - 3] = (px[o - 3]! * 255) / a;
    px[o - 2] = (px[o - 2]! * 255) / a;
    px[o - 1] = (px[o - 1]! * 255) / a;
  }
}

/** Whether a stamp's pixel at `at`, stamped at (x0, y0), falls inside the image. */
function within(at: number, size: number, x0: number, y0: number, width: number, height: number): boolean {
  const x = x0 + (at % size);
  const y = y0 + Math.floor(at / size);
  return x >= 0 && y >= 0 && x < width && y < height;
}

/** v / 255, rounded, for v in 0 … 255 × 255. */
function div255(v: number): number {
  return (v + 128 + ((v + 128) >> 8)) >> 8;
}
