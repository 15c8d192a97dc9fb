/**
 * A Leaflet layer that draws itself on one canvas with the 2D API: the base of the places layer
 * and the basemap layer. It is a Leaflet renderer (L.Renderer), so Leaflet positions the canvas,
 * moves it with a pan and scales it during a zoom animation as it does for its own canvas; a
 * subclass only paints, from coordinates projected once to the world at zoom 0 (a zoom only
 * scales those) — no Leaflet object per shape or point.
 */
import L from 'leaflet';

/** Web Mercator (EPSG:3857) at zoom 0, in pixels of a 256-pixel world, as Leaflet projects it. */
const MAX_LAT = 85.0511287798;
export function worldX(lon: number): number {
  return 128 + (lon / 360) * 256;
}
export function worldY(lat: number): number {
  const s = Math.sin((Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180);
  return 128 - (Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 256;
}

/** Canvas position of a world point at zoom 0: `x * scale - ox`, `y * scale - oy`. */
export interface CanvasView {
  scale: number;
  ox: number;
  oy: number;
  /** The canvas's size in CSS pixels, and device pixels per CSS pixel. */
  w: number;
  h: number;
  ratio: number;
}

type RendererInternals = {
  _map: (L.Map & { _animatingZoom?: boolean }) | undefined;
  _bounds: L.Bounds | undefined;
  _container: HTMLCanvasElement;
};

export abstract class CanvasLayer extends L.Renderer {
  private canvas: HTMLCanvasElement | null = null;
  private ctx: CanvasRenderingContext2D | null = null;

  constructor(private readonly className: string, options?: L.RendererOptions) {
    super(options);
  }

  protected abstract paint(g: CanvasRenderingContext2D, view: CanvasView): void;

  /** Paints again now (new data); nothing while the layer is off the map. */
  protected redraw(): void {
    if (this.canvas) this.draw();
  }

  protected mapOf(): L.Map | undefined {
    return (this as unknown as RendererInternals)._map;
  }

  /** A point of the map's box in this canvas's pixels (null while the layer is off the map). */
  protected toCanvas(containerPoint: L.Point): L.Point | null {
    const self = this as unknown as RendererInternals;
    if (!self._map || !self._bounds) return null;
    return self._map.containerPointToLayerPoint(containerPoint).subtract(self._bounds.min!);
  }

  // Leaflet's renderer hooks (called by L.Renderer).
  _initContainer(): void {
    this.canvas = document.createElement('canvas');
    this.canvas.className = this.className;
    this.ctx = this.canvas.getContext('2d');
    (this as unknown as RendererInternals)._container = this.canvas;
  }

  _destroyContainer(): void {
    this.canvas?.remove();
    this.canvas = null;
    this.ctx = null;
  }

  _updatePaths(): void {
    // No paths: the layer paints itself in _update.
  }

  _update(): void {
    const self = this as unknown as RendererInternals;
    const map = self._map;
    if (map?._animatingZoom && self._bounds) return;
    (L.Renderer.prototype as unknown as { _update(this: unknown): void })._update.call(this);
    this.draw();
  }

  private draw(): void {
    const self = this as unknown as RendererInternals;
    const canvas = this.canvas;
    const g = this.ctx;
    const map = self._map;
    if (!canvas || !g || !map || !self._bounds) return;
    const min = self._bounds.min!;
    const size = self._bounds.getSize();
    const ratio = window.devicePixelRatio > 1 ? 2 : 1;
    L.DomUtil.setPosition(canvas, min);
    canvas.width = ratio * size.x;
    canvas.height = ratio * size.y;
    canvas.style.width = `${size.x}px`;
    canvas.style.height = `${size.y}px`;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    // Canvas position = world pixel at this zoom − the layer's pixel origin − the canvas's top
    // left (in layer pixels).
    const origin = map.getPixelOrigin();
    this.paint(g, { scale: map.getZoomScale(map.getZoom(), 0), ox: origin.x + min.x, oy: origin.y + min.y, w: size.x, h: size.y, ratio });
  }
}
