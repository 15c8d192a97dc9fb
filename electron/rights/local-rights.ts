/**
 * This unit's own edits pass the rights rule every peer applies to them on import — the same
 * function, `judgeChange` of shared/sync/rights.ts, through the same RightsChecker — once the
 * unit has a sync identity: an edit refused here is one every peer would quarantine, leaving the
 * units diverged. Before there is an identity (a fresh install, the demo) nothing syncs and
 * nothing is refused. Every synced row is judged: operations and what is scoped to them,
 * exchange entries and directory records alike (a record of another agency's officer is this
 * unit's to keep, but one recorded by another agency is not this unit's to change).
 */
import { DomainError } from '../../shared/api/errors.js';
import type { ChangeRecord } from '../../shared/sync/change.js';
import { refusalMessage, type RightsRefusal } from '../../shared/sync/rights.js';
import type { Db } from '../db/connection.js';
import { getKey } from '../db/repos/sync.repo.js';
import { RightsChecker } from './validate.js';

export function rightsError(refusal: RightsRefusal, reason: string): DomainError {
  const { key, params } = refusalMessage(refusal);
  return new DomainError('forbidden', reason, { rule: refusal.rule, messageKey: key, params: { agency: '', ...params } });
}

/** Throws a typed `forbidden` error when the event would be refused by peers. */
export function checkLocalEvent(db: Db, agencyId: string, event: readonly ChangeRecord[]): void {
  if (event.length === 0 || !getKey(db, 'sign')) return;
  // Every change of a local event is this site's own: its author is this unit's agency.
  const checker = new RightsChecker(db, { agencyOfSite: () => agencyId, senderAgencyId: agencyId });
  for (const c of event) {
    const r = checker.check(c, event);
    if (!r.ok) throw r.refusal ? rightsError(r.refusal, r.reason) : new DomainError('invalid_input', r.reason);
  }
}
