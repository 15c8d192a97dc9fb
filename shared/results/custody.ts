/**
 * Chain of custody of an evidence item (КПК ст. 100 on keeping material evidence; the seizure
 * protocol names who packed it and under which seal). Whoever packs an item is its first
 * custodian; each hand-over names who gave it and who received it, when and where, and the seal
 * found on the package. The chain is trusted only when it has no holes:
 *
 * - `gap`: a hand-over from someone who was not holding the item (the previous hand-over went to
 *   someone else) — somebody's custody is missing from the record;
 * - `seal_broken`: the receiver found the seal broken;
 * - `seal_changed`: the receiver found a seal number other than the one the item was last sealed
 *   under, with no recorded resealing;
 * - `out_of_order`: a hand-over dated before the packing.
 *
 * An opening for an expert examination is legitimate when recorded: the hand-over names the new
 * seal (`resealedAs`) and the chain continues under it. Warnings, not refusals: the record must
 * show what happened, and a planner must see where the chain is weak before it goes to court.
 */

export interface CustodyItem {
  readonly id: string;
  readonly sealNumber: string;
  readonly packedAt: string;
  readonly packedBy: string;
}

export interface CustodyStep {
  readonly id: string;
  readonly evidenceId: string;
  readonly fromPerson: string;
  readonly toPerson: string;
  readonly at: string;
  readonly sealNumber: string;
  readonly sealIntact: boolean;
  readonly resealedAs: string;
  readonly recordedAt?: string;
}

export type CustodyWarningKind = 'gap' | 'seal_broken' | 'seal_changed' | 'out_of_order';

export interface CustodyWarning {
  readonly kind: CustodyWarningKind;
  readonly evidenceId: string;
  /** The hand-over the warning is about. */
  readonly transferId: string;
  /** gap: who held it by the record; seal_changed: the seal expected. */
  readonly expected: string;
  /** gap: who handed it over; seal_changed: the seal found. */
  readonly found: string;
}

export interface CustodyChain<S extends CustodyStep = CustodyStep> {
  readonly evidenceId: string;
  /** Hand-overs in time order. */
  readonly steps: S[];
  /** Who holds it now by the record, and under which seal. */
  readonly holder: string;
  readonly seal: string;
  readonly warnings: CustodyWarning[];
}

/** «Коваленко О. П.» and «коваленко о.п.» are one custodian: case, dots, spaces and apostrophes aside. */
const personKey = (s: string) => s.normalize('NFC').toLocaleLowerCase('uk').replace(/[\s.,’'`ʼ-]/g, '');
const samePerson = (a: string, b: string) => personKey(a) === personKey(b);
const sameSeal = (a: string, b: string) => a.replace(/[\s-]/g, '').toUpperCase() === b.replace(/[\s-]/g, '').toUpperCase();

/** The chain of one item from its hand-overs (any order; others' hand-overs ignored). */
export function custodyChain<S extends CustodyStep>(item: CustodyItem, transfers: readonly S[]): CustodyChain<S> {
  const steps = transfers
    .filter((t) => t.evidenceId === item.id)
    .slice()
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.recordedAt ?? '').localeCompare(b.recordedAt ?? '') || a.id.localeCompare(b.id));
  const warnings: CustodyWarning[] = [];
  let holder = item.packedBy;
  let seal = item.sealNumber;
  const packed = Date.parse(item.packedAt);
  for (const s of steps) {
    const w = (kind: CustodyWarningKind, expected: string, found: string) =>
      warnings.push({ kind, evidenceId: item.id, transferId: s.id, expected, found });
    if (Date.parse(s.at) < packed) w('out_of_order', item.packedAt, s.at);
    if (!samePerson(s.fromPerson, holder)) w('gap', holder, s.fromPerson);
    if (!s.sealIntact) w('seal_broken', seal, s.sealNumber);
    else if (seal !== '' && s.sealNumber !== '' && !sameSeal(s.sealNumber, seal)) w('seal_changed', seal, s.sealNumber);
    holder = s.toPerson;
    if (s.resealedAs.trim() !== '') seal = s.resealedAs;
    else if (s.sealNumber !== '') seal = s.sealNumber;
  }
  return { evidenceId: item.id, steps, holder, seal, warnings };
}

/** Every item's chain, in the items' order. */
export function custodyChains<S extends CustodyStep>(items: readonly CustodyItem[], transfers: readonly S[]): CustodyChain<S>[] {
  const byItem = new Map<string, S[]>();
  for (const t of transfers) {
    let list = byItem.get(t.evidenceId);
    if (!list) byItem.set(t.evidenceId, (list = []));
    list.push(t);
  }
  return items.map((i) => custodyChain(i, byItem.get(i.id) ?? []));
}
