/**
 * Roster import from CSV (people or resources). Pure: text in, rows with drafts and per-row
 * errors out; nothing is written unless every row is valid, and then in one call.
 *
 * The CSV reader follows RFC 4180 (quoted fields, doubled quotes, CRLF or LF, line breaks
 * inside quotes) and also reads the semicolon-separated files that spreadsheet software writes
 * under Ukrainian regional settings; a UTF-8 byte-order mark is dropped.
 */
import type { z } from 'zod';
import {
  PersonDraft, ResourceDraft, type Agency, type Unit,
} from '../domain/directory.js';
import { CLEARANCES, PERSON_SKILLS, RESOURCE_KINDS, normalizeClearance } from '../domain/enums.js';

export class CsvError extends Error {
  constructor(readonly line: number, readonly key: string) {
    super(`${key} at line ${line}`);
  }
}

function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semis = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semis++;
  }
  return semis > commas ? ';' : ',';
}

/** Records of fields; `lines[i]` is the 1-based line where record i starts. Throws CsvError. */
export function parseCsv(input: string, delimiter?: ',' | ';'): { records: string[][]; lines: number[] } {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const sep = delimiter ?? detectDelimiter(text);
  const records: string[][] = [];
  const lines: number[] = [];
  let field = '';
  let record: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false;
  let quoteStart = 0;
  let fieldWasQuoted = false;
  const endRecord = () => {
    record.push(field);
    // A blank line is not a record (spreadsheets often leave one at the end).
    if (!(record.length === 1 && record[0] === '' && !fieldWasQuoted)) {
      records.push(record);
      lines.push(recordLine);
    }
    record = [];
    field = '';
    fieldWasQuoted = false;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== sep && next !== '\n' && next !== '\r') throw new CsvError(line, 'csv.textAfterQuote');
        continue;
      }
      if (ch === '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (field !== '') throw new CsvError(line, 'csv.strayQuote');
      quoted = true;
      fieldWasQuoted = true;
      quoteStart = line;
      i++;
    } else if (ch === sep) {
      record.push(field);
      field = '';
      fieldWasQuoted = false;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new CsvError(quoteStart, 'csv.unterminatedQuote');
  if (field !== '' || record.length > 0 || fieldWasQuoted) endRecord();
  return { records, lines };
}

