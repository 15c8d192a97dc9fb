/**
 * The map itself, drawn by Leaflet (BSD-2-Clause). Why Leaflet: it draws with SVG and canvas,
 * never WebGL, so it renders the same in headless Chromium (the e2e suites and the bench), in
 * a VM without a GPU and on a field laptop with a blocklisted driver; it injects no inline
 * script or style element (it sets styles through the DOM, which the strict CSP allows) and
 * loads nothing by itself — there is no tile URL anywhere in the app, so nothing can ask a
 * network. WebGL libraries (MapLibre) need a software GL fallback in headless Chromium that
 * the app could not count on.
 *
 * Layers, bottom up: the built-in basemap (shared/geo/basemap.ts, loaded on first use), tiles
 * of an offline map file the user opened (read by the core, api.geo.tile), then per operation
 * the deconfliction radius around each place, the route through its located locations in order,
 * and the places, coloured per agency as on the calendar: all of them on one canvas drawn by
 * places-layer.ts (a thousand operations' 12,000 points would be 12,000 Leaflet objects).
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import type { MapOperation, TilesetInfo } from '../../../../shared/api/geo.js';
import type { FileChoice } from '../../../../shared/api/files.js';
import { basemapFromTopology, basemapWithin, indexBasemap, type Basemap, type BasemapIndex } from '../../../../shared/geo/basemap.js';
import { MIN_ROUTE_WAYPOINTS } from '../../../../shared/geo/operation-geo.js';
import { api } from '../../api/client.js';
import { useI18nStore } from '../../app/i18n.store.js';
import { BasemapLayer } from './basemap-layer.js';
import { inflateTile, paintVectorTile } from './vector-tiles.js';
import { agencyOfPlace, countPlaces, placeKey, placesOfKind, PLACE_KINDS, type MapPlaceKind, type MapPlaceRef } from './map-places.js';
import { PlacesLayer, type CanvasCircle, type CanvasLine, type PlaceStyle } from './places-layer.js';
import './map.css';

/** Measured by the map benchmark (test/bench/map.bench.ts): data in → overlays drawn and painted. */
export const MAP_MEASURE = 'spilno:map-render';
const UKRAINE: L.LatLngBoundsExpression = [[44.3, 22.1], [52.4, 40.2]];
const NEUTRAL = '#5b6472';
const KIND_ORDER: Record<MapPlaceKind, number> = { subject: 0, lastSeen: 1, location: 2, task: 3 };
/**
 * Up to this many operations, each route is an SVG path (crisp, one element each, found by the
 * e2e tests); more are drawn on the places' canvas, one stroke per agency colour — a thousand
 * SVG paths cost Leaflet a hundred milliseconds a visit to project, clip and lay out.
 */
const ROUTES_AS_PATHS = 50;

/**
 * Two levels of detail: the 1:110m world when zoomed out, and from zoom DETAIL_ZOOM the 1:50m
 * pieces that reach the view. The whole 1:50m world is about 120,000 points that Leaflet
 * projects on every visit and zoom — most of a map's first paint (test/bench/map.bench.ts).
 */
const DETAIL_ZOOM = 4;
interface Basemaps { overview: Basemap; detail: BasemapIndex }
let basemapPromise: Promise<Basemaps> | null = null;
/** The basemap data, parsed once per page (it is part of the bundle, not fetched). */
function loadBasemap(): Promise<Basemaps> {
  basemapPromise ??= Promise.all([import('world-atlas/countries-110m.json'), import('world-atlas/countries-50m.json')])
    .then(([overview, detail]) => ({ overview: basemapFromTopology(overview.default), detail: indexBasemap(basemapFromTopology(detail.default)) }));
  return basemapPromise;
}

/** Resolves after the next frame was painted. */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

export interface OpenedTiles {
  file: FileChoice;
  info: TilesetInfo;
}

export interface GeoMapProps {
  /** Null: not read yet. The map is set up meanwhile (Leaflet's setup and its layouts are done
   *  while the core answers instead of after) and its overlays drawn when they come. */
  operations: readonly MapOperation[] | null;
  agencyColor(agencyId: string | null): string;
  radiusMeters: number;
  showRadius: boolean;
  tiles: OpenedTiles | null;
  /** The selected place's key (map-places.ts). */
  selectedKey?: string | null;
  onSelect?(place: MapPlaceRef): void;
  /** The hover text of a place (none when not given); it may come later (asked of the core). */
  describe?(place: MapPlaceRef): string | Promise<string>;
  /** Pick mode: a click or a drag of the marker sets the point. */
  pick?: { point: { lat: number; lon: number } | null; onPick(point: { lat: number; lon: number }): void };
  label: string;
  className?: string;
}

/**
 * How a place is drawn: filled in its agency's colour, a subject's address as a dashed ring, a
 * person's or vehicle's last known place as a diamond with a dark edge.
 */
