/** Conflicts in words: the same text in the workspace and the CLI. */
import { hasMessage, tDynamic, type Lang } from '../i18n/index.js';
import type { Conflict, Params } from './model.js';

const ISO_INSTANT = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d(\.\d+)?)?Z$/;

/** An agency's name in the reader's language, by id (the caller knows the directory). */
export type AgencyNamer = (agencyId: string) => string;

/**
 * Parameters may carry i18n keys (a power, a list of skills), translated here, agencies as
 * `agency:<id>` (named by `agencyName`, else by their id: a conflict record is language-free,
 * and a Latin code is no word of Ukrainian text), and instants, written as `2026-11-29 04:00
 * UTC`: the same text in the CLI and the workspace, whatever the reader's time zone.
 */
function localizeParams(lang: Lang, params: Params, agencyName: AgencyNamer): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'string') out[k] = v;
    else if (/^(power|skill)\./.test(v)) out[k] = v.split(', ').map((part) => (hasMessage(part) ? tDynamic(lang, part) : part)).join(', ');
    else if (v.startsWith(AGENCY_TOKEN)) out[k] = v.split(', ').map((part) => (part.startsWith(AGENCY_TOKEN) ? agencyName(part.slice(AGENCY_TOKEN.length)) : part)).join(', ');
    else out[k] = v.replace(ISO_INSTANT, '$1 $2 UTC');
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

export function describeConflict(lang: Lang, c: Conflict, agencyName: AgencyNamer = (id) => id): DescribedConflict {
  return {
    severity: tDynamic(lang, `sch.severity.${c.severity}`),
    rule: tDynamic(lang, `sch.rule.${c.rule}`),
    message: tDynamic(lang, c.message.key, localizeParams(lang, c.message.params, agencyName)),
    fix: tDynamic(lang, c.fix.key, localizeParams(lang, c.fix.params, agencyName)),
  };
}
