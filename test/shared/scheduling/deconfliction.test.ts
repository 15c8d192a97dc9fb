import { describe, expect, it } from 'vitest';
import { Subject } from '../../../shared/domain/subject.js';
import {
  deconflict, haversineMeters, toDeconflictionOperation, type DeconflictionOperation,
} from '../../../shared/scheduling/deconfliction.js';
import { at } from './fixtures.js';

function dop(id: string, over: Partial<Parameters<typeof toDeconflictionOperation>[0]> = {}, places: { lat: number; lon: number }[] = []): DeconflictionOperation {
  return toDeconflictionOperation({
    id, codeName: id.toUpperCase(), leadAgencyId: 'NPU', startsAt: at(0), endsAt: at(10), locations: [],
    subjects: [], comms: [{ id: 'c1', channel: 'Радіо', frequencyOrTalkGroup: '', callsign: `${id}-1`, agencyId: 'NPU', phone: '+380 50 000 00 00', notes: '', function: '', encryption: '', assignment: '' }],
    commandPost: '', ...over,
  }, places.map((p) => ({ place: { label: 'точка', point: p } })));
}

const subj = (s: unknown) => Subject.parse(s);

describe('haversine', () => {
  it('measures Kyiv–Lviv as about 468 km', () => {
    const d = haversineMeters({ lat: 50.4501, lon: 30.5234 }, { lat: 49.8397, lon: 24.0297 });
    expect(d / 1000).toBeGreaterThan(465);
    expect(d / 1000).toBeLessThan(472);
  });
});

describe('deconfliction', () => {
  it('matches the same plate typed in Cyrillic and Latin, whatever the dates', () => {
    const a = dop('a', { subjects: [subj({ kind: 'vehicle', plate: 'АС 4412 ВК' })] });
    const b = dop('b', { startsAt: at(100), endsAt: at(110), subjects: [subj({ kind: 'vehicle', plate: 'ac4412bk' })] });
    const hits = deconflict([a], [b], 1000);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ kind: 'subject', a: 'a', b: 'b', matchKey: 'plate:AC4412BK', windowsOverlap: false });
  });
  it('matches a container and an EDRPOU code, not different ones', () => {
    const a = dop('a', { subjects: [subj({ kind: 'container', number: 'CSQU 305438 3' }), subj({ kind: 'company', name: 'ПриватБанк', edrpou: '14360570' })] });
    const b = dop('b', { subjects: [subj({ kind: 'container', number: 'csqu3054383' }), subj({ kind: 'company', name: 'АТ КБ «ПриватБанк»', edrpou: '14360570' })] });
    const c = dop('c', { subjects: [subj({ kind: 'container', number: 'TOLU4734787' }), subj({ kind: 'company', name: 'Укрексімбанк', edrpou: '00032112' })] });
    const hits = deconflict([a], [b, c], 1000);
    expect(hits.map((h) => h.matchKey).sort()).toEqual(['container:CSQU3054383', 'edrpou:14360570']);
  });
  it('matches a person by name and date of birth regardless of case and apostrophe', () => {
    const a = dop('a', { subjects: [subj({ kind: 'person', fullName: "Дем'яненко Ігор", dateOfBirth: '1980-02-03' })] });
    const b = dop('b', { subjects: [subj({ kind: 'person', fullName: 'ДЕМЯНЕНКО  ІГОР', dateOfBirth: '1980-02-03' })] });
    const c = dop('c', { subjects: [subj({ kind: 'person', fullName: 'Демяненко Ігор', dateOfBirth: '1981-02-03' })] });
    expect(deconflict([a], [b, c], 1000).map((h) => h.b)).toEqual(['b']);
  });
  it('flags places within the radius only when windows overlap', () => {
    const a = dop('a', {}, [{ lat: 51.1826, lon: 23.8089 }]);
    const near = dop('near', {}, [{ lat: 51.1801, lon: 23.8142 }]); // ≈ 460 m
    const far = dop('far', {}, [{ lat: 51.2, lon: 23.8089 }]); // ≈ 1.9 km
    const later = dop('later', { startsAt: at(10), endsAt: at(20) }, [{ lat: 51.1801, lon: 23.8142 }]);
    const hits = deconflict([a], [near, far, later], 1000);
    expect(hits.map((h) => [h.kind, h.b])).toEqual([['proximity', 'near']]);
    expect(hits[0]!.distanceMeters).toBeGreaterThan(400);
    expect(hits[0]!.distanceMeters).toBeLessThan(500);
    expect(deconflict([a], [far], 2500).map((h) => h.b)).toEqual(['far']);
  });
  it('finds proximity across grid cell edges and the antimeridian', () => {
    const a = dop('a', {}, [{ lat: 0, lon: 179.9999 }]);
    const b = dop('b', {}, [{ lat: 0, lon: -179.9999 }]);
    expect(deconflict([a], [b], 1000)).toHaveLength(1);
  });
  it('within one set reports each pair once and never an operation against itself', () => {
    const s = subj({ kind: 'address', address: 'вул. Шевченка, 5, Луцьк' });
    const a = dop('a', { subjects: [s] }, [{ lat: 50.75, lon: 25.33 }]);
    const b = dop('b', { subjects: [subj({ kind: 'address', address: 'Шевченка 5 Луцьк' })] }, [{ lat: 50.7501, lon: 25.3301 }]);
    const hits = deconflict([a, b], null, 1000);
    expect(hits.map((h) => `${h.kind}:${h.a}-${h.b}`)).toEqual(['proximity:a-b', 'subject:a-b']);
  });
  it('carries contacts of the lead agency', () => {
    expect(dop('a').contacts).toEqual(['a-1 · +380 50 000 00 00 · Радіо']);
  });
});
