/**
 * What every service function receives: the database handle, this installation's identity and
 * clock, and the change writer. Services import no Electron, so the CLI, browser mode and tests
 * build the same context over a plain SQLite file.
 */
import { randomBytes } from 'node:crypto';
import { SEED_AGENCIES } from '../../shared/domain/agencies-seed.js';
import { DomainError } from '../../shared/api/errors.js';
import { openDataDir, type Db, type OpenOptions } from '../db/connection.js';
import { countAgencies, getAgency, seedAgencies } from '../db/repos/agencies.repo.js';
import { getMeta, setMeta } from '../db/repos/meta.repo.js';
import { schemaVersion } from '../db/migrate.js';
import { ChangeWriter } from './change-writer.js';
import { SiteClock } from './clock.js';

export type RunMode = 'electron' | 'browser' | 'cli';

export interface ServiceContext {
  readonly db: Db;
  readonly dataDir: string;
  readonly mode: RunMode;
  /** This installation; the last component of every HLC it issues. */
  readonly siteId: string;
  /** The agency this installation's unit belongs to: whose need-to-know applies here. */
  readonly agencyId: string;
  readonly unitName: string;
  readonly clock: SiteClock;
  readonly writer: ChangeWriter;
  readonly now: () => Date;
}

export interface ContextOptions extends OpenOptions {
  dataDir: string;
  mode: RunMode;
  now?: () => Date;
}

export interface SiteIdentity {
  agencyId?: string;
  unitName?: string;
}

/** First-run setup: a site id and the reference agencies. Idempotent. */
export function initializeSite(db: Db, identity: SiteIdentity = {}): void {
  db.transaction(() => {
    if (!getMeta(db, 'site_id')) setMeta(db, 'site_id', randomBytes(8).toString('hex'));
    if (countAgencies(db) === 0) seedAgencies(db, SEED_AGENCIES);
    if (identity.agencyId) {
      if (!getAgency(db, identity.agencyId)) {
        throw new DomainError('not_found', `Unknown agency ${identity.agencyId}`);
      }
      setMeta(db, 'site_agency_id', identity.agencyId);
    } else if (!getMeta(db, 'site_agency_id')) {
      setMeta(db, 'site_agency_id', 'DMS');
    }
    if (identity.unitName) setMeta(db, 'site_unit_name', identity.unitName);
  })();
}

export function createServiceContext(db: Db, options: ContextOptions): ServiceContext {
  initializeSite(db);
  const siteId = getMeta(db, 'site_id')!;
  const now = options.now ?? (() => new Date());
  const clock = new SiteClock(db, siteId, () => now().getTime());
  return {
    db,
    dataDir: options.dataDir,
    mode: options.mode,
    siteId,
    agencyId: getMeta(db, 'site_agency_id') ?? 'DMS',
    unitName: getMeta(db, 'site_unit_name') ?? '',
    clock,
    writer: new ChangeWriter(db, clock, now),
    now,
  };
}

export function openServiceContext(options: ContextOptions): ServiceContext {
  return createServiceContext(openDataDir(options.dataDir, options), options);
}

export function currentSchemaVersion(ctx: ServiceContext): number {
  return schemaVersion(ctx.db);
}

/** Runs `fn` in one synchronous transaction (never await inside). */
export function transact<T>(ctx: ServiceContext, fn: () => T): T {
  return ctx.db.transaction(fn)();
}
