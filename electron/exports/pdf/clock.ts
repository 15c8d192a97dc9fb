/**
 * Times in a document, always in the operation's time zone: a pack read at another site must
 * say the same hours the planners meant. Kyiv's zone is said as planners say it («за київським
 * часом»), other zones by name and UTC offset. Formatters are built once per document.
 */
import { t, type Lang } from '../../../shared/i18n/index.js';

/** Kyiv under its current and its older IANA name. */
const KYIV_ZONES: ReadonlySet<string> = new Set(['Europe/Kyiv', 'Europe/Kiev']);

/** Formatting in the operation's time zone, cached per pack. */
export class Clock {
  private readonly full: Intl.DateTimeFormat;
  private readonly time: Intl.DateTimeFormat;
  private readonly offset: Intl.DateTimeFormat;
  constructor(private readonly lang: Lang, readonly zone: string) {
    const locale = lang === 'uk' ? 'uk-UA' : 'en-GB';
    this.full = new Intl.DateTimeFormat(locale, {
      timeZone: zone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    this.time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    this.offset = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' });
  }
  at(iso: string | Date): string {
    return this.full.format(new Date(iso));
  }
  /** "28.11.2026, 06:00 – 07:30", the day written once when the window stays within it. */
  range(start: string, end: string): string {
    const a = this.at(start);
    const b = this.at(end);
    return a.slice(0, 10) === b.slice(0, 10) ? `${a} – ${this.time.format(new Date(end))}` : `${a} – ${b}`;
  }
  /** Kyiv's zone is said as planners say it («за київським часом»), others by name and offset. */
  zoneLabel(at: string): string {
    if (KYIV_ZONES.has(this.zone)) return t(this.lang, 'brief.kyivTime', { offset: this.offsetOf(at) });
    return `${this.zone} (${this.offsetOf(at)})`;
  }
  /** The sentence stating the zone of every time in the pack. */
  allTimes(at: string): string {
    return KYIV_ZONES.has(this.zone)
      ? t(this.lang, 'brief.allTimesKyiv', { offset: this.offsetOf(at) })
      : t(this.lang, 'brief.allTimesIn', { zone: this.zoneLabel(at) });
  }
  private offsetOf(at: string): string {
    const name = this.offset.formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')?.value ?? '';
    return name.replace('GMT', 'UTC') || 'UTC';
  }
  get language(): Lang {
    return this.lang;
  }
}
