/**
 * The built-in basemap for printed maps: the same Natural Earth 1:50m countries (world-atlas)
 * and the same reading (shared/geo/basemap.ts) the map view uses, so paper and screen show one
 * picture. Read from the installed package, never fetched; parsed once per process (the file
 * does not change while it runs).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { basemapFromTopology, type Basemap } from '../../../shared/geo/basemap.js';

const require = createRequire(import.meta.url);
let cache: Basemap | null = null;

export function builtInBasemap(): Basemap {
  cache ??= basemapFromTopology(JSON.parse(fs.readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')));
  return cache;
}
