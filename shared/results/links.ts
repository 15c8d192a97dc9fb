/**
 * Links across operations: the same container, plate, wagon, vessel, declaration, company or
 * person in two operations. Keys are those of deconfliction (shared/domain/subject.ts
 * `subjectMatchKeys`), so a consignment's container matches another operation's container
 * subject, and a truck plate matches a vehicle subject's plate.
 */
import {
  normalizeContainerNumber, normalizeDeclarationNumber, normalizeImoNumber, normalizeMrn, normalizePlate,
  normalizeWagonNumber,
} from '../domain/identifiers.js';
import { subjectMatchKeys, type Subject } from '../domain/subject.js';

export interface ConsignmentKeys {
  readonly declarationNumber: string;
  readonly mrn: string;
  readonly truckPlate: string;
  readonly trailerPlate: string;
  readonly containerNumber: string;
  readonly wagonNumber: string;
  readonly vesselImo: string;
  readonly consigneeEdrpou: string;
}

/** Match keys of a consignment's identifiers, with what each is (for the label). */
export function consignmentMatchKeys(c: ConsignmentKeys): string[] {
  const keys: string[] = [];
  if (c.truckPlate) keys.push(`plate:${normalizePlate(c.truckPlate)}`);
  if (c.trailerPlate) keys.push(`plate:${normalizePlate(c.trailerPlate)}`);
  if (c.containerNumber) keys.push(`container:${normalizeContainerNumber(c.containerNumber)}`);
  if (c.wagonNumber) keys.push(`wagon:${normalizeWagonNumber(c.wagonNumber)}`);
  if (c.vesselImo) keys.push(`imo:${normalizeImoNumber(c.vesselImo)}`);
  if (c.mrn) keys.push(`mrn:${normalizeMrn(c.mrn)}`);
  if (c.declarationNumber) keys.push(`declaration:${normalizeDeclarationNumber(c.declarationNumber)}`);
  if (c.consigneeEdrpou) keys.push(`edrpou:${c.consigneeEdrpou}`);
  return keys;
}

export interface LinkSource {
  readonly operationId: string;
  readonly subjects: readonly Subject[];
  readonly consignments: readonly ConsignmentKeys[];
}

export interface SubjectLink {
  /** `container:CSQU3054383`, `plate:AA1234BB`, … */
  readonly key: string;
  readonly kind: string;
  readonly value: string;
  /** The other operations that hold the same key. */
  readonly operationIds: string[];
}

function keysOf(s: LinkSource): Set<string> {
  const keys = new Set<string>();
  for (const subj of s.subjects) for (const k of subjectMatchKeys(subj)) keys.add(k);
  for (const c of s.consignments) for (const k of consignmentMatchKeys(c)) keys.add(k);
  return keys;
}

/** The keys `operationId` shares with other operations, each with the others that hold it. */
export function linksOf(operationId: string, sources: readonly LinkSource[]): SubjectLink[] {
  const own = sources.find((s) => s.operationId === operationId);
  if (!own) return [];
  const mine = keysOf(own);
  const holders = new Map<string, Set<string>>();
  for (const s of sources) {
    if (s.operationId === operationId) continue;
    for (const k of keysOf(s)) {
      if (!mine.has(k)) continue;
      let set = holders.get(k);
      if (!set) holders.set(k, (set = new Set()));
      set.add(s.operationId);
    }
  }
  return [...holders.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, ops]) => {
      const i = key.indexOf(':');
      return { key, kind: key.slice(0, i), value: key.slice(i + 1), operationIds: [...ops].sort() };
    });
}
