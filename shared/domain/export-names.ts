/**
 * What an exported file is called. A planner saves packs for several operations and agencies
 * into one folder, and a field team receives files from several HQs: the name alone must say
 * which operation, whose copy and which day — `YANTARNYI-SHLIAKH-NPU-2026-12-07-briefing-copy2-uk.pdf`.
 * The code name is transliterated by the 2010 Cabinet rules (fileNamePart), so every file
 * system, tar and zip reader and mail gateway takes it; the date is the export's day in the
 * operation's time zone (the day the planners live in, not the exporting machine's).
 */
import { fileNamePart } from '../i18n/transliteration.js';

export interface ExportNameParts {
  codeName: string;
  /** The recipient agency's code when the file is one agency's view; null for the whole plan. */
  agencyCode: string | null;
  at: Date;
  timeZone: string;
  /** What the file is: briefing, pack, calendar, contacts, map… */
  kind: string;
  /** Further distinguishing parts (copy number, language, a person), in order. */
  details?: readonly string[];
  /** Extension without the dot, possibly compound (`tar.age`). */
  ext: string;
}

/** YYYY-MM-DD of `at` in `zone`. */
export function dayIn(at: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function exportFileName(p: ExportNameParts): string {
  const parts = [
    fileNamePart(p.codeName, 40) || 'operation',
    p.agencyCode === null ? '' : fileNamePart(p.agencyCode, 16),
    dayIn(p.at, p.timeZone),
    p.kind,
    ...(p.details ?? []).map((d) => fileNamePart(d, 40)),
  ].filter(Boolean);
  return `${parts.join('-')}.${p.ext}`;
}
