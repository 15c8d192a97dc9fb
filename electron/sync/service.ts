/** The sync domain of the API as plain functions over a service context (see shared/api/sync.ts). */
import { LIMITS } from '../../shared/domain/bounds.js';
import { readRegularFile, writeFileAtomic } from '../files/safe-fs.js';
import { DomainError } from '../../shared/api/errors.js';
import type { ConflictView, IdentityInfo, PlanConflictView, QuarantineItem } from '../../shared/api/sync.js';
import { SyncedEntity } from '../../shared/sync/change.js';
import { mergeRow } from '../../shared/sync/merge.js';
import { listChangesForRow } from '../db/repos/change-log.repo.js';
import { getOperation } from '../db/repos/operations.repo.js';
import { getTask } from '../db/repos/tasks.repo.js';
import {
  countQuarantine, getConflictRow, getKey, listBundleLog, listConflictRows, listPeerRows, listQuarantineProblems,
  quarantinedFieldValue,
} from '../db/repos/sync.repo.js';
import { entityDisplayName, nameFieldOf } from '../db/repos/entity.repo.js';
import { transact, type ServiceContext } from '../services/context.js';
import { writePick } from './apply.js';
import {
  addPeerFromCard, createIdentity, identityInfo, makeContactCard, unlockIdentity,
} from './identity.js';
import { PassphraseProtector, envelopeKind } from './key-protector.js';

/**
 * Keys go to the OS keychain when the shell found a real one and no passphrase was chosen;
 * otherwise (CLI, browser mode, Linux without a secret service) a passphrase is required.
 */
export async function createIdentityProtected(ctx: ServiceContext, passphrase?: string): Promise<IdentityInfo> {
  if (passphrase !== undefined) return createIdentity(ctx, new PassphraseProtector(passphrase));
  if (!ctx.osKeychain) throw new DomainError('invalid_input', 'No OS keychain here: a passphrase is needed to protect the keys', { messageKey: 'keys.keychainUnavailable' });
  return createIdentity(ctx, ctx.osKeychain);
}

/** Opens the keys with the protector their envelope names; a keychain needs no passphrase. */
export function unlockKeys(ctx: ServiceContext, passphrase?: string): IdentityInfo {
  const sign = getKey(ctx.db, 'sign');
  if (!sign) throw new DomainError('not_found', 'This unit has no identity yet (create one first)', { messageKey: 'card.noIdentity' });
  const kind = envelopeKind(sign.protected_private);
  if (kind === 'passphrase') {
    if (passphrase === undefined) throw new DomainError('invalid_input', 'These keys are protected by a passphrase: enter it', { messageKey: 'keys.passphraseNeeded' });
    unlockIdentity(ctx, new PassphraseProtector(passphrase));
  } else if (ctx.osKeychain && ctx.osKeychain.kind === kind) {
    unlockIdentity(ctx, ctx.osKeychain);
  } else {
    throw new DomainError('locked', `These keys are protected by ${kind}, which is not available here (open them in the desktop app)`, { messageKey: 'keys.protectorUnavailable', params: { kind } });
  }
  return identityInfo(ctx)!;
}

/** How new keys would be protected here (the UI asks for a passphrase only when needed). */
export function keyProtection(ctx: ServiceContext): { osKeychain: boolean } {
  return { osKeychain: ctx.osKeychain !== null };
}

export function exportCardToFile(ctx: ServiceContext, file: string) {
  const card = makeContactCard(ctx);
  return { path: writeFileAtomic(file, `${JSON.stringify(card, null, 2)}\n`), card };
}

/** A card file named on the command line or chosen in a dialog: a regular file, not a link,
 *  at most 64 KB, read without waiting on a pipe (files/safe-fs.ts). */
export function addPeerFromFile(ctx: ServiceContext, file: string) {
  return addPeerFromCard(ctx, readRegularFile(file, LIMITS.contactCardBytes).toString('utf8'));
}

/**
 * Open conflicts, re-checked against the change record: a local edit made after the conflict
 * was recorded (an ordinary newer change that saw every candidate) has already resolved it.
 */
export function listConflicts(ctx: ServiceContext, operationId?: string): ConflictView[] {
  const rows = new Map<string, { entity: SyncedEntity; rowId: string }>();
  for (const r of listConflictRows(ctx.db)) {
    if (operationId === undefined || r.operation_id === operationId) rows.set(`${r.entity}\u0000${r.row_id}`, { entity: r.entity as SyncedEntity, rowId: r.row_id });
  }
  return [...rows.values()].flatMap(({ entity, rowId }) =>
    mergeRow(entity, rowId, listChangesForRow(ctx.db, entity, rowId)).conflicts.map((c) => ({ ...c, candidates: [...c.candidates] })),
  );
}

