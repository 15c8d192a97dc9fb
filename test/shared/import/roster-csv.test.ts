import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, formatCsv, parseCsv, parseRoster, validRosterDrafts } from '../../../shared/import/roster-csv.js';

const dir = {
  agencies: [{ id: 'DMS', code: 'DMS' }, { id: 'NPU', code: 'NPU' }],
  units: [{ id: 'u1', agencyId: 'DMS', name: 'Мобільна група №3' }],
};

describe('CSV bounds, enforced while reading (issue 15)', () => {
  it('stops at a 20 MB field with a typed issue instead of building it', () => {
    const huge = `agency,fullName\nDMS,${'я'.repeat(20 * 1024 * 1024)}\n`;
    const rss = process.memoryUsage().rss;
    const r = parseRoster('people', huge, dir);
    expect(r.fileIssues).toEqual([{ line: 2, message: 'csv.fieldTooLong', params: { max: '10000' } }]);
    expect(r.rows).toEqual([]);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
    expect(() => parseCsv(`"${'x'.repeat(10_001)}"`)).toThrow(CsvError);
    expect(parseCsv(`"${'x'.repeat(10_000)}"`).records[0]![0]).toHaveLength(10_000);
  });

  it('stops at the first row over the limit, and at a row of too many fields', () => {
    const rows = ['agency,fullName', ...Array.from({ length: 6000 }, (_, i) => `DMS,Особа ${i}`)].join('\n');
    expect(parseRoster('people', rows, dir).fileIssues).toEqual([{ line: 5002, message: 'csv.tooManyRows', params: { max: '5000' } }]);
    const wide = `${Array(101).fill('x').join(',')}\n`;
    expect(parseRoster('people', wide, dir).fileIssues).toEqual([{ line: 1, message: 'csv.tooManyFields', params: { max: '100' } }]);
  });

  it('refuses control and direction characters in a field like the form would', () => {
    const r = parseRoster('people', 'agency,fullName\nDMS,Іван\u202Eенко\n', dir);
    expect(r.rows[0]!.issues).toContainEqual({ field: 'fullName', message: 'v.controlChars' });
    expect(r.valid).toBe(false);
  });
});

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks', () => {
    const { records, lines } = parseCsv('a,b,c\r\n"x, y","he said ""hi""","line1\nline2"\r\nlast,,\n');
    expect(records).toEqual([['a', 'b', 'c'], ['x, y', 'he said "hi"', 'line1\nline2'], ['last', '', '']]);
    expect(lines).toEqual([1, 2, 4]);
  });

  it('detects semicolons, drops a BOM and blank lines', () => {
    expect(parseCsv('\uFEFFорган;піб\n\nDMS;"Іваненко; Петро"\n').records).toEqual([['орган', 'піб'], ['DMS', 'Іваненко; Петро']]);
  });

  it('rejects an unterminated quote and text after a closing quote, naming the line', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvError);
    try {
      parseCsv('a,b\n"x"y,z');
    } catch (e) {
      expect((e as CsvError).key).toBe('csv.textAfterQuote');
      expect((e as CsvError).line).toBe(2);
    }
  });

  it('round-trips any table through formatCsv (fuzz)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'я', ',', ';', '"', '\n', '\r\n', ' ', 'x', 'є') , maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), fc.constantFrom(',' as const, ';' as const), (rows, sep) => {
        // A record with one empty field formats as a quoted empty field, so it survives.
        expect(parseCsv(formatCsv(rows, sep), sep).records).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but CsvError on arbitrary text (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', ';', '"', '\n', '\r', 'я', ' '), maxLength: 40 }), (text) => {
        try {
          parseCsv(text);
        } catch (e) {
          expect(e).toBeInstanceOf(CsvError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseRoster', () => {
  it('turns valid people rows into drafts, resolving agency codes and unit names', () => {
    const r = parseRoster('people', 'agency,unit,fullName,position,callsign,skills,clearance\nDMS,Мобільна група №3,Іваненко Петро,інспектор,Сокіл-1,k9_handler|driver,form3\nnpu,,Коваль Олена,слідча,,investigator,\n', dir);
    expect(r.valid).toBe(true);
    expect(r.rows.map((x) => x.draft)).toMatchObject([
      { agencyId: 'DMS', unitId: 'u1', fullName: 'Іваненко Петро', skills: ['k9_handler', 'driver'], clearance: 'form3', callsign: 'Сокіл-1' },
      { agencyId: 'NPU', unitId: null, fullName: 'Коваль Олена', clearance: 'none' },
    ]);
  });

  it('reports every bad row with its line and field, and is invalid as a whole', () => {
    const r = parseRoster('people', 'орган;піб;email\nDMS;Добрий Рядок;a@b.ua\nXXX;;not-an-email\nNPU;Ще Один;\n', dir);
    expect(r.valid).toBe(false);
    const bad = r.rows.find((x) => x.line === 3)!;
    expect(bad.draft).toBeNull();
    expect(bad.issues).toEqual(expect.arrayContaining([
      { field: 'agency', message: 'v.unknownAgency', params: { value: 'XXX' } },
      { field: 'fullName', message: 'v.required' },
      { field: 'email', message: 'v.email' },
    ]));
    expect(r.rows.filter((x) => x.issues.length === 0)).toHaveLength(2);
  });

  it('validates resources: kind, integer capacity, unit of the same agency', () => {
    const r = parseRoster('resources', 'agency,unit,name,kind,capacity,identifier\nDMS,,Сканер,xray_scanner,1,SC-01\nNPU,Мобільна група №3,Бус,vehicle,8.5,AA1234BB\nDMS,,Човен,yacht,2,\n', dir);
    expect(r.rows[0]!.draft).toMatchObject({ kind: 'xray_scanner', capacity: 1 });
    expect(r.rows[1]!.issues).toEqual(expect.arrayContaining([
      { field: 'unit', message: 'v.unknownUnit' }, { field: 'capacity', message: 'csv.notInteger' },
    ]));
    expect(r.rows[2]!.issues).toContainEqual({ field: 'kind', message: 'csv.unknownKind', params: { value: 'yacht' } });
    expect(r.valid).toBe(false);
  });

  it('refuses a file without the required columns or rows', () => {
    expect(parseRoster('people', 'name,phone\nX,1\n', dir).fileIssues).toContainEqual({ line: 1, message: 'csv.missingColumn', params: { column: 'agency' } });
    expect(parseRoster('resources', 'agency,name,kind\n', dir).fileIssues).toContainEqual({ line: 1, message: 'csv.noRows' });
    expect(parseRoster('people', '"broken', dir).fileIssues[0]!.message).toBe('csv.unterminatedQuote');
  });

  it('never throws on arbitrary input and only ever calls a file valid when every row has a draft (fuzz)', () => {
    const cell = fc.constantFrom('DMS', 'NPU', 'X', '', 'Іван', 'vehicle', 'k9', '3', 'a@b.ua', '"', ',', '\n');
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 30 }), fc.constantFrom('people' as const, 'resources' as const), (cells, kind) => {
        const head = kind === 'people' ? 'agency,fullName,email\n' : 'agency,name,kind,capacity\n';
        const r = parseRoster(kind as 'people', head + cells.join(''), dir);
        if (r.valid) expect(r.rows.every((x) => x.draft !== null)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('values as the app shows them (issue 20)', () => {
  const named = {
    agencies: [
      { id: 'DMS', code: 'DMS', shortUk: 'ДМС', shortEn: 'SCS', nameUk: 'Державна митна служба України', nameEn: 'State Customs Service of Ukraine' },
      { id: 'OGP', code: 'OGP', shortUk: 'прокуратура', shortEn: 'prosecutor\'s office', nameUk: 'Органи прокуратури', nameEn: 'Prosecutor\'s offices' },
    ],
    units: [],
  };

  it('reads skills, clearances and agencies by their Ukrainian or English labels, or their codes', () => {
    const csv = [
      'орган;ПІБ;навички;допуск',
      'ДМС;Мельник Андрій;Кінолог|Водій;ДСК',
      'dms;Шевчук Ірина;K9 handler | tariff_expert;Допуск за формою 2',
      'Прокуратура;Савченко Наталія;;форма 3',
      'State Customs Service of Ukraine;Коваленко Олена;медик;',
    ].join('\n');
    const r = parseRoster('people', csv, named);
    expect(r.rows.flatMap((x) => x.issues)).toEqual([]);
    expect(r.rows.map((x) => [x.draft!.agencyId, x.draft!.skills, x.draft!.clearance])).toEqual([
      ['DMS', ['k9_handler', 'driver'], 'none'],
      ['DMS', ['k9_handler', 'tariff_expert'], 'form2'],
      ['OGP', [], 'form3'],
      ['DMS', ['medic'], 'none'],
    ]);
    const res = parseRoster('resources', 'орган,назва,вид\nSCS,Сканер,Рентген-сканер\nДМС,Катер «Дніпро»,boat', named);
    expect(res.rows.map((x) => x.draft?.kind)).toEqual(['xray_scanner', 'boat']);
  });

  it('names the value it did not understand; the valid rows can go in alone', () => {
    const r = parseRoster('people', 'орган;ПІБ;навички\nДМС;Іваненко;Снайпер\nДМС;Петренко;Водій\nЖЖЖ;Сидоренко;', named);
    expect(r.valid).toBe(false);
    expect(r.rows[0]!.issues).toEqual([{ field: 'skills', message: 'csv.unknownSkill', params: { value: 'Снайпер' } }]);
    expect(r.rows[2]!.issues).toEqual([{ field: 'agency', message: 'v.unknownAgency', params: { value: 'ЖЖЖ' } }]);
    expect(validRosterDrafts(r).map((d) => d.fullName)).toEqual(['Петренко']);
    // A broken file gives no rows at all, not a partial guess.
    expect(validRosterDrafts(parseRoster('people', 'орган;ПІБ\n"ДМС;Петренко', named))).toEqual([]);
  });
});
