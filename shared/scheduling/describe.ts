/** Conflicts in words: the same text in the workspace and the CLI. */
import { hasMessage, tDynamic, type Lang } from '../i18n/index.js';
import type { Conflict, Params } from './model.js';

/** Parameters may carry i18n keys (a power, a list of skills); those are translated too. */
function localizeParams(lang: Lang, params: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = typeof v === 'string' && /^(power|skill)\./.test(v)
      ? v.split(', ').map((part) => (hasMessage(part) ? tDynamic(lang, part) : part)).join(', ')
      : v;
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
