/** Who takes part: agencies, their units, people and resources (DOMAIN.md "Who takes part"). */
import { z } from 'zod';
import type { Lang } from '../i18n/catalog.js';
import { List } from './bounds.js';
import { Id, PhoneNumber, RequiredText, Text, Place } from './common.js';
import {
  AgencyKind, Clearance, PersonSkill, ProceduralPower, ResourceKind,
} from './enums.js';

export const Agency = z.object({
  id: Id,
  code: z.string().max(16, { error: 'v.agencyCode' }).regex(/^[A-Z][A-Z0-9_-]{1,15}$/, { error: 'v.agencyCode' }),
  nameUk: RequiredText(200),
  nameEn: RequiredText(200),
  /**
   * How the agency is named in running text and tables (ДМС, НПУ, прокуратура; SCS, NPU,
   * prosecutor's office). The code stays the identifier; a Latin code is no word of Ukrainian.
   */
  shortUk: Text(60).default(''),
  shortEn: Text(60).default(''),
  kind: AgencyKind,
  /** ISO 3166 alpha-2 for foreign partners; empty for Ukrainian bodies. */
  country: z.string().max(2, { error: 'v.country' }).regex(/^([A-Z]{2})?$/, { error: 'v.country' }).default(''),
  color: z.string().max(7, { error: 'v.color' }).regex(/^#[0-9a-f]{6}$/i, { error: 'v.color' }),
  powers: List(ProceduralPower, 50).default([]),
});
export type Agency = z.infer<typeof Agency>;

export const AgencyDraft = Agency.omit({ id: true });

/** The agency's short name in `lang`, else its code (an agency added without one). */
export function agencyShort(a: { code: string; shortUk?: string; shortEn?: string }, lang: Lang): string {
  return (lang === 'uk' ? a.shortUk : a.shortEn) || a.code;
}

/** Names agencies by id in `lang` (unknown ids stay as they are): for conflict texts. */
export function agencyNamer(agencies: Iterable<Agency>, lang: Lang): (id: string) => string {
  const byId = new Map<string, Agency>();
  for (const a of agencies) byId.set(a.id, a);
  return (id) => {
    const a = byId.get(id);
    return a ? agencyShort(a, lang) : id;
  };
}

/** The agency's full name in `lang`. */
export function agencyFullName(a: Pick<Agency, 'nameUk' | 'nameEn'>, lang: Lang): string {
  return lang === 'uk' ? a.nameUk : a.nameEn;
}
export type AgencyDraft = z.input<typeof AgencyDraft>;

export const Unit = z.object({
  id: Id,
  agencyId: Id,
  name: RequiredText(200),
  kind: Text(100).default(''),
  place: Place.default({ label: '', point: null }),
  phone: Text(50).default(''),
});
export type Unit = z.infer<typeof Unit>;
/** A unit as a planner enters it (the phone checked); `Unit` is the row as stored and synced. */
export const UnitInput = Unit.extend({ phone: PhoneNumber });
export const UnitDraft = UnitInput.omit({ id: true });
export type UnitDraft = z.input<typeof UnitDraft>;

export const Person = z.object({
  id: Id,
  agencyId: Id,
  unitId: Id.nullable().default(null),
  fullName: RequiredText(200),
  position: Text(200).default(''),
  rank: Text(100).default(''),
  phone: Text(50).default(''),
  email: z.union([z.literal(''), z.email({ error: 'v.email' }).max(254, { error: 'v.tooLong' })]).default(''),
  callsign: Text(50).default(''),
  skills: List(PersonSkill, 50).default([]),
  clearance: Clearance.default('none'),
});
export type Person = z.infer<typeof Person>;
/** A person as a planner enters or imports them (the phone checked); `Person` is the row as stored and synced. */
export const PersonInput = Person.extend({ phone: PhoneNumber });
export const PersonDraft = PersonInput.omit({ id: true });
export type PersonDraft = z.input<typeof PersonDraft>;

export const Resource = z.object({
  id: Id,
  agencyId: Id,
  unitId: Id.nullable().default(null),
  name: RequiredText(200),
  kind: ResourceKind,
  capacity: z.number().int().min(0, { error: 'v.range' }).max(100000, { error: 'v.range' }).default(0),
  /** Plate, tail number or inventory id — whatever identifies it on the ground. */
  identifier: Text(100).default(''),
  notes: Text(1000).default(''),
});
export type Resource = z.infer<typeof Resource>;
export const ResourceDraft = Resource.omit({ id: true });
export type ResourceDraft = z.input<typeof ResourceDraft>;
