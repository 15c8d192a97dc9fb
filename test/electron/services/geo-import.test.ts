/**
 * Points from KML, GPX and GeoJSON into an operation's locations: a preview that says what is
 * left out and why, one save for all points, typed errors and nothing written for a bad file;
 * the importer fuzzed with fast-check (any text: a preview or a typed error, never a crash).
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { countChanges } from '../../../electron/db/repos/change-log.repo.js';
import { readGeoFile } from '../../../electron/exports/geo-read.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { exportGeo } from '../../../electron/services/geo.js';
import { getOperationById, updateOperation } from '../../../electron/services/operations.js';
import { DomainError } from '../../../shared/api/errors.js';
import type { GeoImportPreview } from '../../../shared/api/geo.js';
import type { Operation } from '../../../shared/domain/operation.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
let opId: string;
/**
 * A route of three points set here, not taken from the demo: the demo keeps its escort route and
 * interception point among the lead's need-to-know details (issue 16), so its shared locations
 * are the crossing point alone.
 */
const ROUTE = [
  { label: 'ПП «Ягодин», смуга вантажного контролю', point: { lat: 51.1826, lon: 23.8089 } },
  { label: 'Автодорога М-07, 12 км від кордону', point: { lat: 51.2061, lon: 24.0312 } },
  { label: 'Склад у м. Ковель, вул. Заводська, 5', point: { lat: 51.2152, lon: 24.7147 } },
];

beforeEach(() => {
  t = openTempContext();
  opId = loadDemo(t.ctx).operationId;
  updateOperation(t.ctx, opId, { locations: ROUTE });
});
afterEach(() => t.cleanup());

const KML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>Пост «Устилуг»</name><Point><coordinates>24.1315,50.8606,0</coordinates></Point></Placemark>
  <Placemark><name>Траса</name><LineString><coordinates>24.1,50.8 24.2,50.9</coordinates></LineString></Placemark>
  <Folder><Placemark><name>Склад&#x202E; у Луцьку</name><Point><coordinates>25.3254,50.7472</coordinates></Point></Placemark></Folder>
</Document></kml>`;

const GPX = `<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="51.2061" lon="24.0312"><name>Точка перехоплення</name></wpt>
  <wpt lat="51.2152" lon="24.7147"></wpt>
  <trk><name>Трек</name><trkseg><trkpt lat="51.1" lon="24.1"/><trkpt lat="51.2" lon="24.2"/></trkseg></trk>
