/** Conflicts in words: the same text in the workspace and the CLI. */
import { hasMessage, tDynamic, type Lang } from '../i18n/index.js';
import { formatDuration, zonedFormat } from '../i18n/time-format.js';
import type { Conflict, Params } from './model.js';

const ISO_INSTANT = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d(\.\d+)?)?Z$/;

/** An agency's name in the reader's language, by id (the caller knows the directory). */
export type AgencyNamer = (agencyId: string) => string;

/**
 * Parameters may carry i18n keys (a power, a list of skills), translated here, agencies as
 * `agency:<id>` (named by `agencyName`, else by their id: a conflict record is language-free,
 * and a Latin code is no word of Ukrainian text), and instants. Given the operation's zone,
 * instants are read on its clock, which the text then names once (the time policy,
 * shared/i18n/time-format.ts); without one (the CLI's machine-readable lists) they are written
 * as `2026-11-29 04:00 UTC`, the same whatever the reader's zone.
 */
function localizeParams(lang: Lang, params: Params, agencyName: AgencyNamer, zone: string | undefined, seen: { instant: string | null }): Params {
  const zf = zone ? zonedFormat(lang, zone) : null;
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) {
    // Durations in hours and minutes («23 год», not «1380 хв»).
    if (k === 'minutes' && typeof v === 'number') out[k] = formatDuration(v, lang);
    else if (typeof v !== 'string') out[k] = v;
    else if (/^(power|skill|decisionKind)\./.test(v)) out[k] = v.split(', ').map((part) => (hasMessage(part) ? tDynamic(lang, part) : part)).join(', ');
    else if (v.startsWith(AGENCY_TOKEN)) out[k] = v.split(', ').map((part) => (part.startsWith(AGENCY_TOKEN) ? agencyName(part.slice(AGENCY_TOKEN.length)) : part)).join(', ');
    else if (ISO_INSTANT.test(v)) {
      seen.instant ??= v;
      out[k] = zf ? zf.at(v) : v.replace(ISO_INSTANT, '$1 $2 UTC');
    } else out[k] = v;
  }
  return out;
}

const AGENCY_TOKEN = 'agency:';

/** A conflict parameter naming an agency (see localizeParams). */
export function agencyParam(agencyId: string | null): string {
  return agencyId ? `${AGENCY_TOKEN}${agencyId}` : '—';
}

export interface DescribedConflict {
  severity: string;
  rule: string;
  message: string;
  fix: string;
}

/** `zone`: the clock of the conflict's operation, on which its times are written. */
export function describeConflict(lang: Lang, c: Conflict, agencyName: AgencyNamer = (id) => id, zone?: string): DescribedConflict {
  const say = (m: { key: string; params: Params }) => {
    const seen = { instant: null as string | null };
    const text = tDynamic(lang, m.key, localizeParams(lang, m.params, agencyName, zone, seen));
    return zone && seen.instant ? `${text} (${zonedFormat(lang, zone).label(seen.instant)})` : text;
  };
  return {
    severity: tDynamic(lang, `sch.severity.${c.severity}`),
    rule: tDynamic(lang, `sch.rule.${c.rule}`),
    message: say(c.message),
    fix: say(c.fix),
  };
}
