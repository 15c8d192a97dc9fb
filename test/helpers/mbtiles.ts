/**
 * A small MBTiles file for tests (MBTiles 1.3: `metadata` and `tiles` tables, TMS rows): solid
 * PNG tiles with a dark border, one colour per zoom, over a bounding box, or vector tiles. PNGs are
 * encoded here (signature, IHDR, one IDAT deflated by zlib, IEND) so no image package is needed;
 * vector tiles with pbf, the protobuf writer the app's decoder reads with.
 */
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { PbfWriter } from 'pbf';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function solidPng(size: number, rgb: [number, number, number], border: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const rows = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    rows[row] = 0;
    for (let x = 0; x < size; x++) {
      const edge = x < 2 || y < 2 || x >= size - 2 || y >= size - 2;
      const c = edge ? border : rgb;
      rows.set(c, row + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

const ZOOM_COLOURS: [number, number, number][] = [[255, 0, 255], [0, 200, 200], [255, 170, 0], [120, 200, 60]];

function tileX(lon: number, z: number): number {
  return Math.floor(((lon + 180) / 360) * 2 ** z);
}
function tileY(lat: number, z: number): number {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
}

type TileWriter = (z: number) => Buffer;

/** Writes the file; answers the number of tiles. bounds = [west, south, east, north]. */
export function writeMbtiles(file: string, opts: { name: string; bounds: [number, number, number, number]; minZoom: number; maxZoom: number }): number {
  return writeTiles(file, opts, 'png', (z) => solidPng(256, ZOOM_COLOURS[z % ZOOM_COLOURS.length]!, [40, 40, 40]));
}

/** MVT geometry: a command integer, then zig-zag parameters (Mapbox Vector Tile 2.1, §4.3). */
function geometry(parts: { points: [number, number][]; close: boolean }[]): number[] {
  const out: number[] = [];
  const zz = (n: number) => (n << 1) ^ (n >> 31);
  let cx = 0;
  let cy = 0;
  for (const { points, close } of parts) {
    points.forEach(([x, y], i) => {
      if (i === 0) out.push((1 & 7) | (1 << 3));
      else if (i === 1) out.push((2 & 7) | ((points.length - 1) << 3));
      out.push(zz(x - cx), zz(y - cy));
      cx = x;
      cy = y;
    });
    if (close) out.push((7 & 7) | (1 << 3));
  }
  return out;
}

/**
 * The named points of every vector test tile, at fractions of the tile. Луцьк is drawn; Колки
 * would overlap it and Рожище comes too close to the tile's edge, so those two are left out;
 * Ковель is drawn below Луцьк: two labels per tile.
 */
export const VECTOR_TILE_PLACES = [
  { name: 'Луцьк', nameEn: 'Lutsk', class: 'city', x: 0.75, y: 0.5 },
  { name: 'Колки', nameEn: 'Kolky', class: 'village', x: 0.77, y: 0.52 },
  { name: 'Ковель', nameEn: 'Kovel', class: 'town', x: 0.75, y: 0.8 },
  { name: 'Рожище', nameEn: 'Rozhyshche', class: 'village', x: 0.99, y: 0.62 },
] as const;

/**
 * One vector tile, written with pbf as the MVT spec lays it out (Tile.layers = 3; Layer: name 1,
 * features 2, keys 3, values 4, extent 5, version 15; Feature: tags 2, type 3, geometry 4;
 * Value: string 1): a `water` layer filling the tile's western half, a `transportation` layer
 * with a road across it, a layer of a name the app does not know (drawn in grey), and a `place`
 * layer of named points (VECTOR_TILE_PLACES). Gzipped, as MBTiles writers store vector tiles.
 */
export function vectorTile(): Buffer {
  const E = 4096;
  type Feature = { type: 1 | 2 | 3; geometry: number[]; tags?: Record<string, string> };
  const layers: { name: string; features: Feature[] }[] = [
    { name: 'water', features: [{ type: 3, geometry: geometry([{ points: [[0, 0], [E / 2, 0], [E / 2, E], [0, E]], close: true }]) }] },
    { name: 'transportation', features: [{ type: 2, geometry: geometry([{ points: [[0, E / 4], [E, (3 * E) / 4]], close: false }]) }] },
    { name: 'customs_zones', features: [{ type: 3, geometry: geometry([{ points: [[E * 0.6, E * 0.1], [E * 0.9, E * 0.1], [E * 0.9, E * 0.3], [E * 0.6, E * 0.3]], close: true }]) }] },
    {
      name: 'place',
      features: VECTOR_TILE_PLACES.map((p) => ({
        type: 1 as const, geometry: geometry([{ points: [[Math.round(p.x * E), Math.round(p.y * E)]], close: false }]),
        tags: { name: p.name, 'name:en': p.nameEn, class: p.class },
      })),
    },
  ];
  const pbf = new PbfWriter();
  for (const layer of layers) {
    // A layer's tags index its key and value tables.
    const keys = [...new Set(layer.features.flatMap((f) => Object.keys(f.tags ?? {})))];
    const values = [...new Set(layer.features.flatMap((f) => Object.values(f.tags ?? {})))];
    pbf.writeMessage(3, (l: typeof layer, w: PbfWriter) => {
      w.writeVarintField(15, 2);
      w.writeStringField(1, l.name);
      for (const f of l.features) {
        w.writeMessage(2, (feat: Feature, fw: PbfWriter) => {
          if (feat.tags) fw.writePackedVarint(2, Object.entries(feat.tags).flatMap(([k, v]) => [keys.indexOf(k), values.indexOf(v)]));
          fw.writeVarintField(3, feat.type);
          fw.writePackedVarint(4, feat.geometry);
        }, f);
      }
      for (const k of keys) w.writeStringField(3, k);
      for (const v of values) w.writeMessage(4, (text: string, vw: PbfWriter) => vw.writeStringField(1, text), v);
      w.writeVarintField(5, E);
    }, layer);
  }
  return gzipSync(pbf.finish());
}

/** The same tiles as vector tiles (format pbf). */
export function writeVectorMbtiles(file: string, opts: { name: string; bounds: [number, number, number, number]; minZoom: number; maxZoom: number }): number {
  const tile = vectorTile();
  return writeTiles(file, opts, 'pbf', () => tile);
}

function writeTiles(
  file: string, opts: { name: string; bounds: [number, number, number, number]; minZoom: number; maxZoom: number }, format: 'png' | 'pbf', tileFor: TileWriter,
): number {
  const db = new Database(file);
  try {
    db.exec(`CREATE TABLE metadata (name TEXT, value TEXT);
             CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
             CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);`);
    const meta = db.prepare('INSERT INTO metadata (name, value) VALUES (?, ?)');
    const [w, s, e, n] = opts.bounds;
    for (const [k, v] of Object.entries({
      name: opts.name, format, type: 'baselayer', version: '1.0', minzoom: String(opts.minZoom), maxzoom: String(opts.maxZoom),
      bounds: `${w},${s},${e},${n}`, attribution: 'Test tiles',
    })) meta.run(k, v);
    const put = db.prepare('INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)');
    let count = 0;
    db.transaction(() => {
      for (let z = opts.minZoom; z <= opts.maxZoom; z++) {
        const png = tileFor(z);
        for (let x = tileX(w, z); x <= tileX(e, z); x++) {
          for (let y = tileY(n, z); y <= tileY(s, z); y++) {
            put.run(z, x, 2 ** z - 1 - y, png);
            count++;
          }
        }
      }
    })();
    return count;
  } finally {
    db.close();
  }
}
