import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { basemapFromTopology, basemapWithin, indexBasemap } from '../../../shared/geo/basemap.js';

const require = createRequire(import.meta.url);
const world = basemapFromTopology(require('world-atlas/countries-50m.json'));
const points = (rings: number[][][][]) => rings.reduce((n, poly) => n + poly.reduce((m, ring) => m + ring.length, 0), 0);

describe('basemap level of detail', () => {
  const index = indexBasemap(world);
  const volyn = { west: 22, south: 49.5, east: 27, north: 52.5 };

  it('picks whole polygons and border lines that reach a view, far less than the world', () => {
    const within = basemapWithin(index, volyn);
    const all = points(index.polygons.map((p) => p.item.coordinates));
    const picked = points(within.land.features.map((f) => (f.geometry as { coordinates: number[][][] }).coordinates));
    expect(picked).toBeGreaterThan(0);
    expect(picked).toBeLessThan(all / 3);
    // Every polygon that touches the view is in, uncut: Ukraine's outline with its every point.
    const ukraine = world.land.features.find((f) => (f.properties as { name?: string }).name === 'Ukraine')!;
    const outline = (ukraine.geometry as { coordinates: number[][][][] }).coordinates.find((poly) => poly[0]!.some(([lon, lat]) => lon! > 22 && lon! < 27 && lat! > 49.5 && lat! < 52.5))!;
    expect(within.land.features.some((f) => JSON.stringify((f.geometry as { coordinates: unknown }).coordinates) === JSON.stringify(outline))).toBe(true);
    // Borders: the Polish–Ukrainian border near Yahodyn (24.0°E 51.2°N) is among the lines.
    expect(within.borders.coordinates.some((line) => line.some(([lon, lat]) => Math.abs(lon! - 24) < 0.3 && Math.abs(lat! - 51.2) < 0.3))).toBe(true);
    expect(within.borders.coordinates.length).toBeLessThan(world.borders.coordinates.length / 3);
  });

  it('names a selection by its pieces: the same view gives the same key, another region another', () => {
    expect(basemapWithin(index, volyn).key).toBe(basemapWithin(index, { ...volyn }).key);
    expect(basemapWithin(index, { west: -10, south: 36, east: 3, north: 44 }).key).not.toBe(basemapWithin(index, volyn).key);
    expect(basemapWithin(index, { west: -180, south: -90, east: 180, north: 90 }).land.features).toHaveLength(index.polygons.length);
  });
});
