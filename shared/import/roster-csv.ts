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
import { LIMITS } from '../domain/bounds.js';
import { CLEARANCES, PERSON_SKILLS, RESOURCE_KINDS, normalizeClearance } from '../domain/enums.js';
import { LANGS, tDynamic } from '../i18n/index.js';

export class CsvError extends Error {
  constructor(readonly line: number, readonly key: string, readonly params: Record<string, string> = {}) {
    super(`${key} at line ${line}`);
  }
}

/** Looks at the first line only (outside quotes), and at most its first 64K characters. */
function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semis = 0;
  let quoted = false;
  const n = Math.min(text.length, 65_536);
  for (let i = 0; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (!quoted && (ch === 10 || ch === 13)) break;
    else if (!quoted && ch === 44) commas++;
    else if (!quoted && ch === 59) semis++;
  }
  return semis > commas ? ';' : ',';
}

/**
 * What a CSV read may hold, enforced while it is read (issue 15: a single 20 MB field used to
 * cost 4 s and 800 MB, the field built one character at a time): the parse stops at the first
 * field, row or record count over its bound, with the line, instead of building it.
 */
export interface CsvLimits {
  fieldChars: number;
  /** Records, the header included. */
  records: number;
  fieldsPerRecord: number;
}

export const CSV_LIMITS: CsvLimits = { fieldChars: LIMITS.csvFieldChars, records: LIMITS.rosterRows + 1, fieldsPerRecord: 100 };

