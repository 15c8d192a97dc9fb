/**
 * What every service function receives: the database handle, this installation's identity and
 * clock, and the change writer. Services import no Electron, so the CLI, browser mode and tests
 * build the same context over a plain SQLite file.
 *
 * `durability` says whether writes are allowed and why not (a damaged file, a read-only
 * folder, a locked store); the database itself is then opened read-only, so a write fails in
 * SQLite before anything changes and dispatch answers with that reason. The database handle
 * can be swapped under the context (restore from a backup while the app runs), which is why
 * `db`, `clock` and `writer` are read through getters.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { SEED_AGENCIES } from '../../shared/domain/agencies-seed.js';
import { DomainError } from '../../shared/api/errors.js';
import Database from 'better-sqlite3';
import { DB_KEY_FILE, databasePath, encryptionEnabled, openDataDir, openHealth, type Db, type OpenOptions } from '../db/connection.js';
import { countAgencies, getAgency, seedAgencies } from '../db/repos/agencies.repo.js';
import { getMeta, setMeta } from '../db/repos/meta.repo.js';
import { backupDirFor, migrate, schemaVersion } from '../db/migrate.js';
import { changedRowsSince, maxChangeSeq } from '../db/repos/change-log.repo.js';
import { discardRestoreLeftovers } from '../db/restore.js';
import { completeInterruptedSwaps, secureDataDir } from '../db/store-files.js';
import { recordPendingChanges } from './audit.js';
import { writePendingExportRecords } from './export-record.js';
import type { KeyProtector } from '../sync/key-protector.js';
import { checkLocalEvent } from '../rights/local-rights.js';
import { ChangeWriter } from './change-writer.js';
import { SiteClock } from './clock.js';
import { EventHub } from './event-hub.js';
import { FileGrants } from '../files/grants.js';
import { JobProgress } from './progress.js';
import type { KeptScan } from './conflicts.js';
import type { ConflictCountCache } from './operations.js';
import type { KeptPlanMap } from './geo.js';
import type { UnlockedIdentity } from '../sync/identity.js';
import type { FolderWatcher } from '../sync/watch.js';

export type RunMode = 'electron' | 'browser' | 'cli';

export interface DurabilityState {
  writable: boolean;
  blockedBy: 'integrity' | 'read_only' | 'locked' | null;
  /** What SQLite or the file system reported (for the log and the CLI, not the UI). */
  detail: string;
}

/**
 * What services keep between calls about the open store: built empty with each connection (so
 * a restore, a lock or an unlock starts them afresh) and reached only through the context —
 * never a module-level map. Each field says which service owns it.
 */
export interface StoreCaches {
  /** services/conflicts.ts: the last full scan and the index it ran over. */
  conflictScan: KeptScan | null;
  /** services/operations.ts: open conflicts per operation for the operations list. */
  conflictCounts: ConflictCountCache | null;
  /** services/geo.ts: the map of every operation, as last answered or built between calls. */
  planMap: KeptPlanMap | null;
  /** sync/identity.ts: this unit's private keys while unlocked. */
  identity: UnlockedIdentity | null;
  /** sync/identity.ts: a person locked keychain-held keys in this session (not reopened on their own). */
  identityHeldLocked: boolean;
  /** sync/bundle-import.ts: the last import started on this store; the next one waits for it. */
  importQueue: Promise<unknown>;
}

function emptyCaches(): StoreCaches {
  return { conflictScan: null, conflictCounts: null, planMap: null, identity: null, identityHeldLocked: false, importQueue: Promise.resolve() };
}

/**
 * What lives as long as the context, across locks, restores and unlocks (unlike StoreCaches,
 * which start afresh with each connection). Each field says which module owns it.
 */
export interface SessionState {
  /** sync/watch-service.ts: the folder watcher while the automatic mode runs. */
  folderWatcher: FolderWatcher | null;
  /** security/at-rest.ts: when the app was last used (auto-lock counts idle time from it). */
  lastActivityMs: number;
}

export interface ServiceContext {
  readonly db: Db;
  /** Per-store state the services keep between calls (see StoreCaches). */
  readonly caches: StoreCaches;
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
  /** Mutable: restore and lock change it while the app runs. */
  readonly durability: DurabilityState;
  /** The OS keychain, only where the Electron shell found one that really encrypts; null in
   *  the CLI and browser mode (keys are then protected by a passphrase). */
  readonly osKeychain: KeyProtector | null;
  /** What changed and how long jobs are getting on: the core forwards these to every window. */
  readonly events: EventHub;
  /** Progress of the long calls under way, published on `events`. */
  readonly jobs: JobProgress;
  /** The files and folders the user chose, behind handles (files/grants.ts). */
  readonly files: FileGrants;
  /** What lives as long as the context (see SessionState). */
  readonly session: SessionState;
  /** The cipher driver's native addon under Electron (re-encrypting a store opens it too). */
  readonly cipherNativeBinding: string | undefined;
}

