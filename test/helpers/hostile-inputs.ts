/**
 * Inputs shaped like a method's own input, with hostile leaves (issue 15): the zod schema is
 * walked, and every string, list and number is either plausible (so validation goes on to the
 * fields after it) or one of the attack classes — control and bidi characters, strings far over
 * any declared length, lists of a quarter of a million items, numbers out of every range.
 */
import fc from 'fast-check';
import type { z } from 'zod';

export const CONTROL_AND_BIDI = [
  '\u0000', '\u001b[31m', '\u000b', '\u007f', '\u0085', '\u2028', '\u2029', '\u202e', '\u202a', '\u2066', '\u2069', '\ud800',
];
/** Over every text field's maximum (the longest is a 64 KB contact card), and far over it. */
export const HUGE_STRINGS = ['я'.repeat(70_000), 'x'.repeat(1_100_000)];
/** Over every list's maximum (the longest is 5,000), and the 200k locations. */
export const HUGE_LENGTHS = [5_001, 250_000];

const PLAUSIBLE = [
  'DMS', 'NPU', 'Огляд', 'ГРАНІТ', '2026-12-01T08:00:00Z', '2026-12-01T18:00:00+02:00', 'Europe/Kyiv', 'uk', 'customs_inspection',
];

export const controlText = fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...CONTROL_AND_BIDI), fc.string({ maxLength: 12 }))
  .map(([a, c, b]) => `${a}${c}${b}`);

const hostileString = fc.oneof(controlText, fc.constantFrom(...HUGE_STRINGS));
const hostileNumber = fc.constantFrom(-1, -1e9, 0.5, 1e15, 2 ** 53, 1e308, -0);

type Def = { type: string } & Record<string, unknown>;
const defOf = (s: unknown) => (s as { _zod: { def: Def } })._zod.def;

/** A hostile-leaved input for `schema`; `depth` stops recursive shapes. */
export function hostileFor(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const leaf = <T>(plausible: fc.Arbitrary<T>, hostile: fc.Arbitrary<unknown>) =>
    fc.oneof({ arbitrary: plausible, weight: 3 }, { arbitrary: hostile, weight: 1 });
  switch (def.type) {
    case 'string':
      return leaf(fc.constantFrom(...PLAUSIBLE), hostileString);
    case 'number':
      return leaf(fc.integer({ min: 0, max: 100 }), hostileNumber);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return leaf(fc.constantFrom(...Object.values(def.entries as Record<string, string>)), fc.constantFrom('bogus', '\u202e'));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'null':
      return fc.constant(null);
    case 'undefined':
      return fc.constant(undefined);
    case 'array': {
      const item = depth > 4 ? fc.constant('x') : hostileFor(def.element as z.ZodType, depth + 1);
      // The huge list repeats one sample: its length is the attack, not its memory.
      const huge = fc.tuple(fc.constantFrom(...HUGE_LENGTHS), item).map(([n, x]) => new Array<unknown>(n).fill(x));
      return leaf(fc.array(item, { maxLength: 3 }), huge);
    }
    case 'object': {
      if (depth > 5) return fc.constant({});
      const shape = def.shape as Record<string, z.ZodType>;
      return fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, hostileFor(v, depth + 1)])));
    }
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(hostileString, fc.constantFrom(...PLAUSIBLE)), { maxKeys: 3 });
    case 'optional':
      return fc.oneof(fc.constant(undefined), hostileFor(def.innerType as z.ZodType, depth));
    case 'nullable':
      return fc.oneof(fc.constant(null), hostileFor(def.innerType as z.ZodType, depth));
    case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      return hostileFor(def.innerType as z.ZodType, depth);
    case 'pipe':
      return hostileFor(def.in as z.ZodType, depth);
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map((o) => hostileFor(o, depth + 1)));
    case 'intersection':
      return hostileFor(def.left as z.ZodType, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
