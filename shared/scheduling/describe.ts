/** Conflicts in words: the same text in the workspace and the CLI. */
import { hasMessage, tDynamic, type Lang } from '../i18n/index.js';
import type { Conflict, Params } from './model.js';

const ISO_INSTANT = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d(\.\d+)?)?Z$/;

/**
 * Parameters may carry i18n keys (a power, a list of skills), translated here, and instants,
 * written as `2026-11-29 04:00 UTC`: the same text in the CLI and the workspace, whatever the
 * reader's time zone.
 */
function localizeParams(lang: Lang, params: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'string') out[k] = v;
    else if (/^(power|skill)\./.test(v)) out[k] = v.split(', ').map((part) => (hasMessage(part) ? tDynamic(lang, part) : part)).join(', ');
    else out[k] = v.replace(ISO_INSTANT, '$1 $2 UTC');
  }
  return out;
}

export interface DescribedConflict {
  severity: string;
  rule: string;
  message: string;
  fix: string;
}

export function describeConflict(lang: Lang, c: Conflict): DescribedConflict {
  return {
    severity: tDynamic(lang, `sch.severity.${c.severity}`),
    rule: tDynamic(lang, `sch.rule.${c.rule}`),
    message: tDynamic(lang, c.message.key, localizeParams(lang, c.message.params)),
    fix: tDynamic(lang, c.fix.key, localizeParams(lang, c.fix.params)),
  };
}
