/**
 * The one time policy for what planners read. Policy: every time that belongs to an operation is
 * shown on that operation's clock, with the clock named («за київським часом», "Kyiv time");
 * times without an operation (the exchange log's entries without one, the audit trail) use Kyiv
 * time, where Spilno's planners sit, and say so. Never the browser's zone: two planners in two
 * countries must read the same hour for the same task. Clocks are 24-hour in both languages,
 * durations are hours and minutes («23 год», not «1380 хв»), and a window that runs past
 * midnight shows both dates. Pure Intl, no DOM: the renderer, the CLI and exports share it.
 */
import type { Lang } from './catalog.js';

/** Where Spilno's operations run unless they say otherwise (the contract's default). */
export const HOME_ZONE = 'Europe/Kyiv';
const KYIV_ZONES = new Set(['Europe/Kyiv', 'Europe/Kiev']);

const LOCALES: Record<Lang, string> = { uk: 'uk', en: 'en-GB' };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, zone: string, options: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const id = `${lang}|${zone}|${key}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], { ...options, timeZone: zone, hourCycle: 'h23' });
    formatters.set(id, f);
  }
  return f;
}

const DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const SHORT_DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

function parse(iso: string | Date): Date | null {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The UTC offset of `zone` at an instant, as "UTC+2" (or "UTC+5:30"). */
export function zoneOffsetLabel(zone: string, at: string | Date = new Date()): string {
  const d = parse(at) ?? new Date();
  const name = formatter('en', zone, { timeZoneName: 'shortOffset' }, 'offset').formatToParts(d)
    .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' ? 'UTC' : name.replace('GMT', 'UTC');
}

/**
 * How a clock is named beside a time: Kyiv as planners say it, UTC as UTC, any other zone by its
 * city and offset ("за часом Warsaw (UTC+1)").
 */
export function zoneLabel(zone: string, lang: Lang, at: string | Date = new Date()): string {
  if (KYIV_ZONES.has(zone)) return lang === 'uk' ? 'за київським часом' : 'Kyiv time';
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const city = (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
  return lang === 'uk' ? `за часом ${city} (${zoneOffsetLabel(zone, at)})` : `${city} time (${zoneOffsetLabel(zone, at)})`;
}

/** Dates and times on one zone's clock, in one language. */
export interface ZonedFormat {
  readonly zone: string;
  readonly lang: Lang;
  /** "12 трав. 2027 р., 06:00" / "12 May 2027, 06:00". */
  at(iso: string | Date): string;
  /** "12 трав. 2027 р." */
  date(iso: string | Date): string;
  /** "12 трав." — for dense rows where the year is the operation's. */
  day(iso: string | Date): string;
  /** "06:00" */
  time(iso: string | Date): string;
  /** "12 трав., 06:00" */
  dayTime(iso: string | Date): string;
  /**
   * A window: "12 трав., 06:00–08:30" within one day on this clock; both dates otherwise
   * ("12 трав., 22:00 – 13 трав., 04:00"), so a multi-day task never reads as a short one.
   */
  range(start: string | Date, end: string | Date, options?: { year?: boolean }): string;
  /** The clock's name at an instant (offsets change with summer time). */
  label(at?: string | Date): string;
  /** `at` followed by the clock's name: "12 трав. 2027 р., 06:00 (за київським часом)". */
  atLabelled(iso: string | Date): string;
}

export function zonedFormat(lang: Lang, zone: string = HOME_ZONE): ZonedFormat {
  const date = formatter(lang, zone, DATE, 'date');
  const day = formatter(lang, zone, SHORT_DATE, 'day');
  const time = formatter(lang, zone, TIME, 'time');
  const dayKey = formatter('en', zone, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'key');
  const safe = (fn: (d: Date) => string) => (iso: string | Date) => {
    const d = parse(iso);
    return d ? fn(d) : '';
  };
  const self: ZonedFormat = {
    zone,
    lang,
    at: safe((d) => `${date.format(d)}, ${time.format(d)}`),
    date: safe((d) => date.format(d)),
    day: safe((d) => day.format(d)),
    time: safe((d) => time.format(d)),
    dayTime: safe((d) => `${day.format(d)}, ${time.format(d)}`),
    range: (start, end, options = {}) => {
      const a = parse(start);
      const b = parse(end);
      if (!a || !b) return '';
      // The year once, on the first date, where a list spans years.
      const first = options.year ? date.format(a) : day.format(a);
      if (dayKey.format(a) === dayKey.format(b)) return `${first}, ${time.format(a)}–${time.format(b)}`;
      return `${first}, ${time.format(a)} – ${day.format(b)}, ${time.format(b)}`;
    },
    label: (at = new Date()) => zoneLabel(zone, lang, at),
    atLabelled: (iso) => {
      const s = self.at(iso);
      return s ? `${s} (${zoneLabel(zone, lang, iso)})` : '';
    },
  };
  return self;
}

/** True when the window starts and ends on different days of `zone`'s clock. */
export function spansDays(start: string, end: string, zone: string): boolean {
  const key = formatter('en', zone, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'key');
  const a = parse(start);
  const b = parse(end);
  return !!a && !!b && key.format(a) !== key.format(b);
}

const UNITS: Record<Lang, { d: string; h: string; m: string }> = {
  uk: { d: 'дн', h: 'год', m: 'хв' },
  en: { d: 'd', h: 'h', m: 'min' },
};

/**
 * A duration as planners say it: "45 хв", "23 год", "1 год 20 хв"; from two days on, days and
 * hours ("3 дн 4 год"), since minutes no longer matter at that scale. Negative (a plan that
 * overruns its window) keeps its sign.
 */
export function formatDuration(minutes: number, lang: Lang): string {
  if (!Number.isFinite(minutes)) return '';
  const u = UNITS[lang];
  const sign = minutes < 0 ? '−' : '';
  const total = Math.round(Math.abs(minutes));
  if (total < 60) return `${sign}${total} ${u.m}`;
  if (total >= 48 * 60) {
    const d = Math.floor(total / 1440);
    const h = Math.round((total - d * 1440) / 60);
    return `${sign}${d} ${u.d}${h ? ` ${h} ${u.h}` : ''}`;
  }
  const h = Math.floor(total / 60);
  const m = total % 60;
  return `${sign}${h} ${u.h}${m ? ` ${m} ${u.m}` : ''}`;
}

/**
 * A wall-clock reading ("2027-03-01T06:00", already on the operation's clock) as an axis label:
 * 'hour' "06:00", 'dayNumber' "1", 'weekday' "пн, 1 бер.", 'month' "1 бер.".
 */
export function wallLabel(wall: string, lang: Lang, style: 'hour' | 'dayNumber' | 'weekday' | 'month'): string {
  if (style === 'hour') return wall.slice(11, 16);
  const d = new Date(`${wall.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return '';
  if (style === 'dayNumber') return String(d.getUTCDate());
  const options: Intl.DateTimeFormatOptions = style === 'weekday'
    ? { weekday: 'short', day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short' };
  return formatter(lang, 'UTC', options, style).format(d);
}
