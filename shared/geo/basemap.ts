/**
 * The built-in basemap: Natural Earth 1:50m country shapes from the world-atlas package (public
 * domain data, ISC-licensed packaging), shipped inside the app so a map never asks a network.
 * Land is filled from the country polygons; borders are drawn once each, as the mesh of shared
 * edges (a border drawn from both countries' outlines would double its width).
 *
 * Oblast (region) boundaries are not included: no well-kept package ships Natural Earth's
 * admin-1 layer for Ukraine, and drawing them from an unmaintained file would mislead.
 */
import type { FeatureCollection, MultiLineString } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

export interface Basemap {
  land: FeatureCollection;
  borders: MultiLineString;
}

export function basemapFromTopology(topology: unknown): Basemap {
  const topo = topology as Topology<{ countries: GeometryCollection }>;
  const land = feature(topo, topo.objects.countries) as FeatureCollection;
  const borders = mesh(topo, topo.objects.countries, (a, b) => a !== b);
  return { land, borders };
}

/** A box in degrees. */
export interface GeoBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

interface Boxed<T> {
  item: T;
  box: GeoBox;
}

/**
 * The detailed basemap split into pieces that can be picked by place: each country polygon and
 * each border line with its bounding box. Drawing the whole 1:50m world (about 100,000 land
 * points and 20,000 border points) costs a map hundreds of milliseconds on every visit and zoom
 * (test/bench/map.bench.ts); a view over Ukraine needs a fifth of it.
 */
export interface BasemapIndex {
  polygons: Boxed<{ feature: number; coordinates: number[][][] }>[];
  borders: Boxed<number[][]>[];
}

function boxOf(points: readonly number[][]): GeoBox {
  let west = Infinity;
  let east = -Infinity;
  let south = Infinity;
  let north = -Infinity;
  for (const [lon, lat] of points) {
    if (lon! < west) west = lon!;
    if (lon! > east) east = lon!;
    if (lat! < south) south = lat!;
    if (lat! > north) north = lat!;
  }
  return { west, south, east, north };
}

const meets = (a: GeoBox, b: GeoBox) => a.east >= b.west && a.west <= b.east && a.north >= b.south && a.south <= b.north;

export function indexBasemap(b: Basemap): BasemapIndex {
  const polygons: BasemapIndex['polygons'] = [];
  b.land.features.forEach((f, i) => {
    const g = f.geometry;
    const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
    for (const p of polys) if (p[0]) polygons.push({ item: { feature: i, coordinates: p }, box: boxOf(p[0]) });
  });
  return { polygons, borders: b.borders.coordinates.map((line) => ({ item: line, box: boxOf(line) })) };
}

/**
 * The pieces of the detailed basemap that reach into `box`: whole polygons (a country's outline
 * is not cut, so its edge never shows a false coast) and whole border lines. `key` names the
 * selection, so a caller can tell whether a new view needs a new drawing.
 */
export function basemapWithin(index: BasemapIndex, box: GeoBox): Basemap & { key: string } {
  const picked: number[] = [];
  index.polygons.forEach((p, i) => {
    if (meets(p.box, box)) picked.push(i);
  });
  const polys = picked.map((i) => index.polygons[i]!);
  const lines = index.borders.filter((l) => meets(l.box, box));
  return {
    land: {
      type: 'FeatureCollection',
      features: polys.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: p.item.coordinates } })),
    },
    borders: { type: 'MultiLineString', coordinates: lines.map((l) => l.item) },
    key: `${picked.join(',')}|${lines.length}`,
  };
}
