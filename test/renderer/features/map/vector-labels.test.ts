/**
 * Which names a vector tile offers as labels, in which language and order (vector-tiles.ts),
 * read from the tile the map e2e opens (test/helpers/mbtiles.ts). Where they land on the canvas
 * and which fit is the e2e's (test/e2e/map.e2e.ts), in Chromium.
 */
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { labelsOf } from '../../../../renderer/src/features/map/vector-tiles.js';
import { vectorTile } from '../../../helpers/mbtiles.js';

const tile = () => new VectorTile(new PbfReader(gunzipSync(vectorTile())));

describe('vector tile labels', () => {
  it('offers the settlements by importance, city first, at their points', () => {
    const labels = labelsOf(tile(), 256, 'uk');
    expect(labels.map((l) => l.text)).toEqual(['Луцьк', 'Ковель', 'Колки', 'Рожище']);
    expect(labels[0]).toMatchObject({ x: 192, y: 128 });
    expect(labels[0]!.font).toBe('bold 13px');
    expect(labels[1]!.font).toBe('12px');
  });

  it('names them in the app language where the file has it', () => {
    expect(labelsOf(tile(), 256, 'en').map((l) => l.text)).toEqual(['Lutsk', 'Kovel', 'Kolky', 'Rozhyshche']);
  });
});
