/**
 * Last known places of people and vehicles (issue 18): kept on the subject as an optional
 * property (an operation without one keeps no key, so older units read it as before), drawn on
 * the map as their own kind with the time and source, and written into the GeoJSON, KML and TAK
 * files, for the coordinator and for an agency taking part (subjects are a shared section of the
 * operation). The files are read back with parsers that are not ours.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { kml as kmlToGeoJson } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemo } from '../../../electron/services/demo.js';
import { exportGeo, mapData, mapPlace } from '../../../electron/services/geo.js';
import { getOperationPlan, updateOperation } from '../../../electron/services/operations.js';
import { Subject } from '../../../shared/domain/subject.js';
import { openTempContext, tempDataDir, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
let operationId: string;
const PERSON = { lat: 51.187312, lon: 24.700419 };
const VEHICLE = { lat: 51.20411, lon: 23.91533 };

beforeEach(() => {
  t = openTempContext();
  operationId = loadDemo(t.ctx).operationId;
  const op = getOperationPlan(t.ctx, operationId).operation;
  updateOperation(t.ctx, operationId, {
    subjects: [
      ...op.subjects,
      Subject.parse({ kind: 'person', fullName: 'Гнатюк Остап Ігорович', lastSeen: { point: PERSON, at: '2026-12-08T14:30:00+02:00', source: 'Патруль НПУ' } }),
      Subject.parse({ kind: 'vehicle', plate: 'AC 4417 KT', description: 'Volvo FH', lastSeen: { point: VEHICLE } }),
    ],
  });
});
afterEach(() => t.cleanup());

function exported(format: 'geojson' | 'kml' | 'tak', agencyId: string | null): Uint8Array {
  return exportGeo(t.ctx, { operationId, agencyId, format, lang: 'uk' }).bytes;
}

describe('last known places of people and vehicles', () => {
  it('are optional on the subject: none saved, no key; one saved, read back with its instant in UTC', () => {
    expect('lastSeen' in Subject.parse({ kind: 'person', fullName: 'Без місця' })).toBe(false);
    const subjects = getOperationPlan(t.ctx, operationId).operation.subjects;
    const person = subjects.find((s) => s.kind === 'person' && s.fullName === 'Гнатюк Остап Ігорович');
    expect(person?.kind === 'person' ? person.lastSeen : null).toEqual({ point: PERSON, at: '2026-12-08T12:30:00.000Z', source: 'Патруль НПУ' });
    expect(() => Subject.parse({ kind: 'vehicle', plate: 'AA 1111 AA', lastSeen: { point: { lat: 95, lon: 24 } } })).toThrow();
  });

  it('are on the map as their own kind, with when they were seen and how it is known', () => {
    const op = mapData(t.ctx, operationId).operations[0]!;
    expect(op.lastSeen).toEqual([PERSON.lat, PERSON.lon, VEHICLE.lat, VEHICLE.lon]);
    // What the hover text and the selected place say; a time or a source not known is absent.
    const place = (at: number) => mapPlace(t.ctx, { operationId, kind: 'lastSeen', at });
    expect(place(0)).toEqual({ label: 'Гнатюк Остап Ігорович', codeName: getOperationPlan(t.ctx, operationId).operation.codeName, timeZone: 'Europe/Kyiv', seenAt: '2026-12-08T12:30:00.000Z', source: 'Патруль НПУ' });
    expect(place(1)).toEqual({ label: 'AC 4417 KT Volvo FH', codeName: expect.any(String), timeZone: 'Europe/Kyiv' });
    expect(place(2)).toBeNull();
    // The map of every operation draws them too.
    const all = mapData(t.ctx, null).operations.find((o) => o.id === operationId)!;
    expect(all.lastSeen).toEqual(op.lastSeen);
  });

  it('are in the GeoJSON, KML and TAK files of the coordinator and of an agency taking part', () => {
    const participant = getOperationPlan(t.ctx, operationId).operation.participatingAgencyIds[0]!;
    for (const agencyId of [null, participant]) {
      const geojson = JSON.parse(Buffer.from(exported('geojson', agencyId)).toString('utf8')) as {
        features: { geometry: { coordinates: number[] }; properties: { kind: string; name: string; seenAt?: string | null; source?: string | null } }[];
      };
      const seen = geojson.features.filter((f) => f.properties.kind === 'lastSeen');
      expect(seen.map((f) => [f.properties.name, f.geometry.coordinates, f.properties.seenAt, f.properties.source])).toEqual([
        ['Гнатюк Остап Ігорович', [PERSON.lon, PERSON.lat], '2026-12-08T12:30:00.000Z', 'Патруль НПУ'],
        ['AC 4417 KT Volvo FH', [VEHICLE.lon, VEHICLE.lat], null, null],
      ]);

      // KML read back by a converter that is not ours: the point and its time stamp.
      const kml = Buffer.from(exported('kml', agencyId)).toString('utf8');
      const back = kmlToGeoJson(new DOMParser().parseFromString(kml, 'text/xml'));
      const person = back.features.find((f) => f.properties?.['name'] === 'Гнатюк Остап Ігорович')!;
      expect(person.geometry).toEqual({ type: 'Point', coordinates: [PERSON.lon, PERSON.lat, 0] });
      expect(person.properties?.['timestamp']).toBe('2026-12-08T12:30:00.000Z');
      expect(String(person.properties?.['description'])).toContain('Патруль НПУ');

      // TAK: a CoT marker per last known place, read with Python's zipfile.
      const dir = tempDataDir('spilno-tak-');
      try {
        const file = path.join(dir, 'map.zip');
        fs.writeFileSync(file, exported('tak', agencyId));
        const cots = JSON.parse(execFileSync('python3', ['-c', [
          'import json, sys, zipfile',
          'z = zipfile.ZipFile(sys.argv[1])',
          'print(json.dumps([z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".cot")]))',
        ].join('\n'), file], { encoding: 'utf8' })) as string[];
        const vehicle = cots.find((c) => c.includes('callsign="AC 4417 KT Volvo FH"'));
        expect(vehicle).toContain(`lat="${VEHICLE.lat}" lon="${VEHICLE.lon}"`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
