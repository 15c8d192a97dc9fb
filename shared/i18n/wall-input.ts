/**
 * Typed dates and times in the app's language, not the browser's: a native datetime-local
 * input follows the browser's locale (an English browser shows "12/08/2026, 08:00 AM" to a
 * Ukrainian planner, and the month and day swap places between locales). Spilno's inputs are
 * plain text in one pattern per language — «10.12.2026 08:00» in Ukrainian, "10/12/2026 08:00"
 * in English (en-GB, as every other date Spilno shows) — always 24-hour; ISO "2026-12-10 08:00"
 * (or with a T) is read in both, for pasting. Values in and out are wall times as the zoned-time
 * helpers use them: "yyyy-MM-ddTHH:mm" (no zone: the operation's clock decides).
 */
import type { Lang } from './catalog.js';

export const WALL_PATTERN: Record<Lang, { date: string; dateTime: string }> = {
  uk: { date: 'дд.мм.рррр', dateTime: 'дд.мм.рррр гг:хв' },
  en: { date: 'dd/mm/yyyy', dateTime: 'dd/mm/yyyy hh:mm' },
};

const SEPARATOR: Record<Lang, string> = { uk: '.', en: '/' };
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checkedDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** "10.12.2026" (uk), "10/12/2026" (en) or "2026-12-10" → "2026-12-10"; null when it is not a date. */
export function parseWallDate(text: string, lang: Lang): string | null {
  const s = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (iso) return checkedDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const sep = SEPARATOR[lang] === '.' ? '\\.' : '/';
  const local = new RegExp(`^(\\d{1,2})${sep}(\\d{1,2})${sep}(\\d{4})$`).exec(s);
  if (local) return checkedDate(Number(local[3]), Number(local[2]), Number(local[1]));
  return null;
}

/** The date part and "08:00" (or "8:00", "0800") → "yyyy-MM-ddTHH:mm"; null when either is not valid. */
export function parseWallDateTime(text: string, lang: Lang): string | null {
  const m = /^(.+?)(?:\s+|T)(\d{1,2}):?(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const date = parseWallDate(m[1]!, lang);
  const h = Number(m[2]);
  const min = Number(m[3]);
  if (!date || h > 23 || min > 59) return null;
  return `${date}T${pad(h)}:${pad(min)}`;
}

/** "2026-12-10" → «10.12.2026» / "10/12/2026"; anything else is returned as it is. */
export function formatWallDate(wallDate: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(wallDate);
  if (!m) return wallDate;
  const sep = SEPARATOR[lang];
  return `${m[3]}${sep}${m[2]}${sep}${m[1]}`;
}

/** "2026-12-10T08:00" → «10.12.2026 08:00»; anything else is returned as it is. */
export function formatWallDateTime(wall: string, lang: Lang): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(wall);
  return m ? `${formatWallDate(m[1]!, lang)} ${m[2]}` : wall;
}
