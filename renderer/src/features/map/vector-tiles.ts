/**
 * Vector tiles (Mapbox Vector Tile 2.1, the `pbf` format of MBTiles) drawn on a canvas, offline:
 * decoded by @mapbox/vector-tile over pbf (BSD-3-Clause; the reference decoder, kept by the
 * format's authors — hand-written protobuf and geometry decoding would be ours to get wrong) and
 * painted with the 2D API, no WebGL (the map must draw in headless Chromium and on laptops
 * without a GPU) and no style file to fetch.
 *
 * Styling follows the layer names of the OpenMapTiles schema, which most offline vector MBTiles
 * use (water, landcover, landuse, park, building, transportation, boundary, …); a layer with
 * another name is drawn in a neutral grey, so an unknown file still shows its shapes. Labels
 * (point features) are not drawn: text placement is a renderer of its own.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

interface Look {
  fill?: string;
  stroke?: string;
  width?: number;
  dash?: number[];
}

/** Bottom up; anything not named here is drawn after, in grey. */
const LOOKS: readonly [string, Look][] = [
  ['landcover', { fill: '#e3ecd4' }],
  ['landuse', { fill: '#ece7dc' }],
  ['park', { fill: '#d6e8c4' }],
  ['water', { fill: '#b9d3e6' }],
  ['waterway', { stroke: '#9cc0dc', width: 1.2 }],
  ['aeroway', { fill: '#e4e0ea', stroke: '#c9c2d6', width: 1 }],
  ['building', { fill: '#d9d2c8', stroke: '#c6bdb0', width: 0.5 }],
  ['transportation', { stroke: '#ffffff', width: 2.2 }],
  ['boundary', { stroke: '#8a6f9e', width: 1.2, dash: [5, 3] }],
];
const OTHER: Look = { fill: 'rgba(120,120,120,0.15)', stroke: '#9a9a9a', width: 0.8 };
const NAMED = new Set(LOOKS.map(([name]) => name));

/** A tile's bytes as stored: most MBTiles writers gzip each vector tile. */
export async function inflateTile(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Paints one decoded tile into a square of `size` CSS pixels. Returns how many features it drew. */
export function paintVectorTile(g: CanvasRenderingContext2D, bytes: Uint8Array, size: number): number {
  const tile = new VectorTile(new PbfReader(bytes));
  const names = Object.keys(tile.layers);
  const order: [string, Look][] = [
    ...LOOKS.filter(([name]) => tile.layers[name]),
    ...names.filter((n) => !NAMED.has(n)).sort().map((n): [string, Look] => [n, OTHER]),
  ];
  let drawn = 0;
  g.lineJoin = 'round';
  g.lineCap = 'round';
  for (const [name, look] of order) {
    const layer = tile.layers[name]!;
    const k = size / layer.extent;
    const areas = new Path2D();
    const lines = new Path2D();
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      if (f.type !== 2 && f.type !== 3) continue;
      const path = f.type === 3 ? areas : lines;
      for (const ring of f.loadGeometry()) {
        ring.forEach((p, j) => (j === 0 ? path.moveTo(p.x * k, p.y * k) : path.lineTo(p.x * k, p.y * k)));
        if (f.type === 3) path.closePath();
      }
      drawn++;
    }
    if (look.fill) {
      g.fillStyle = look.fill;
      g.fill(areas, 'evenodd');
    }
    if (look.stroke) {
      g.strokeStyle = look.stroke;
      g.lineWidth = look.width ?? 1;
      g.setLineDash(look.dash ?? []);
      g.stroke(lines);
      // Area outlines only for layers that ask for one (buildings, aeroways): not water.
      if (look.fill) g.stroke(areas);
    }
  }
  g.setLineDash([]);
  return drawn;
}
