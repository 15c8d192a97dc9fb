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
