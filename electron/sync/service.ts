/** The sync domain of the API as plain functions over a service context (see shared/api/sync.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import type { ConflictView, IdentityInfo, QuarantineItem } from '../../shared/api/sync.js';
import type { SyncedEntity } from '../../shared/sync/change.js';
import type { FieldValue } from '../../shared/sync/merge.js';
import {
  getConflictRow, listBundleLog, listConflictRows, listQuarantineRows, type ConflictRow,
} from '../db/repos/sync.repo.js';
import { transact, type ServiceContext } from '../services/context.js';
import { writePick } from './apply.js';
import {
  addPeerFromCard, createIdentity, identityInfo, makeContactCard, unlockIdentity,
} from './identity.js';
import { PassphraseProtector } from './key-protector.js';

export async function createIdentityWithPassphrase(ctx: ServiceContext, passphrase: string): Promise<IdentityInfo> {
  return createIdentity(ctx, new PassphraseProtector(passphrase));
}

export function unlockWithPassphrase(ctx: ServiceContext, passphrase: string): IdentityInfo {
  unlockIdentity(ctx, new PassphraseProtector(passphrase));
  return identityInfo(ctx)!;
}

/** Writes a file only after it is complete (temp + rename), readable by the owner only if secret. */
export function writeFileAtomic(file: string, data: string, mode = 0o644): string {
  const target = path.resolve(file);
  const tmp = `${target}.part-${process.pid}`;
  fs.writeFileSync(tmp, data, { mode });
  fs.renameSync(tmp, target);
  return target;
}

export function exportCardToFile(ctx: ServiceContext, file: string) {
  const card = makeContactCard(ctx);
  return { path: writeFileAtomic(file, `${JSON.stringify(card, null, 2)}\n`), card };
}

export function addPeerFromFile(ctx: ServiceContext, file: string) {
  const target = path.resolve(file);
  if (!fs.existsSync(target)) throw new DomainError('not_found', `No such file: ${target}`);
  if (fs.statSync(target).size > 64 * 1024) throw new DomainError('invalid_input', 'Not a contact card (too large)');
  return addPeerFromCard(ctx, fs.readFileSync(target, 'utf8'));
}

function conflictView(r: ConflictRow): ConflictView {
  return {
    kind: r.kind as ConflictView['kind'], entity: r.entity as SyncedEntity, rowId: r.row_id, field: r.field,
    operationId: r.operation_id, candidates: JSON.parse(r.candidates) as FieldValue[],
  };
}

export function listConflicts(ctx: ServiceContext): ConflictView[] {
  return listConflictRows(ctx.db).map(conflictView);
}

/** A planner's pick among the candidates: written as a new change, so it syncs like any edit. */
export function resolveConflict(
  ctx: ServiceContext,
  input: { entity: SyncedEntity; rowId: string; field: string; candidate: number },
): { resolved: boolean } {
  const row = getConflictRow(ctx.db, input.entity, input.rowId, input.field);
  if (!row) throw new DomainError('not_found', 'No such open conflict');
  const chosen = conflictView(row).candidates[input.candidate];
  if (!chosen) throw new DomainError('invalid_input', `No candidate ${input.candidate}`);
  transact(ctx, () => writePick(ctx, { entity: input.entity, rowId: input.rowId, field: input.field, value: chosen.value }, row.operation_id));
  return { resolved: getConflictRow(ctx.db, input.entity, input.rowId, input.field) === null };
}

export function listQuarantine(ctx: ServiceContext, limit: number): QuarantineItem[] {
  return listQuarantineRows(ctx.db, limit).map((q) => ({
    bundleId: q.bundle_id, senderSiteId: q.sender_site_id, change: q.change, reason: q.reason, at: q.at,
  }));
}

export function bundleLog(ctx: ServiceContext, limit: number) {
  return listBundleLog(ctx.db, limit).map((b) => ({
    bundleId: b.bundle_id, direction: b.direction, peerSiteId: b.peer_site_id, bundleSeq: b.bundle_seq,
    changeCount: b.change_count, outcome: b.outcome, detail: b.detail, at: b.at,
  }));
}