function placeStyle(kind: MapPlaceKind, color: string, selected: boolean): PlaceStyle {
  if (kind === 'lastSeen') {
    return { radius: 6, stroke: selected ? '#111' : '#222', weight: selected ? 3 : 1.5, dash: false, fill: color, diamond: true };
  }
  return {
    radius: kind === 'location' ? 7 : kind === 'task' ? 6 : 5,
    stroke: selected ? '#111' : kind === 'subject' ? color : '#fff',
    weight: selected ? 3 : 2,
    dash: kind === 'subject',
    fill: kind === 'subject' ? '#fff' : color,
  };
}

function bytesOf(base64: string): Uint8Array {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** A vector tile on a canvas (vector-tiles.ts); an empty or unreadable tile stays blank. */
function vectorTile(tiles: OpenedTiles, coords: L.Coords, size: number, lang: string, done: L.DoneCallback): HTMLElement {
  const canvas = document.createElement('canvas');
  const ratio = window.devicePixelRatio > 1 ? 2 : 1;
  canvas.width = size * ratio;
  canvas.height = size * ratio;
  canvas.setAttribute('role', 'presentation');
  api.geo.tile({ file: tiles.file.handle, z: coords.z, x: coords.x, y: coords.y })
    .then(async (t) => {
      if (t.base64 === null) return;
      const g = canvas.getContext('2d')!;
      g.scale(ratio, ratio);
      const painted = paintVectorTile(g, await inflateTile(bytesOf(t.base64)), size, lang);
      canvas.dataset['features'] = String(painted.features);
      canvas.dataset['labels'] = String(painted.labels);
    })
    .then(() => done(undefined, canvas), (e: unknown) => done(e instanceof Error ? e : new Error(String(e)), canvas));
  return canvas;
}

/** Tiles of an MBTiles file, each asked of the core (no URL: the page names no file); a vector
 *  tile's labels in `lang`. */
function tilesLayer(tiles: OpenedTiles, lang: string): L.GridLayer {
  const Layer = L.GridLayer.extend({
    createTile(this: L.GridLayer, coords: L.Coords, done: L.DoneCallback): HTMLElement {
      if (tiles.info.format === 'pbf') return vectorTile(tiles, coords, this.getTileSize().x, lang, done);
      const img = document.createElement('img');
      img.alt = '';
      img.setAttribute('role', 'presentation');
      api.geo.tile({ file: tiles.file.handle, z: coords.z, x: coords.x, y: coords.y }).then((t) => {
        if (t.base64 === null) {
          done(undefined, img);
          return;
        }
        img.onload = () => done(undefined, img);
        img.onerror = () => done(new Error('tile'), img);
        img.src = `data:${t.mimeType};base64,${t.base64}`;
      }).catch((e: unknown) => done(e instanceof Error ? e : new Error(String(e)), img));
      return img;
    },
  });
  const opts: L.GridLayerOptions = { minZoom: 0, maxNativeZoom: tiles.info.maxZoom, minNativeZoom: tiles.info.minZoom, className: 'map-tiles' };
  if (tiles.info.bounds) opts.bounds = [[tiles.info.bounds[1], tiles.info.bounds[0]], [tiles.info.bounds[3], tiles.info.bounds[2]]];
  return new (Layer as unknown as new (o: L.GridLayerOptions) => L.GridLayer)(opts);
}

export function GeoMap(props: GeoMapProps) {
  const host = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const overlays = useRef<L.LayerGroup | null>(null);
  const tileLayer = useRef<L.GridLayer | null>(null);
  const pickMarker = useRef<L.Marker | null>(null);
  const fitted = useRef(false);
  const renderers = useRef<{ places: PlacesLayer; routes: L.SVG } | null>(null);
  /** The place at a position of the places layer's arrays, in the data drawn last. */
  const placeAt = useRef<(i: number) => MapPlaceRef>(() => {
    throw new Error('No places drawn');
  });
  /** Reads and draws the basemap; called once, after the first places were drawn. */
  const startBasemap = useRef<(() => void) | null>(null);
  const latest = useRef(props);
  latest.current = props;

  // The map and its basemap, once.
  useEffect(() => {
    const m = L.map(host.current!, { preferCanvas: true, worldCopyJump: true, attributionControl: false, zoomSnap: 0.5 });
    m.fitBounds(UKRAINE);
    m.createPane('basemap').style.zIndex = '150';
    overlays.current = L.layerGroup().addTo(m);
    renderers.current = {
      // Places on their own canvas in the marker pane, above the routes; the deconfliction radii
      // are drawn under the places on the same canvas.
      places: new PlacesLayer({
        onClick: (i) => latest.current.onSelect?.(placeAt.current(i)),
        describe: (i) => latest.current.describe?.(placeAt.current(i)) ?? '',
      }, { padding: 0.1, pane: 'markerPane' }).addTo(m),
      // Routes in SVG: a path per route is few elements, stays crisp, and lets clicks through
      // to the places under it.
      routes: L.svg({ padding: 0.2 }),
    };
    map.current = m;
    let alive = true;
    // Read and drawn after the places' first paint, never before it: the places are what the
    // user came for. (Reading the basemap while the core answers was tried: on two cores it took
    // CPU from the core and the places came 100–250 ms later.)
    startBasemap.current = () => void loadBasemap().then(async (b) => {
      await afterNextPaint();
      if (!alive) return;
      let shown = '';
      const layer = new BasemapLayer({ pane: 'basemap', padding: 0.1 }).addTo(m);
      // Redrawn when the view needs other pieces: the overview below DETAIL_ZOOM, else the
      // detailed pieces within the view and half a view around it (panning stays drawn).
      const draw = () => {
        let base: Basemap;
        let key: string;
        if (m.getZoom() < DETAIL_ZOOM) {
          base = b.overview;
          key = 'overview';
        } else {
          const v = m.getBounds().pad(0.5);
          const within = basemapWithin(b.detail, { west: v.getWest(), south: v.getSouth(), east: v.getEast(), north: v.getNorth() });
          base = within;
          key = within.key;
        }
        if (key === shown) return;
        shown = key;
        layer.setBasemap(base);
      };
      draw();
      m.on('moveend', draw);
      host.current?.setAttribute('data-basemap', 'ready');
    });
    // Leaflet reads its box's size once; a box that grows or shrinks later (a dialog, a window)
    // would put clicks and the centre in the wrong place.
    const resized = new ResizeObserver(() => m.invalidateSize({ pan: false }));
    resized.observe(host.current!);
    m.on('click', (e: L.LeafletMouseEvent) => latest.current.pick?.onPick({ lat: e.latlng.lat, lon: e.latlng.wrap().lng }));
    return () => {
      alive = false;
      startBasemap.current = null;
      resized.disconnect();
      m.remove();
      map.current = null;
    };
  }, []);

  // The offline map file's tiles (drawn anew in another language: their labels).
  const lang = useI18nStore((s) => s.lang);
  useEffect(() => {
    const m = map.current!;
    tileLayer.current?.remove();
    tileLayer.current = null;
    if (props.tiles) {
      tileLayer.current = tilesLayer(props.tiles, lang).addTo(m);
      host.current?.setAttribute('data-tiles', props.tiles.info.name);
    } else {
      host.current?.removeAttribute('data-tiles');
    }
  }, [props.tiles, lang]);

  // The operations' places, routes and radii.
  const { operations, agencyColor, radiusMeters, showRadius, selectedKey } = props;
  useEffect(() => {
    if (operations === null) return;
    const m = map.current!;
    const group = overlays.current!;
    performance.mark('spilno:map-data');
    group.clearLayers();
    const { places: placesLayer, routes: routeRenderer } = renderers.current!;
    const lines: CanvasLine[] = [];
    const circles: CanvasCircle[] = [];
    const routesOnCanvas = operations.length > ROUTES_AS_PATHS;
    // The places as arrays (places-layer.ts), and what each one is: its operation, kind and
    // position there, for a click or a hover.
    let count = 0;
    for (const op of operations) count += countPlaces(op);
    const lat = new Float64Array(count);
    const lon = new Float64Array(count);
    const look = new Uint16Array(count);
    const layer = new Uint8Array(count);
    const opOf = new Int32Array(count);
    const kindOf = new Uint8Array(count);
    const indexOf = new Int32Array(count);
    // One look per kind and colour, numbered as first met (the layer stamps a run of one look
    // from one symbol); the selected place has a look of its own.
    const styles: PlaceStyle[] = [];
    const lookOf = PLACE_KINDS.map(() => new Map<string, number>());
    const colors = new Map<string, string>();
    const colorOf = (agencyId: string) => {
      let color = colors.get(agencyId);
      if (color === undefined) colors.set(agencyId, (color = agencyColor(agencyId)));
      return color;
    };
    const selectedOp = selectedKey ? selectedKey.slice(0, selectedKey.indexOf('|')) : null;
    let selected = -1;
    let routes = 0;
    let n = 0;
    for (let o = 0; o < operations.length; o++) {
      const op = operations[o]!;
      const lead = colorOf(op.leadAgencyId);
      if (op.locations.length >= MIN_ROUTE_WAYPOINTS * 2) {
        routes++;
        if (routesOnCanvas) {
          lines.push({ points: op.locations, color: lead, weight: 4, opacity: 0.85 });
        } else {
          const way: L.LatLngTuple[] = [];
          for (let k = 0; k + 1 < op.locations.length; k += 2) way.push([op.locations[k]!, op.locations[k + 1]!]);
          L.polyline(way, {
            renderer: routeRenderer, interactive: false, color: lead, weight: 4, opacity: 0.85, className: 'map-route',
          }).addTo(group);
        }
      }
      // Subjects at the bottom, tasks on top: a click on a shared spot finds the task.
      for (let k = 0; k < PLACE_KINDS.length; k++) {
        const kind = PLACE_KINDS[k]!;
        const points = placesOfKind(op, kind);
        for (let index = 0; index * 2 < points.length; index++) {
          const pLat = points[index * 2]!;
          const pLon = points[index * 2 + 1]!;
          const color = kind === 'task' ? colorOf(agencyOfPlace(op, kind, index)) : lead;
          if (showRadius) circles.push({ lat: pLat, lon: pLon, meters: radiusMeters, color });
          if (op.id === selectedOp && placeKey(op, kind, index) === selectedKey) {
            selected = n;
            look[n] = styles.push(placeStyle(kind, color, true)) - 1;
          } else {
            const ofKind = lookOf[k]!;
            let id = ofKind.get(color);
            if (id === undefined) ofKind.set(color, (id = styles.push(placeStyle(kind, color, false)) - 1));
            look[n] = id;
          }
          lat[n] = pLat;
          lon[n] = pLon;
          layer[n] = KIND_ORDER[kind];
          opOf[n] = o;
          kindOf[n] = k;
          indexOf[n] = index;
          n++;
        }
      }
    }
    placeAt.current = (i) => ({ operation: operations[opOf[i]!]!, kind: PLACE_KINDS[kindOf[i]!]!, index: indexOf[i]! });
    // The first places fit the view before they are drawn, without an animation: drawn once,
    // where they will stay (a fit after the draw drew everything twice and zoomed under the user).
    if (!fitted.current && count > 0) {
      let w = Infinity, so = Infinity, e = -Infinity, no = -Infinity;
      for (let i = 0; i < count; i++) {
        if (lon[i]! < w) w = lon[i]!;
        if (lon[i]! > e) e = lon[i]!;
        if (lat[i]! < so) so = lat[i]!;
        if (lat[i]! > no) no = lat[i]!;
      }
      fitted.current = true;
      m.fitBounds([[so, w], [no, e]], { padding: [40, 40], maxZoom: 11, animate: false });
    }
    placesLayer.setPlaces({ count, lat, lon, look, styles, layer, selected }, lines, circles);
    const basemap = startBasemap.current;
    startBasemap.current = null;
    host.current?.setAttribute('data-places', String(count));
    host.current?.setAttribute('data-routes', String(routes));
    // First paint of the overlays: the frame after Leaflet drew its canvas. The basemap is read
    // only then: its two modules (860 kB of topology) were evaluated and turned into polygons
    // on the page's thread before that frame when read as soon as the places were drawn (the
    // first visit's frame came 76–145 ms after the draw, 38–83 ms without them; loaded machine).
    void afterNextPaint().then(() => {
      performance.measure(MAP_MEASURE, 'spilno:map-data');
      host.current?.setAttribute('data-painted', String(performance.getEntriesByName(MAP_MEASURE).length));
      basemap?.();
    });
  }, [operations, agencyColor, radiusMeters, showRadius, selectedKey]);

  // The picked point: a marker the user can drag.
  const pickPoint = props.pick?.point ?? null;
  const picking = props.pick !== undefined;
  useEffect(() => {
    const m = map.current!;
    if (!picking || !pickPoint) {
      pickMarker.current?.remove();
      pickMarker.current = null;
      return;
    }
    if (!pickMarker.current) {
      const icon = L.divIcon({ className: 'map-pick', iconSize: [18, 18] });
      const marker = L.marker([pickPoint.lat, pickPoint.lon], { draggable: true, icon, keyboard: true, title: latest.current.label }).addTo(m);
      marker.on('dragend', () => {
        const at = marker.getLatLng();
        latest.current.pick?.onPick({ lat: at.lat, lon: at.wrap().lng });
      });
      pickMarker.current = marker;
      // No animation: the point is where the planner looks next (and a drag must not start
      // on a marker still gliding into place).
      // The map may have been created before its box had its final size (a dialog laying out).
      m.invalidateSize({ pan: false });
      if (m.getZoom() < 9 || !m.getBounds().contains([pickPoint.lat, pickPoint.lon])) {
        m.setView([pickPoint.lat, pickPoint.lon], Math.max(m.getZoom(), 9), { animate: false });
      }
    } else {
      pickMarker.current.setLatLng([pickPoint.lat, pickPoint.lon]);
    }
  }, [picking, pickPoint]);

  return <div ref={host} className={`geo-map ${props.className ?? ''}`} role="application" aria-label={props.label} data-testid="geo-map" />;
}

export { NEUTRAL as NEUTRAL_COLOR };
