/**
 * The distribution list of a briefing pack: every copy is numbered (Прим. № N) and goes to one
 * named recipient, and a pack is always printed as one of those copies — so a copy found on a
 * desk says whose it was (DOMAIN.md "Criminal-procedure spine": a marked document carries a copy
 * number and a distribution list). The planner's list wins; an operation without one gets the
 * default: copy 1 for the file (the coordinator's whole plan), then one copy per agency taking
 * part, lead first.
 */
import type { DistributionEntry, Operation } from './operation.js';
import { operationAgencyIds } from './operation.js';
import type { OperationStatus } from './enums.js';

export interface PackCopy {
  /** 1-based: the entry's position on the list. */
  readonly number: number;
  /** The agency whose view the copy carries; null: the whole plan (the file, the coordinator). */
  readonly agencyId: string | null;
  readonly addressee: string;
}

export function distributionOf(op: Pick<Operation, 'distribution' | 'leadAgencyId' | 'participatingAgencyIds'>): PackCopy[] {
  const list: Pick<DistributionEntry, 'agencyId' | 'addressee'>[] = op.distribution.length > 0
    ? op.distribution
    : [{ agencyId: null, addressee: '' }, ...operationAgencyIds(op).map((agencyId) => ({ agencyId, addressee: '' }))];
  return list.map((e, i) => ({ number: i + 1, agencyId: e.agencyId, addressee: e.addressee }));
}

export type CopyChoice =
  | { ok: true; copy: PackCopy }
  | { ok: false; reason: 'no_such_copy' | 'copy_of_other_agency' | 'not_on_distribution' };

/**
 * Which copy a request prints: the copy asked for (its recipient must be the agency asked for,
 * when one is), else the first copy of the agency asked for (null: the first whole-plan copy).
 */
export function chooseCopy(copies: readonly PackCopy[], agencyId: string | null, copyNumber: number | null): CopyChoice {
  if (copyNumber !== null) {
    const copy = copies[copyNumber - 1];
    if (!copy) return { ok: false, reason: 'no_such_copy' };
    if (agencyId !== null && copy.agencyId !== agencyId) return { ok: false, reason: 'copy_of_other_agency' };
    return { ok: true, copy };
  }
  const copy = copies.find((c) => c.agencyId === agencyId);
  return copy ? { ok: true, copy } : { ok: false, reason: 'not_on_distribution' };
}

/** Statuses in which the plan has been approved: before them every page says «ПРОЄКТ». */
const APPROVED: ReadonlySet<OperationStatus> = new Set(['approved', 'briefed', 'active', 'completed']);

/**
 * Whether the pack is a draft. An aborted operation's status no longer says whether it was ever
 * approved, so its pack stays marked a draft: the safe reading of a plan nobody carried out.
 */
export function isDraftPlan(status: OperationStatus): boolean {
  return !APPROVED.has(status);
}
