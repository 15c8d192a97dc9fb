import { ApiCallError } from '../../api/client.js';
import type { Translator } from '../../app/i18n.store.js';

/**
 * Why the service refused a change, in the user's language: the error code's label plus each
 * field issue (their messages are i18n keys such as `v.endBeforeStart`).
 */
export function rejectionReason(error: unknown, tr: Pick<Translator, 'td'>): string {
  if (!(error instanceof ApiCallError)) return error instanceof Error ? error.message : String(error);
  const parts = [tr.td(`error.${error.code}`)];
  for (const issue of error.error.issues ?? []) parts.push(tr.td(issue.message));
  // A blocking-conflict rejection carries the scheduling engine's conflicts (shared/scheduling
  // model: `message` is an i18n key with its parameters).
  const conflicts = error.error.details?.['conflicts'];
  if (Array.isArray(conflicts)) {
    for (const c of conflicts as { message?: { key?: unknown; params?: Record<string, string | number> } }[]) {
      if (typeof c?.message?.key === 'string') parts.push(tr.td(c.message.key, c.message.params));
    }
  }
  return parts.join(' — ');
}