</gpx>`;

const GEOJSON = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { name: 'Ягодин' }, geometry: { type: 'Point', coordinates: [23.8089, 51.1826] } },
    { type: 'Feature', properties: { name: 'Поза межами' }, geometry: { type: 'Point', coordinates: [200, 95] } },
    { type: 'Feature', properties: { name: 'Без геометрії' }, geometry: null },
    { type: 'Feature', properties: {}, geometry: { type: 'MultiPoint', coordinates: [[24, 51], [24.5, 51.5]] } },
  ],
});

async function call(method: string, input: unknown) {
  return dispatch(t.ctx, 'geo', method, input);
}

describe('geo import', () => {
  it('KML: points with their names, lines listed as skipped, forbidden characters dropped', async () => {
    const r = await call('previewImport', { operationId: opId, fileName: 'points.kml', text: KML });
    expect(r.ok).toBe(true);
    const p = (r as { value: GeoImportPreview }).value;
    expect(p.format).toBe('kml');
    expect(p.points).toEqual([
      { label: 'Пост «Устилуг»', lat: 50.8606, lon: 24.1315 },
      { label: 'Склад у Луцьку', lat: 50.7472, lon: 25.3254 },
    ]);
    expect(p.skipped).toEqual([{ index: 1, label: 'Траса', reasonKey: 'geo.skip.notPoint' }]);
    expect(p.room).toBe(200 - 3);
  });

  it('GPX waypoints and GeoJSON points; out-of-range and empty features are skipped with their reason', () => {
    const gpx = readGeoFile('track.gpx', GPX);
    expect(gpx.points).toEqual([
      { label: 'Точка перехоплення', lat: 51.2061, lon: 24.0312 },
      // Unnamed: the file's name and the feature's place among what the file holds (the track first).
      { label: 'track #3', lat: 51.2152, lon: 24.7147 },
    ]);
    expect(gpx.skipped.map((s) => s.reasonKey)).toEqual(['geo.skip.notPoint']);
    const geo = readGeoFile('points.geojson', GEOJSON);
    expect(geo.points.map((p) => p.label)).toEqual(['Ягодин', 'points #4 (1)', 'points #4 (2)']);
    expect(geo.skipped.map((s) => [s.label, s.reasonKey])).toEqual([
      ['Поза межами', 'geo.skip.badCoordinates'], ['Без геометрії', 'geo.skip.noGeometry'],
    ]);
  });

  it('imports the chosen points as locations in one save, after the existing ones', async () => {
    const before = getOperationById(t.ctx, opId);
    const changes = countChanges(t.ctx.db);
    const r = await call('importLocations', { operationId: opId, fileName: 'points.kml', text: KML, pick: [1] });
    expect(r.ok).toBe(true);
    const { operation, added } = (r as { value: { operation: Operation; added: number } }).value;
    expect(added).toBe(1);
    expect(operation.locations.slice(0, 3)).toEqual(before.locations);
    expect(operation.locations[3]).toMatchObject({ label: 'Склад у Луцьку', point: { lat: 50.7472, lon: 25.3254 } });
    // One field changed: one change record.
    // One save of the operation: the locations field recorded once, with the others of that save.
    const rows = t.ctx.db.prepare('SELECT field FROM change_log ORDER BY seq DESC LIMIT @n').all({ n: countChanges(t.ctx.db) - changes }) as { field: string }[];
    expect(rows.filter((r) => r.field === 'locations')).toHaveLength(1);
  });

  it('round-trips: the demo exported as KML and imported into a fresh operation gives the same coordinates', async () => {
    const kml = Buffer.from(exportGeo(t.ctx, { operationId: opId, agencyId: null, format: 'kml', lang: 'uk' }).bytes).toString('utf8');
    const created = await dispatch(t.ctx, 'operations', 'create', {
      codeName: 'КОПІЯ', type: 'joint_search', formality: 'informal', leadAgencyId: 'DMS',
      startsAt: '2026-12-01T08:00:00Z', endsAt: '2026-12-01T18:00:00Z',
    });
    const copyId = (created as { value: Operation }).value.id;
    const r = await call('importLocations', { operationId: copyId, fileName: 'demo.kml', text: kml });
    expect(r.ok).toBe(true);
    const demo = getOperationById(t.ctx, opId);
    const copy = getOperationById(t.ctx, copyId);
    expect(copy.locations.slice(0, 3).map((l) => l.point)).toEqual(demo.locations.map((l) => l.point));
    expect(copy.locations.slice(0, 3).map((l) => l.label)).toEqual(demo.locations.map((l) => l.label));
  });

  it('bad files: typed errors and nothing written', async () => {
    const changes = countChanges(t.ctx.db);
    const cases: [string, string, string][] = [
      ['broken.kml', '<kml><Placemark>', 'geo.unreadable'],
      ['bomb.kml', '<?xml version="1.0"?><!DOCTYPE k [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><kml><Placemark><name>&c;</name><Point><coordinates>1,1</coordinates></Point></Placemark></kml>', 'geo.unreadable'],
      ['xxe.kml', '<?xml version="1.0"?><!DOCTYPE k [<!ENTITY x SYSTEM "file:///etc/passwd">]><kml><Placemark><name>&x;</name><Point><coordinates>1,1</coordinates></Point></Placemark></kml>', 'geo.unreadable'],
      ['html.kml', '<html><body/></html>', 'geo.unreadable'],
      ['points.geojson', '{"type": "FeatureCollection", "features": 5}', 'geo.unreadable'],
      ['deep.geojson', `${'{"type":"GeometryCollection","geometries":['.repeat(40)}${']}'.repeat(40)}`, 'geo.unreadable'],
      ['notes.txt', 'просто текст', 'geo.unknownFormat'],
      ['lines.kml', '<kml><Placemark><LineString><coordinates>1,1 2,2</coordinates></LineString></Placemark></kml>', 'geo.noPoints'],
    ];
    for (const [fileName, text, key] of cases) {
      const r = await call('importLocations', { operationId: opId, fileName, text });
      expect(r, fileName).toMatchObject({ ok: false, error: { details: { messageKey: key } } });
    }
    const tooBig = await call('previewImport', { operationId: opId, fileName: 'big.geojson', text: ' '.repeat(10 * 1024 * 1024 + 1) });
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(countChanges(t.ctx.db)).toBe(changes);
  });

  it('more points than the operation has room for: refused whole, nothing written', async () => {
    const features = Array.from({ length: 198 }, (_, i) => ({ type: 'Feature', properties: { name: `P${i}` }, geometry: { type: 'Point', coordinates: [24 + i / 1000, 50] } }));
    const text = JSON.stringify({ type: 'FeatureCollection', features });
    const changes = countChanges(t.ctx.db);
    const r = await call('importLocations', { operationId: opId, fileName: 'many.geojson', text });
    expect(r).toMatchObject({ ok: false, error: { details: { messageKey: 'geo.noRoom', params: { room: 197 } } } });
    expect(getOperationById(t.ctx, opId).locations).toHaveLength(3);
    expect(countChanges(t.ctx.db)).toBe(changes);
    const some = await call('importLocations', { operationId: opId, fileName: 'many.geojson', text, pick: [0, 5, 5, 7] });
    expect(some.ok).toBe(true);
    expect(getOperationById(t.ctx, opId).locations.map((l) => l.label).slice(3)).toEqual(['P0', 'P5', 'P7']);
  });

  it('fuzzed: any text, KML-ish or GeoJSON-ish, gives a preview or a DomainError, never anything else', () => {
    const xmlish = fc.array(fc.constantFrom('<kml>', '</kml>', '<Placemark>', '</Placemark>', '<Point>', '</Point>', '<coordinates>', '</coordinates>', '1,2', '-200,95', 'NaN', '<name>', '</name>', '&amp;', '&x;', '<![CDATA[', ']]>', '<!DOCTYPE', '<gpx>', '<wpt lat="1" lon="2">', '</wpt>'), { maxLength: 40 }).map((p) => p.join(''));
    const jsonish = fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v));
    const geojsonish = fc.record({
      type: fc.constantFrom('FeatureCollection', 'Feature', 'Point', 'MultiPoint', 'GeometryCollection', 'LineString', 'Bogus'),
      features: fc.anything({ maxDepth: 3 }), geometry: fc.anything({ maxDepth: 3 }), coordinates: fc.anything({ maxDepth: 3 }),
      geometries: fc.anything({ maxDepth: 3 }), properties: fc.anything({ maxDepth: 2 }),
    }).map((o) => JSON.stringify(o));
    fc.assert(fc.property(fc.oneof(xmlish, jsonish, geojsonish, fc.string({ maxLength: 200 })), fc.constantFrom('f.kml', 'f.gpx', 'f.geojson', 'f'), (text, name) => {
      try {
        const r = readGeoFile(name, text);
        for (const p of r.points) {
          expect(Math.abs(p.lat)).toBeLessThanOrEqual(90);
          expect(Math.abs(p.lon)).toBeLessThanOrEqual(180);
          expect(p.label.length).toBeGreaterThan(0);
          expect(p.label.length).toBeLessThanOrEqual(300);
        }
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
      }
    }), { numRuns: 400 });
  });
});
