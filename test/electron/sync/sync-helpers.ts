/** Units on real database files for sync tests, and a dump of the synced tables to compare. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import type { SyncProgress } from '../../../shared/api/sync.js';
import { exportBundle } from '../../../electron/sync/bundle-export.js';
import { addPeerFromCard, createIdentity, makeContactCard, trustPeer } from '../../../electron/sync/identity.js';
import { PassphraseProtector } from '../../../electron/sync/key-protector.js';
import { OperationDraft } from '../../../shared/domain/operation.js';
import { ENTITIES } from '../../../electron/db/entities.js';
import { initializeSite, type ServiceContext } from '../../../electron/services/context.js';
import { createOperation } from '../../../electron/services/operations.js';
import { createTask } from '../../../electron/services/tasks.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { openTempContext, tempDataDir, type TempContext } from '../../helpers/temp-context.js';

export interface Unit extends TempContext {
  readonly agencyId: string;
}

export function openUnit(agencyId: string, unitName = `unit-${agencyId}`, now?: () => Date): Unit {
  const t = openTempContext(now ? { now } : {});
  initializeSite(t.ctx.db, { agencyId, unitName });
  t.reopen();
  return Object.assign(t, { agencyId });
}

/** Every synced table, every column except the locally maintained touch column, in key order. */
export function dumpSyncedTables(ctx: ServiceContext): string {
  const out: Record<string, unknown[]> = {};
  for (const def of Object.values(ENTITIES)) {
    const rows = ctx.db.prepare(`SELECT * FROM ${def.table} ORDER BY ${def.key.join(', ')}`).all() as Record<string, unknown>[];
    out[def.table] = rows.map((r) => {
      const copy = { ...r };
      if (def.touchColumn) delete copy[def.touchColumn];
      return copy;
    });
  }
  return JSON.stringify(out);
}

export function operationDraft(over: Record<string, unknown> = {}) {
  return OperationDraft.parse({
    codeName: 'ГРАНІТ', type: 'controlled_delivery', leadAgencyId: 'NPU', participatingAgencyIds: ['DMS'],
    startsAt: '2026-12-05T06:00:00Z', endsAt: '2026-12-05T18:00:00Z', legalBasis: 'КПК ст. 271', ...over,
  });
}

export function newOperation(ctx: ServiceContext, over: Record<string, unknown> = {}) {
  return createOperation(ctx, operationDraft(over));
}

export const TEST_PASSPHRASE = 'correct horse battery';
/** Low scrypt cost: these tests exercise the protocol, not the key-derivation strength. */
export const testProtector = () => new PassphraseProtector(TEST_PASSPHRASE, 10);

export async function withIdentity(u: Unit): Promise<Unit> {
  await createIdentity(u.ctx, testProtector());
  return u;
}

/** a learns b's card and confirms its fingerprint. */
export function trust(a: Unit, b: Unit): void {
  const card = makeContactCard(b.ctx);
  addPeerFromCard(a.ctx, JSON.stringify(card));
  trustPeer(a.ctx, b.ctx.siteId, card.fingerprint);
}

export function trustAll(units: readonly Unit[]): void {
  for (const a of units) for (const b of units) if (a !== b) trust(a, b);
}

export async function send(from: Unit, to: readonly Unit[], dir: string, opts: { full?: boolean } = {}) {
  const out = path.join(dir, `${randomUUID()}.spilno`);
  const r = await exportBundle(from.ctx, { peers: to.map((u) => u.ctx.siteId), outPath: out, full: opts.full ?? false });
  return { ...r, file: out };
}

/**
 * Units with identities and temp folders for one test file, closed and removed after each test:
 * `const fx = syncFixtures();` at the top, then `await fx.unit('NPU')` and `fx.dir()` in tests.
 */
export function syncFixtures() {
  const units: Unit[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const u of units.splice(0)) u.cleanup();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  return {
    async unit(agencyId: string, unitName?: string): Promise<Unit> {
      const u = await withIdentity(openUnit(agencyId, unitName));
      units.push(u);
      return u;
    },
    dir(prefix = 'spilno-sync-'): string {
      const d = tempDataDir(prefix);
      dirs.push(d);
      return d;
    },
  };
}

/**
 * Runs a sync call that names progress id `id` through the API, watching the context's event
 * channel as the transports do: its result and every progress state published for the id.
 */
export async function callWatchingProgress(ctx: ServiceContext, method: string, input: Record<string, unknown>, id: string) {
  const seen: SyncProgress[] = [];
  const unsubscribe = ctx.events.subscribe((e) => {
    if (e.type === 'progress' && e.jobId === id) seen.push(e.progress);
  });
  try {
    return { result: await dispatch(ctx, 'sync', method, { ...input, progressId: id }), seen };
  } finally {
    unsubscribe();
  }
}

/** An operation with `tasks` open escort tasks (~15 changes each; nobody accountable yet, so every agency taking part
 *  sees them): enough that importing it spans many progress reports. */
export function operationWithTasks(u: Unit, tasks: number): string {
  const op = newOperation(u.ctx);
  for (let i = 0; i < tasks; i++) {
    createTask(u.ctx, TaskDraft.parse({
      operationId: op.id, title: `Пост ${i}`, type: 'escort', accountableAgencyId: null,
      startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
    }));
  }
  return op.id;
}

/** Two units with keys that trust each other (police a, customs b); the caller cleans them up. */
export async function trustedPair(): Promise<[Unit, Unit]> {
  const a = await withIdentity(openUnit('NPU'));
  const b = await withIdentity(openUnit('DMS'));
  trustAll([a, b]);
  return [a, b];
}
