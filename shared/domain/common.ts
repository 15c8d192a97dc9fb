/**
 * Primitive schemas every entity shares. Custom messages are i18n keys (`v.*`), translated by
 * the renderer from its catalogs, so one schema validates on both sides in either language.
 */
import { z } from 'zod';
import { RequiredText, Text } from './bounds.js';

/** Row ids: UUIDs for planning rows, short codes (`DMS`, `NPU`) for reference agencies. */
export const Id = z.string().max(64, { error: 'v.id' }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'v.id' });
export type Id = z.infer<typeof Id>;

/** Instants travel as ISO-8601 with an offset and are stored normalised to UTC (`…Z`). */
export const Instant = z.iso
  .datetime({ offset: true, error: 'v.instant' })
  .transform((s) => new Date(s).toISOString());
export type Instant = z.output<typeof Instant>;

export const TimeZone = RequiredText(64).refine(isValidTimeZone, { error: 'v.timeZone' });

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Text fields follow the text policy of ./bounds.ts (no control or bidi-override characters). */
export { MultilineText, RequiredMultilineText, RequiredText, Text } from './bounds.js';

export const Latitude = z.number().min(-90, { error: 'v.latitude' }).max(90, { error: 'v.latitude' });
export const Longitude = z.number().min(-180, { error: 'v.longitude' }).max(180, { error: 'v.longitude' });

export const GeoPoint = z.object({ lat: Latitude, lon: Longitude });
export type GeoPoint = z.infer<typeof GeoPoint>;

/** A place: free text plus optional coordinates (field teams often know only one of them). */
export const Place = z.object({
  label: Text(300).default(''),
  point: GeoPoint.nullable().default(null),
});
export type Place = z.infer<typeof Place>;

export const TimeWindow = z
  .object({ startsAt: Instant, endsAt: Instant })
  .refine((w) => w.startsAt < w.endsAt, { error: 'v.endBeforeStart', path: ['endsAt'] });
export type TimeWindow = z.infer<typeof TimeWindow>;

/** Shared window check for schemas that spread start/end among other fields. */
export function windowIsOrdered(v: { startsAt: string; endsAt: string }): boolean {
  return new Date(v.startsAt).getTime() < new Date(v.endsAt).getTime();
}

/**
 * A patch schema from an entity's field shape: every field optional and, unlike zod's
 * `.partial()`, with defaults removed — a patch that omits a field must leave it alone, not
 * reset it to its default.
 */
export function patchOf<S extends z.ZodRawShape>(shape: S) {
  const out: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(shape)) {
    const inner = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    out[key] = inner.optional();
  }
  return z.strictObject(out) as unknown as z.ZodObject<{
    [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer T> ? T : S[K]>;
  }>;
}

/**
 * A phone number as people write it: digits with spaces, dashes, dots or brackets, a leading +
 * for an international number, 7 to 15 digits (E.164's most); or nothing. Only for what a
 * planner types: rows arriving from peers keep the looser text bound, so an older unit's
 * record with a number written some other way still applies.
 */
export const PhoneNumber = Text(50).refine(
  (s) => s === '' || (/^\+?[0-9 ().-]+$/.test(s) && /^[^0-9]*[0-9]/.test(s) && ((n) => n >= 7 && n <= 15)(s.replace(/[^0-9]/g, '').length)),
  { error: 'v.phone' },
).default('');