export interface ContextOptions extends OpenOptions {
  dataDir: string;
  mode: RunMode;
  now?: () => Date;
  osKeychain?: KeyProtector | null;
}

/** Set once this installation's agency, unit and operator were given (UI setup or `spilno init --agency`). */
export const SETUP_DONE_META = 'site_setup_done';

export interface SiteIdentity {
  agencyId?: string;
  unitName?: string;
}

/** First-run setup: a site id and the reference agencies. Idempotent. */
export function initializeSite(db: Db, identity: SiteIdentity = {}): void {
  db.transaction(() => {
    if (!getMeta(db, 'site_id')) setMeta(db, 'site_id', randomBytes(8).toString('hex'));
    // Seeding comes before the site has a clock of its own: the wall clock is the one there is.
    if (countAgencies(db) === 0) seedAgencies(db, SEED_AGENCIES, new Date().toISOString());
    if (identity.agencyId) {
      if (!getAgency(db, identity.agencyId)) {
        throw new DomainError('not_found', `Unknown agency ${identity.agencyId}`);
      }
      setMeta(db, 'site_agency_id', identity.agencyId);
    } else if (!getMeta(db, 'site_agency_id')) {
      setMeta(db, 'site_agency_id', 'DMS');
    }
    if (identity.unitName) setMeta(db, 'site_unit_name', identity.unitName);
    // Naming the agency is what the first-run setup asks for: `spilno init --agency` answers it.
    if (identity.agencyId && !getMeta(db, SETUP_DONE_META)) setMeta(db, SETUP_DONE_META, new Date().toISOString());
  })();
}

/** A meta value from a file that may be damaged: the context must still open to offer restore. */
function safeMeta(db: Db, key: string): string | null {
  try {
    return getMeta(db, key);
  } catch {
    return null;
  }
}

interface Bound {
  db: Db;
  siteId: string;
  agencyId: string;
  unitName: string;
  clock: SiteClock;
  writer: ChangeWriter;
  caches: StoreCaches;
}

function bind(db: Db, now: () => Date, nativeBinding: string | undefined): Bound {
  const health = openHealth(db);
  if (health.writable) initializeSite(db);
  const siteId = safeMeta(db, 'site_id') ?? 'unknown';
  let clock: SiteClock;
  try {
    clock = new SiteClock(db, siteId, () => now().getTime());
  } catch (e) {
    if (health.writable) throw e;
    // Unreadable clock state in a blocked store: nothing can be written to it anyway, so the
    // clock keeps its state in an empty in-memory store.
    clock = new SiteClock(emptyStore(nativeBinding), siteId, () => now().getTime());
  }
  const agencyId = safeMeta(db, 'site_agency_id') ?? 'DMS';
  return {
    db, siteId, clock, agencyId,
    unitName: safeMeta(db, 'site_unit_name') ?? '',
    writer: new ChangeWriter(db, clock, now, (event) => checkLocalEvent(db, agencyId, event)),
    caches: emptyCaches(),
  };
}

/** An empty in-memory store: what a locked context is bound to (nothing of the real one stays
 *  readable; dispatch refuses every call but unlock before it gets there). */
function emptyStore(nativeBinding: string | undefined): Db {
  // Under Electron the Node build of the addon cannot load: use the one the real store uses.
  const db = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
  migrate(db, null);
  return db;
}

function prepareDataDir(dataDir: string): void {
  secureDataDir(dataDir);
  try {
    const dbFile = databasePath(dataDir);
    completeInterruptedSwaps(dbFile, backupDirFor(dbFile), path.join(dataDir, DB_KEY_FILE));
    discardRestoreLeftovers(dataDir);
  } catch (e) {
    // A folder we cannot write: the open that follows reports it; nothing can be swapped anyway.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM') throw e;
  }
}

type Reopen = (whileClosed: () => void, patch?: Partial<OpenOptions>) => void;
const reopeners = new WeakMap<ServiceContext, { reopen: Reopen; lock: () => void; rebind: () => void }>();

