/**
 * First-run setup: this installation's agency, unit and operator (shared/api/system.ts says why
 * the agency is fixed once the store has recorded anything or holds sync keys). The CLI's
 * `spilno init --agency` answers the same questions for scripted installations.
 */
import type { SiteSetup, SiteSetupInput } from '../../shared/api/system.js';
import { DomainError } from '../../shared/api/errors.js';
import { getAgency } from '../db/repos/agencies.repo.js';
import { maxChangeSeq } from '../db/repos/change-log.repo.js';
import { getMeta, setMeta } from '../db/repos/meta.repo.js';
import { getKey } from '../db/repos/sync.repo.js';
import { currentActor, recordAudit } from './audit.js';
import { rebindSiteIdentity, SETUP_DONE_META, type ServiceContext } from './context.js';
import { loadDemo } from './demo.js';

export function siteSetup(ctx: ServiceContext): SiteSetup {
  const recordedAnything = maxChangeSeq(ctx.db) > 0;
  return {
    // A store in use (it holds changes) was set up by whoever made them, before this question existed.
    needed: !getMeta(ctx.db, SETUP_DONE_META) && !recordedAnything,
    agencyId: ctx.agencyId,
    unitName: ctx.unitName,
    operatorName: getMeta(ctx.db, 'site_operator') ?? '',
    agencyFixed: recordedAnything || getKey(ctx.db, 'sign') !== null,
  };
}

export function completeSetup(ctx: ServiceContext, input: SiteSetupInput): SiteSetup & { demoOperationId: string | null } {
  const before = siteSetup(ctx);
  if (input.agencyId !== before.agencyId && before.agencyFixed) {
    throw new DomainError('conflict', `This installation already works as ${before.agencyId}: its records and sync keys were made as that agency`, { messageKey: 'setup.agencyFixed', params: { agency: before.agencyId } });
  }
  if (!getAgency(ctx.db, input.agencyId)) {
    throw new DomainError('not_found', `Unknown agency ${input.agencyId}`);
  }
  const previousOperator = currentActor(ctx.db);
  // One transaction with the demo: a demo that cannot load leaves the installation as it was
  // (and the identity in memory rebound to what the store still says).
  try {
    const demoOperationId = ctx.db.transaction(() => {
      setMeta(ctx.db, 'site_agency_id', input.agencyId);
      setMeta(ctx.db, 'site_unit_name', input.unitName);
      setMeta(ctx.db, 'site_operator', input.operatorName);
      if (!getMeta(ctx.db, SETUP_DONE_META)) setMeta(ctx.db, SETUP_DONE_META, ctx.now().toISOString());
      recordAudit(ctx, {
        action: 'system.completeSetup',
        detail: `${before.agencyId} → ${input.agencyId}; unit «${before.unitName}» → «${input.unitName}»; operator ${previousOperator} → ${input.operatorName}`,
      });
      rebindSiteIdentity(ctx);
      return input.loadDemo ? loadDemo(ctx, { withCompleted: true }).operationId : null;
    })();
    return { ...siteSetup(ctx), demoOperationId };
  } catch (e) {
    rebindSiteIdentity(ctx);
    throw e;
  }
}