/**
 * Open conflicts as the plan marks them (one operation's, or all for the calendar): each
 * candidate names the unit that set it — this unit or a known peer; null for a site relayed
 * through others that this unit has no card of.
 */
export function listPlanConflicts(ctx: ServiceContext, operationId?: string): PlanConflictView[] {
  const units = new Map<string, { unitName: string; agencyId: string }>(
    listPeerRows(ctx.db).map((p) => [p.site_id, { unitName: p.unit_name, agencyId: p.agency_id }]),
  );
  units.set(ctx.siteId, { unitName: ctx.unitName, agencyId: ctx.agencyId });
  const codeOf = (id: string | null) => (id ? getOperation(ctx.db, id)?.codeName ?? null : null);
  return listConflicts(ctx, operationId).map((c) => ({
    ...c,
    candidates: c.candidates.map((v) => ({ ...v, unitName: units.get(v.siteId)?.unitName ?? null, agencyId: units.get(v.siteId)?.agencyId ?? null })),
    where: {
      title: c.entity === 'task' ? getTask(ctx.db, c.rowId)?.title ?? null : c.entity === 'operation' ? codeOf(c.rowId) : null,
      operationCode: codeOf(c.operationId),
    },
  }));
}

/** A planner's pick among the candidates: written as a new change, so it syncs like any edit. */
export function resolveConflict(
  ctx: ServiceContext,
  input: { entity: SyncedEntity; rowId: string; field: string; candidate: number },
): { resolved: boolean } {
  const open = listConflicts(ctx).find((c) => c.entity === input.entity && c.rowId === input.rowId && c.field === input.field);
  if (!open) throw new DomainError('not_found', 'No such open conflict', { messageKey: 'syncConflict.gone' });
  const chosen = open.candidates[input.candidate];
  if (!chosen) throw new DomainError('invalid_input', `No candidate ${input.candidate}`);
  transact(ctx, () => writePick(ctx, { entity: input.entity, rowId: input.rowId, field: input.field, value: chosen.value }, open.operationId));
  return { resolved: getConflictRow(ctx.db, input.entity, input.rowId, input.field) === null };
}

/**
 * The quarantine as problems: one row refused (or held) for one reason, however many of its
 * changes and bundles — named as the planner knows it (the row's name, the operation's code
 * name, the unit that sent it), with the reason's catalog key for the planner's language.
 */
export function listQuarantine(ctx: ServiceContext, limit: number): QuarantineItem[] {
  const units = new Map<string, { unitName: string; agencyId: string }>(
    listPeerRows(ctx.db).map((p) => [p.site_id, { unitName: p.unit_name, agencyId: p.agency_id }]),
  );
  return listQuarantineProblems(ctx.db, limit).map((q) => {
    const entity = SyncedEntity.safeParse(q.entity);
    let name: string | null = null;
    if (entity.success) {
      name = entityDisplayName(ctx.db, entity.data, q.row_id);
      const field = nameFieldOf(entity.data);
      const given = name === null && field ? quarantinedFieldValue(ctx.db, q.entity, q.row_id, field) : null;
      if (given !== null) {
        const v = JSON.parse(given) as unknown;
        name = typeof v === 'string' ? v : null;
      }
    }
    const fields = (JSON.parse(q.fields) as (string | null)[]).filter((f): f is string => typeof f === 'string');
    return {
      entity: q.entity, rowId: q.row_id, name, operationId: q.operation_id,
      operationCode: q.operation_id ? getOperation(ctx.db, q.operation_id)?.codeName ?? null : null,
      fields: [...new Set(fields)].sort(), changes: q.changes, seen: q.seen, waiting: q.waiting === 1,
      reason: q.reason, reasonKey: q.reason_key === '' ? null : q.reason_key,
      reasonParams: JSON.parse(q.reason_params) as Record<string, string>,
      sender: { siteId: q.sender_site_id, unitName: units.get(q.sender_site_id)?.unitName ?? null, agencyId: units.get(q.sender_site_id)?.agencyId ?? null },
      firstAt: q.first_at, lastAt: q.last_at,
    };
  });
}

/** How many problems and changes the quarantine holds. */
export function quarantineCount(ctx: ServiceContext): { problems: number; changes: number } {
  return countQuarantine(ctx.db);
}

export function bundleLog(ctx: ServiceContext, limit: number) {
  return listBundleLog(ctx.db, limit).map((b) => ({
    bundleId: b.bundle_id, direction: b.direction, peerSiteId: b.peer_site_id, bundleSeq: b.bundle_seq,
    changeCount: b.change_count, outcome: b.outcome, detail: b.detail, at: b.at,
  }));
}
