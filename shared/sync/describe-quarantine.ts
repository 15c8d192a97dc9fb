/**
 * A quarantine problem in the planner's language, for the Sync page and `spilno inbox` alike:
 * what it is (kind of record and its name, in which operation), which fields, why, from which
 * unit, and whether it waits (it applies by itself once what it refers to arrives) or is refused.
 */
import type { QuarantineItem } from '../api/sync.js';
import { tDynamic, type Lang } from '../i18n/index.js';
import { fieldLabelKey } from './field-labels.js';

export interface QuarantineText {
  what: string;
  fields: string;
  reason: string;
  from: string;
  state: string;
}

export function describeQuarantine(lang: Lang, q: QuarantineItem, agencyName: (id: string) => string): QuarantineText {
  const entityKey = `syncMark.entity.${q.entity}`;
  const kind = q.entity ? tDynamic(lang, entityKey) : tDynamic(lang, 'quarantine.unreadable');
  const name = q.name ? ` «${q.name}»` : '';
  const where = q.operationCode && q.entity !== 'operation' ? ` — ${tDynamic(lang, 'syncMark.inOperation', { code: q.operationCode })}` : '';
  const fields = q.fields.map((f) => {
    const key = fieldLabelKey(q.entity, f);
    return key ? tDynamic(lang, key) : f;
  }).join(', ');
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(q.reasonParams)) {
    params[k] = k === 'entity' ? tDynamic(lang, `syncMark.entity.${v}`) : k === 'agency' || k === 'owner' || k === 'to' ? agencyName(v) : v;
  }
  const from = q.sender.unitName
    ? `${q.sender.unitName}${q.sender.agencyId ? ` (${agencyName(q.sender.agencyId)})` : ''}`
    : tDynamic(lang, 'syncMark.unknownUnit', { site: q.sender.siteId });
  return {
    what: `${kind}${name}${where}`,
    fields,
    reason: q.reasonKey ? tDynamic(lang, q.reasonKey, params) : q.reason,
    from,
    state: tDynamic(lang, q.waiting ? 'quarantine.held' : 'quarantine.refused', { count: q.changes, seen: q.seen }),
  };
}
