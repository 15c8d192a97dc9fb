/** Subjects of interest: persons, vehicles, containers, companies and addresses (DOMAIN.md). */
import { z } from 'zod';
import { GeoPoint, Id, Instant, MultilineText, RequiredText, Text } from './common.js';
import {
  isValidContainerNumber, isValidEdrpou, isValidVin, normalizeAddress, normalizeContainerNumber,
  normalizeEdrpou, normalizePassport, normalizePersonName, normalizePlate, normalizeVin,
} from './identifiers.js';
import { transliterateUk } from '../i18n/transliteration.js';

/**
 * Where a person or vehicle was last seen (issue 18): the point, when ('' = not known) and how
 * it was learnt (a patrol, a camera — protected sources belong in the operation's need-to-know
 * sources: subjects go to every agency taking part). Optional, so nothing changes for an
 * operation that has none; an older unit's schema drops the key and keeps the subject.
 */
export const LastSeen = z.object({
  point: GeoPoint,
  at: z.union([z.literal(''), Instant]).default(''),
  source: Text(200).default(''),
});
export type LastSeen = z.infer<typeof LastSeen>;

const SubjectBase = { id: Id.optional(), notes: MultilineText(1000).default('') };

export const PersonSubject = z.object({
  ...SubjectBase,
  kind: z.literal('person'),
  fullName: RequiredText(200),
  dateOfBirth: z.union([z.literal(''), z.iso.date({ error: 'v.date' })]).default(''),
  /** A foreign person (or a Ukrainian one travelling): ISO 3166 alpha-2 citizenship. Added with
   *  issue 17; an older unit's schema drops these keys and keeps the person. */
  citizenship: z.string().max(2, { error: 'v.country' }).regex(/^([A-Z]{2})?$/, { error: 'v.country' }).default(''),
  passport: Text(40).default(''),
  /** The name in Latin letters as the passport has it; empty: the 2010 Cabinet transliteration
   *  of the Ukrainian name is used (personLatinName). */
  nameLatin: Text(200).default(''),
  lastSeen: LastSeen.optional(),
});

/** The Latin form of a person's name: as recorded, else the official transliteration
 *  (Cabinet resolution № 55 of 27.01.2010) of the name as written. */
export function personLatinName(p: { fullName: string; nameLatin?: string }): string {
  return p.nameLatin && p.nameLatin.trim() !== '' ? p.nameLatin : transliterateUk(p.fullName);
}
export const VehicleSubject = z
  .object({
    ...SubjectBase,
    kind: z.literal('vehicle'),
    plate: Text(20).default(''),
    vin: z.union([z.literal(''), Text(40).refine(isValidVin, { error: 'v.vin' })]).default(''),
    description: Text(200).default(''),
    lastSeen: LastSeen.optional(),
  })
  .refine((v) => v.plate !== '' || v.vin !== '', { error: 'v.plateOrVin', path: ['plate'] });
export const ContainerSubject = z.object({
  ...SubjectBase,
  kind: z.literal('container'),
  number: Text(40).refine(isValidContainerNumber, { error: 'v.containerNumber' })
    .transform(normalizeContainerNumber),
});
export const CompanySubject = z.object({
  ...SubjectBase,
  kind: z.literal('company'),
  name: RequiredText(300),
  edrpou: z.union([z.literal(''), Text(40).refine(isValidEdrpou, { error: 'v.edrpou' })
    .transform(normalizeEdrpou)]).default(''),
});
export const AddressSubject = z.object({
  ...SubjectBase,
  kind: z.literal('address'),
  address: RequiredText(300),
  point: GeoPoint.nullable().default(null),
});

export const Subject = z.discriminatedUnion('kind', [
  PersonSubject, VehicleSubject, ContainerSubject, CompanySubject, AddressSubject,
]);
export type Subject = z.infer<typeof Subject>;
export type SubjectInput = z.input<typeof Subject>;

/**
 * Keys under which two subjects are "the same" for deconfliction. A vehicle yields a key per
 * identifier it has, so a plate match and a VIN match are both found.
 */
export function subjectMatchKeys(s: Subject): string[] {
  switch (s.kind) {
    case 'person': {
      const keys = [`person:${normalizePersonName(s.fullName)}|${s.dateOfBirth}`];
      // The same passport is the same person however the name was spelt or transliterated.
      if (s.passport) keys.push(`passport:${s.citizenship}|${normalizePassport(s.passport)}`);
      return keys;
    }
    case 'vehicle': {
      const keys: string[] = [];
      if (s.plate) keys.push(`plate:${normalizePlate(s.plate)}`);
      if (s.vin) keys.push(`vin:${normalizeVin(s.vin)}`);
      return keys;
    }
    case 'container':
      return [`container:${normalizeContainerNumber(s.number)}`];
    case 'company':
      return s.edrpou ? [`edrpou:${s.edrpou}`] : [`company:${normalizePersonName(s.name)}`];
    case 'address':
      return [`address:${normalizeAddress(s.address)}`];
  }
}
