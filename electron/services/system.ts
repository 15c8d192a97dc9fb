/** System service: identity of this installation and the change record for inspection. */
import type { SystemInfo } from '../../shared/api/system.js';
import { listChangesAfter } from '../db/repos/change-log.repo.js';
import { schemaVersion } from '../db/migrate.js';
import type { ServiceContext } from './context.js';

export const APP_VERSION = '0.1.0';

export const CLASSIFICATION_NOTICE =
  'Spilno is not certified for state secrets. Use it only for information marked «Для службового користування» or lower.';

export function systemInfo(ctx: ServiceContext): SystemInfo {
  return {
    appVersion: APP_VERSION,
    schemaVersion: schemaVersion(ctx.db),
    siteId: ctx.siteId,
    agencyId: ctx.agencyId,
    mode: ctx.mode,
    dataDir: ctx.dataDir,
    readOnly: !ctx.durability.writable,
    classificationNotice: CLASSIFICATION_NOTICE,
  };
}

export function listChanges(ctx: ServiceContext, afterSeq: number, limit: number) {
  return listChangesAfter(ctx.db, afterSeq, limit);
}
