/**
 * This unit's own planning edits pass the rights rule every peer applies to them on import
 * (shared/sync/rights.ts through the same RightsChecker), once the unit has a sync identity:
 * an edit refused here is one every peer would quarantine, leaving the units diverged. Before
 * there is an identity (a fresh install, the demo) nothing syncs and nothing is refused.
 *
 * Only planning rows are judged locally: operations and what is scoped to them, and exchange
 * entries. Directory rows (units, people, resources of other agencies) stay free to record
 * here: planners keep other agencies' contacts to assign them.
 */
import { DomainError } from '../../shared/api/errors.js';
import type { ChangeRecord, SyncedEntity } from '../../shared/sync/change.js';
import type { RightsRefusal } from '../../shared/sync/rights.js';
import type { Db } from '../db/connection.js';
import { getKey } from '../db/repos/sync.repo.js';
import { RightsChecker } from './validate.js';

const DIRECTORY: ReadonlySet<SyncedEntity> = new Set(['agency', 'unit', 'person', 'resource']);

/** The i18n key of each refusal a local planning edit can meet. */
const MESSAGE_KEY: Partial<Record<RightsRefusal['rule'], string>> = {
  not_participant: 'rights.notParticipant',
  approve_not_lead: 'rights.approveNotLead',
  exchange_party: 'rights.exchangeParty',
};

export function rightsError(refusal: RightsRefusal, reason: string): DomainError {
  return new DomainError('forbidden', reason, {
    rule: refusal.rule,
    messageKey: MESSAGE_KEY[refusal.rule] ?? 'error.forbidden',
    params: { agency: 'agencyId' in refusal ? refusal.agencyId : '' },
  });
}

/** Throws a typed `forbidden` error when the event would be refused by peers. */
export function checkLocalEvent(db: Db, agencyId: string, event: readonly ChangeRecord[]): void {
  if (event.length === 0 || DIRECTORY.has(event[0]!.entity)) return;
  if (!getKey(db, 'sign')) return;
  const checker = new RightsChecker(db, { agencyOfSite: () => agencyId, senderAgencyId: agencyId });
  for (const c of event) {
    const r = checker.check(c, event);
    if (!r.ok) throw r.refusal ? rightsError(r.refusal, r.reason) : new DomainError('invalid_input', r.reason);
  }
}