/** Records of fields; `lines[i]` is the 1-based line where record i starts. Throws CsvError. */
export function parseCsv(input: string, delimiter?: ',' | ';', limits: CsvLimits = CSV_LIMITS): { records: string[][]; lines: number[] } {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const sep = delimiter ?? detectDelimiter(text);
  const records: string[][] = [];
  const lines: number[] = [];
  let record: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const tooLong = () => new CsvError(line, 'csv.fieldTooLong', { max: String(limits.fieldChars) });
  const pushField = (field: string) => {
    if (record.length >= limits.fieldsPerRecord) throw new CsvError(recordLine, 'csv.tooManyFields', { max: String(limits.fieldsPerRecord) });
    record.push(field);
  };
  const endRecord = (lastWasQuoted: boolean) => {
    // A blank line is not a record (spreadsheets often leave one at the end).
    if (!(record.length === 1 && record[0] === '' && !lastWasQuoted)) {
      if (records.length >= limits.records) throw new CsvError(recordLine, 'csv.tooManyRows', { max: String(limits.records - 1) });
      records.push(record);
      lines.push(recordLine);
    }
    record = [];
  };
  for (;;) {
    // One field per turn: quoted (pieces between doubled quotes) or plain (one slice).
    let field: string;
    let quoted = false;
    if (text.charCodeAt(i) === 34) {
      quoted = true;
      const quoteStart = line;
      const pieces: string[] = [];
      let size = 0;
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new CsvError(quoteStart, 'csv.unterminatedQuote');
        const piece = text.slice(i, q);
        size += piece.length;
        if (size > limits.fieldChars) throw tooLong();
        for (let k = piece.indexOf('\n'); k >= 0; k = piece.indexOf('\n', k + 1)) line++;
        pieces.push(piece);
        if (text.charCodeAt(q + 1) === 34) {
          pieces.push('"');
          size++;
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      const next = text[i];
      if (next !== undefined && next !== sep && next !== '\n' && next !== '\r') throw new CsvError(line, 'csv.textAfterQuote');
      field = pieces.join('');
    } else {
      const from = i;
      while (i < text.length) {
        const ch = text[i]!;
        if (ch === sep || ch === '\n' || ch === '\r') break;
        if (ch === '"') throw new CsvError(line, 'csv.strayQuote');
        i++;
        if (i - from > limits.fieldChars) throw tooLong();
      }
      field = text.slice(from, i);
    }
    pushField(field);
    if (i >= text.length) {
      if (!(record.length === 1 && record[0] === '' && !quoted)) endRecord(quoted);
      break;
    }
    const ch = text[i]!;
    if (ch === sep) {
      i++;
      continue;
    }
    // End of a record: CR LF, LF or CR.
    endRecord(quoted);
    i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line++;
    recordLine = line;
    if (i >= text.length) break;
  }
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
  /** The message's parameters (the value that was not understood). */
  params?: Record<string, string>;
}

/**
 * Columns whose values come from a fixed list: the codes, and the catalog prefix of their
 * labels. A cell may hold the code or the label the app shows for it in either language
 * («Кінолог», "K9 handler", k9_handler), so a roster exported from a spreadsheet someone typed
 * by reading the app's screens reads back; the dialog lists these as the allowed values.
 */
export const ROSTER_CHOICES = {
  skills: { codes: PERSON_SKILLS, labelPrefix: 'skill' },
  clearance: { codes: CLEARANCES, labelPrefix: 'clearance' },
  kind: { codes: RESOURCE_KINDS, labelPrefix: 'resourceKind' },
} as const;

/** Case, spacing and apostrophe variants read alike. */
function normalizeLabel(text: string): string {
  return text.trim().toLowerCase().replace(/[’ʼ`]/g, "'").replace(/\s+/g, ' ');
}

const choiceReaders = new Map<string, Map<string, string>>();

/** Label or code → code, for one of ROSTER_CHOICES (built once from the catalog). */
function readChoice(column: keyof typeof ROSTER_CHOICES, text: string): string | null {
  let byLabel = choiceReaders.get(column);
  if (!byLabel) {
    byLabel = new Map();
    const { codes, labelPrefix } = ROSTER_CHOICES[column];
    for (const code of codes) {
      byLabel.set(normalizeLabel(code), code);
      for (const lang of LANGS) byLabel.set(normalizeLabel(tDynamic(lang, `${labelPrefix}.${code}`)), code);
    }
    if (column === 'clearance') {
      // The forms by number, and the words for none, as people write them.
      for (const n of ['1', '2', '3']) for (const w of [n, `форма ${n}`, `form ${n}`, `ф${n}`, `ф-${n}`]) byLabel.set(w, `form${n}`);
      for (const w of ['', 'немає', 'ні', 'no', 'none', '-', '—']) byLabel.set(w, 'none');
      // «ДСК» (for official use) marks information, not people: an older roster's way of saying none.
      byLabel.set('дск', 'none');
    }
    choiceReaders.set(column, byLabel);
  }
  const norm = normalizeLabel(text);
  // An older roster's «ДСК» / "secret" read as what they meant (normalizeClearance).
  return byLabel.get(norm) ?? (column === 'clearance' ? byLabel.get(String(normalizeClearance(norm.replace(/ /g, '_')))) ?? null : null);
}

/** An agency named by its id, code, short name or full name, in either language. */
function agencyReader(agencies: RosterDirectory['agencies']): (text: string) => string | null {
  const byName = new Map<string, string>();
  for (const a of agencies) {
    for (const name of [a.id, a.code, a.shortUk, a.shortEn, a.nameUk, a.nameEn]) {
      if (name) byName.set(normalizeLabel(name), a.id);
    }
  }
  return (text) => byName.get(normalizeLabel(text)) ?? null;
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
  agencies: readonly (Pick<Agency, 'id' | 'code'> & Partial<Pick<Agency, 'shortUk' | 'shortEn' | 'nameUk' | 'nameEn'>>)[];
  units: readonly Pick<Unit, 'id' | 'agencyId' | 'name'>[];
}

const MAX_ROWS = LIMITS.rosterRows;

function list(v: string): string[] {
  return v.split(/[|,;]/).map((s) => s.trim()).filter(Boolean);
}

/** The rows a partial import takes: those without a problem. */
export function validRosterDrafts<D>(parse: RosterParse<D>): D[] {
  return parse.fileIssues.length > 0 ? [] : parse.rows.flatMap((r) => (r.draft && r.issues.length === 0 ? [r.draft] : []));
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
      out.fileIssues.push({ line: e.line, message: e.key, ...(Object.keys(e.params).length > 0 ? { params: e.params } : {}) });
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

  const agencyOf = agencyReader(dir.agencies);
  body.forEach((record, r) => {
    const values: Record<string, string> = {};
    for (const [col, i] of index) values[col] = (record[i] ?? '').trim();
    const issues: RosterIssue[] = [];
    if (record.length !== header.length) issues.push({ field: '', message: 'csv.fieldCount' });
    const agencyId = values.agency ? agencyOf(values.agency) : null;
    if (!agencyId) issues.push({ field: 'agency', message: values.agency ? 'v.unknownAgency' : 'v.required', ...(values.agency ? { params: { value: values.agency } } : {}) });
    let unitId: string | null = null;
    if (values.unit) {
      const unit = dir.units.find((u) => u.agencyId === agencyId && u.name.trim().toLowerCase() === values.unit!.toLowerCase());
      if (unit) unitId = unit.id;
      else issues.push({ field: 'unit', message: 'v.unknownUnit' });
    }
    let candidate: Record<string, unknown>;
    if (kind === 'people') {
      const skills: string[] = [];
      for (const s of list(values.skills ?? '')) {
        const skill = readChoice('skills', s);
        if (skill) skills.push(skill);
        else issues.push({ field: 'skills', message: 'csv.unknownSkill', params: { value: s } });
      }
      const clearance = readChoice('clearance', values.clearance ?? '');
      if (!clearance) issues.push({ field: 'clearance', message: 'csv.unknownClearance', params: { value: values.clearance ?? '' } });
      candidate = {
        agencyId: agencyId ?? 'X', unitId, fullName: values.fullName ?? '', position: values.position ?? '',
        rank: values.rank ?? '', phone: values.phone ?? '', email: values.email ?? '', callsign: values.callsign ?? '',
        skills, clearance: clearance ?? 'none',
      };
    } else {
      const kindValue = values.kind ? readChoice('kind', values.kind) ?? '' : '';
      if (!kindValue) issues.push({ field: 'kind', message: values.kind ? 'csv.unknownKind' : 'v.required', ...(values.kind ? { params: { value: values.kind } } : {}) });
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
