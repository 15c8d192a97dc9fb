import { agencyNamer } from '../../../../shared/domain/directory.js';
import { describeConflict } from '../../../../shared/scheduling/describe.js';
import type { Conflict } from '../../../../shared/scheduling/model.js';
import { ApiCallError } from '../../api/client.js';
import type { Translator } from '../../app/i18n.store.js';
import { cachedAgencies } from '../directory/agencies.js';
import { HOME_ZONE } from '../../../../shared/i18n/time-format.js';

function isConflict(c: unknown): c is Conflict {
  const x = c as Partial<Conflict> | null;
  return typeof x === 'object' && x !== null && typeof x.rule === 'string'
    && typeof x.message?.key === 'string' && typeof x.fix?.key === 'string';
}

/**
 * Why the service refused a change, in the user's language: the error code's label, each field
 * issue (their messages are i18n keys such as `v.endBeforeStart`), and for a blocking-conflict
 * refusal each conflict with its fix, worded as the conflicts panel words them, its times on
 * the clock of the task's operation (`zone`).
 */
export function rejectionReason(error: unknown, tr: Pick<Translator, 'td' | 'lang'>, zone: string = HOME_ZONE): string {
  if (!(error instanceof ApiCallError)) return error instanceof Error ? error.message : String(error);
  const parts = [tr.td(`error.${error.code}`)];
  for (const issue of error.error.issues ?? []) parts.push(tr.td(issue.message));
  const conflicts = error.error.details?.['conflicts'];
  if (Array.isArray(conflicts)) {
    const namer = agencyNamer(cachedAgencies(), tr.lang);
    for (const c of conflicts.filter(isConflict)) {
      const d = describeConflict(tr.lang, c, namer, zone);
      parts.push(`${d.message} ${d.fix}`);
    }
  }
  return parts.join(' — ');
}