export function createServiceContext(db: Db, options: ContextOptions, locked = false): ServiceContext {
  const now = options.now ?? (() => new Date());
  let openOptions: ContextOptions = options;
  let bound = bind(db, now, options.nativeBinding);
  const events = new EventHub();
  const durability: DurabilityState = locked
    ? { writable: false, blockedBy: 'locked', detail: '' }
    : { ...openHealth(db) };
  const ctx: ServiceContext = {
    get db() { return bound.db; },
    get caches() { return bound.caches; },
    get siteId() { return bound.siteId; },
    get agencyId() { return bound.agencyId; },
    get unitName() { return bound.unitName; },
    get clock() { return bound.clock; },
    get writer() { return bound.writer; },
    dataDir: options.dataDir,
    mode: options.mode,
    now,
    durability,
    osKeychain: options.osKeychain ?? null,
    events,
    jobs: new JobProgress((e) => events.publish(e)),
    files: new FileGrants(),
    session: { folderWatcher: null, lastActivityMs: now().getTime() },
    cipherNativeBinding: options.cipherNativeBinding,
  };
  const reopen: Reopen = (whileClosed, patch = {}) => {
    bound.db.close();
    try {
      whileClosed();
    } finally {
      openOptions = { ...openOptions, ...patch };
      const next = openDataDir(openOptions.dataDir, openOptions);
      bound = bind(next, now, openOptions.nativeBinding);
      durability.writable = true;
      durability.blockedBy = null;
      durability.detail = '';
      Object.assign(durability, openHealth(next));
      writePendingExportRecords(ctx);
    }
  };
  const lock = () => {
    bound.db.close();
    const { cipherKey: _forgotten, ...rest } = openOptions;
    openOptions = rest;
    bound = bind(emptyStore(openOptions.nativeBinding), now, openOptions.nativeBinding);
    Object.assign(durability, { writable: false, blockedBy: 'locked', detail: '' });
  };
  // The same store, its site identity read again (the setup changed the agency or the unit).
  const rebind = () => {
    bound = bind(bound.db, now, openOptions.nativeBinding);
  };
  reopeners.set(ctx, { reopen, lock, rebind });
  writePendingExportRecords(ctx);
  return ctx;
}

/**
 * Closes the database, runs `whileClosed` (a restore replaces the file), and reopens it with
 * the same options, re-running the integrity check. In-flight readers holding the old handle
 * fail with a closed-database error rather than reading a file that is being replaced.
 */
export function reopenDatabase(ctx: ServiceContext, whileClosed: () => void, patch?: Partial<OpenOptions>): void {
  const r = reopeners.get(ctx);
  if (!r) throw new Error('Context was not created by createServiceContext');
  r.reopen(whileClosed, patch);
}

/** Reads this installation's agency and unit again after they changed in the store's meta. */
export function rebindSiteIdentity(ctx: ServiceContext): void {
  const r = reopeners.get(ctx);
  if (!r) throw new Error('Context was not created by createServiceContext');
  r.rebind();
}

/** Closes the store and forgets its key; `reopenDatabase` with the key unlocks it again. */
export function lockDatabase(ctx: ServiceContext): void {
  const r = reopeners.get(ctx);
  if (!r) throw new Error('Context was not created by createServiceContext');
  r.lock();
}

/**
 * Opens the data folder; an encrypted store opened without its key starts locked. First the
 * folder is made private (0700, files 0600) and a re-encryption a crash interrupted is finished
 * or undone (db/store-files.ts), so the file opened is the store.
 */
export function openServiceContext(options: ContextOptions): ServiceContext {
  prepareDataDir(options.dataDir);
  if (!options.cipherKey && encryptionEnabled(options.dataDir)) {
    return createServiceContext(emptyStore(options.nativeBinding), options, true);
  }
  return createServiceContext(openDataDir(options.dataDir, options), options);
}

export function currentSchemaVersion(ctx: ServiceContext): number {
  return schemaVersion(ctx.db);
}

/**
 * Runs `fn` in one synchronous transaction (never await inside). The outermost transaction
 * also appends the audit entry for the changes it recorded, so both commit or neither does.
 */
export function transact<T>(ctx: ServiceContext, fn: () => T): T {
  const db = ctx.db;
  if (db.inTransaction) return db.transaction(fn)();
  return db.transaction(() => {
    const mark = maxChangeSeq(db);
    const result = fn();
    recordPendingChanges(ctx, changedRowsSince(db, mark));
    return result;
  })();
}