/** Writes records as RFC 4180 CSV (quotes only where needed), CRLF line ends. */
export function formatCsv(records: readonly (readonly string[])[], sep: ',' | ';' = ','): string {
  const q = (f: string) => (/["\r\n]/.test(f) || f.includes(sep) ? `"${f.replace(/"/g, '""')}"` : f);
  return records.map((r) => (r.length === 1 && r[0] === '' ? '""' : r.map(q).join(sep))).join('\r\n');
}

export type RosterKind = 'people' | 'resources';

/** Column → accepted header spellings (English and Ukrainian, case-insensitive). */
const COLUMNS: Record<RosterKind, Record<string, readonly string[]>> = {
  people: {
    agency: ['agency', 'орган'],
    unit: ['unit', 'підрозділ'],
    fullName: ['fullname', 'full name', 'name', 'піб', "ім'я", 'прізвище ім’я по батькові'],
    position: ['position', 'посада'],
    rank: ['rank', 'звання'],
    phone: ['phone', 'телефон'],
    email: ['email', 'e-mail', 'ел. пошта'],
    callsign: ['callsign', 'позивний'],
    skills: ['skills', 'навички'],
    clearance: ['clearance', 'допуск'],
  },
  resources: {
    agency: ['agency', 'орган'],
    unit: ['unit', 'підрозділ'],
    name: ['name', 'назва'],
    kind: ['kind', 'вид', 'тип'],
    capacity: ['capacity', 'місткість'],
    identifier: ['identifier', 'номер', 'ідентифікатор'],
    notes: ['notes', 'примітки'],
  },
};
const REQUIRED: Record<RosterKind, readonly string[]> = {
  people: ['agency', 'fullName'],
  resources: ['agency', 'name', 'kind'],
};

export interface RosterIssue {
  /** Column name (`fullName`, `agency`, …) or '' for the whole row. */
  field: string;
  /** An i18n key (`v.*` or `csv.*`). */
  message: string;
}

export interface RosterRow<D> {
  /** 1-based line of the row in the file. */
  line: number;
  values: Record<string, string>;
  draft: D | null;
  issues: RosterIssue[];
}

export interface RosterParse<D> {
  kind: RosterKind;
  columns: string[];
  rows: RosterRow<D>[];
  /** Problems with the file itself (unreadable CSV, missing columns, no rows). */
  fileIssues: { line: number; message: string; params?: Record<string, string> }[];
  valid: boolean;
}

export type PersonDraftOut = z.output<typeof PersonDraft>;
export type ResourceDraftOut = z.output<typeof ResourceDraft>;

export interface RosterDirectory {
  agencies: readonly Pick<Agency, 'id' | 'code'>[];
  units: readonly Pick<Unit, 'id' | 'agencyId' | 'name'>[];
}

const MAX_ROWS = 5000;

function list(v: string): string[] {
  return v.split(/[|,;]/).map((s) => s.trim()).filter(Boolean);
}

export function parseRoster(kind: 'people', text: string, dir: RosterDirectory): RosterParse<PersonDraftOut>;
export function parseRoster(kind: 'resources', text: string, dir: RosterDirectory): RosterParse<ResourceDraftOut>;
export function parseRoster(kind: RosterKind, text: string, dir: RosterDirectory): RosterParse<PersonDraftOut | ResourceDraftOut> {
  const out: RosterParse<PersonDraftOut | ResourceDraftOut> = { kind, columns: [], rows: [], fileIssues: [], valid: false };
  let parsed: ReturnType<typeof parseCsv>;
  try {
    parsed = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) {
      out.fileIssues.push({ line: e.line, message: e.key });
      return out;
    }
    throw e;
  }
  const [header, ...body] = parsed.records;
  if (!header) {
    out.fileIssues.push({ line: 1, message: 'csv.empty' });
    return out;
  }
  const spec = COLUMNS[kind];
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const norm = h.trim().toLowerCase();
    for (const [col, names] of Object.entries(spec)) if (names.includes(norm) && !index.has(col)) index.set(col, i);
  });
  out.columns = Object.keys(spec).filter((c) => index.has(c));
  for (const col of REQUIRED[kind]) {
    if (!index.has(col)) out.fileIssues.push({ line: 1, message: 'csv.missingColumn', params: { column: col } });
  }
  if (body.length === 0) out.fileIssues.push({ line: 1, message: 'csv.noRows' });
  if (body.length > MAX_ROWS) out.fileIssues.push({ line: 1, message: 'csv.tooManyRows', params: { max: String(MAX_ROWS) } });
  if (out.fileIssues.length > 0) return out;

  const agencyByCode = new Map(dir.agencies.map((a) => [a.code.toUpperCase(), a.id]));
  body.forEach((record, r) => {
    const values: Record<string, string> = {};
    for (const [col, i] of index) values[col] = (record[i] ?? '').trim();
    const issues: RosterIssue[] = [];
    if (record.length !== header.length) issues.push({ field: '', message: 'csv.fieldCount' });
    const agencyId = agencyByCode.get((values.agency ?? '').toUpperCase()) ?? null;
    if (!agencyId) issues.push({ field: 'agency', message: values.agency ? 'v.unknownAgency' : 'v.required' });
    let unitId: string | null = null;
    if (values.unit) {
      const unit = dir.units.find((u) => u.agencyId === agencyId && u.name.trim().toLowerCase() === values.unit!.toLowerCase());
      if (unit) unitId = unit.id;
      else issues.push({ field: 'unit', message: 'v.unknownUnit' });
    }
    let candidate: Record<string, unknown>;
    if (kind === 'people') {
      const skills = list(values.skills ?? '');
      skills.forEach((s) => {
        if (!(PERSON_SKILLS as readonly string[]).includes(s)) issues.push({ field: 'skills', message: 'csv.unknownSkill' });
      });
      // An older roster's «dsk» / «secret» read as what they meant (normalizeClearance).
      const clearance = String(normalizeClearance(values.clearance || 'none'));
      if (!(CLEARANCES as readonly string[]).includes(clearance)) issues.push({ field: 'clearance', message: 'csv.unknownClearance' });
      candidate = {
        agencyId: agencyId ?? 'X', unitId, fullName: values.fullName ?? '', position: values.position ?? '',
        rank: values.rank ?? '', phone: values.phone ?? '', email: values.email ?? '', callsign: values.callsign ?? '',
        skills, clearance,
      };
    } else {
      const kindValue = values.kind ?? '';
      if (!(RESOURCE_KINDS as readonly string[]).includes(kindValue)) issues.push({ field: 'kind', message: kindValue ? 'csv.unknownKind' : 'v.required' });
      const capacity = values.capacity ? Number(values.capacity) : 0;
      if (!Number.isInteger(capacity)) issues.push({ field: 'capacity', message: 'csv.notInteger' });
      candidate = {
        agencyId: agencyId ?? 'X', unitId, name: values.name ?? '', kind: kindValue, capacity: Number.isInteger(capacity) ? capacity : 0,
        identifier: values.identifier ?? '', notes: values.notes ?? '',
      };
    }
    const schema = kind === 'people' ? PersonDraft : ResourceDraft;
    const res = schema.safeParse(candidate);
    if (!res.success) {
      for (const iss of res.error.issues) {
        const field = String(iss.path[0] ?? '');
        // Already reported with a more specific message above.
        if (['agencyId', 'unitId', 'skills', 'clearance', 'kind', 'capacity'].includes(field) && issues.length > 0) continue;
        issues.push({ field, message: iss.message.startsWith('v.') ? iss.message : 'v.invalid' });
      }
    }
    out.rows.push({ line: parsed.lines[r + 1]!, values, draft: res.success && issues.length === 0 ? res.data : null, issues });
  });
  out.valid = out.rows.length > 0 && out.rows.every((r) => r.issues.length === 0);
  return out;
}
