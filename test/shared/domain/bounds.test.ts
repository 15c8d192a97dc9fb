/**
 * The text policy and the bounds (issue 15): control and bidi characters refused in every text
 * field, lists and numbers bounded, and a walk over the whole contract that finds any input
 * field declared without a bound.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiContract } from '../../../shared/api/index.js';
import {
  LIMITS, MultilineText, RequiredText, Text, hasForbiddenChars, textPolicyOf, withoutForbiddenChars,
} from '../../../shared/domain/bounds.js';
import { OperationDraft } from '../../../shared/domain/operation.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { coreMessages } from '../../../shared/i18n/messages/core.js';

const HOSTILE = {
  nul: 'a\u0000b', esc: 'red\u001b[31m', vt: 'a\u000bb', del: 'a\u007fb', nel: 'a\u0085b',
  lineSeparator: 'a\u2028b', paragraphSeparator: 'a\u2029b', rlo: 'ABC\u202Eexe.pdf',
  lre: 'a\u202Ab', rli: 'a\u2067b', pdi: 'a\u2069b', loneHigh: 'a\uD800b', loneLow: 'a\uDC00b',
  carriageReturnInLine: 'a\rb', newlineInLine: 'a\nb', tabInLine: 'a\tb',
};

describe('text policy', () => {
  it.each(Object.entries(HOSTILE))('a single-line field refuses %s', (_name, value) => {
    const r = Text(100).safeParse(value);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toContain('v.controlChars');
    expect(RequiredText(100).safeParse(value).success).toBe(false);
  });

  it('a multi-line field keeps newline and tab, reads CR LF and CR as LF, refuses the rest', () => {
    expect(MultilineText(100).parse('рядок 1\r\nрядок 2\rрядок\t3')).toBe('рядок 1\nрядок 2\nрядок\t3');
    for (const [name, value] of Object.entries(HOSTILE)) {
      if (['carriageReturnInLine', 'newlineInLine', 'tabInLine'].includes(name)) continue;
      expect(MultilineText(100).safeParse(value).success, name).toBe(false);
    }
  });

  it('accepts Ukrainian text, apostrophes, emoji (paired surrogates) and the direction marks of real text', () => {
    for (const ok of ['Митний пост «Ягодин»', 'Під’їзд № 3', 'обʼєкт', '🚚 колона', 'שלום\u200Fабв']) {
      expect(Text(100).parse(ok)).toBe(ok);
      expect(hasForbiddenChars(ok)).toBe(false);
    }
  });

  it('strips what it refuses for exporters of older data', () => {
    expect(withoutForbiddenChars('A\u202EB\u0000C\u2028D')).toBe('ABCD');
    expect(withoutForbiddenChars('a\r\nb\u000bc\td', true)).toBe('a\nbc\td');
  });

  it('has a Ukrainian and an English message for every new key', () => {
    for (const key of ['v.controlChars', 'v.tooMany', 'v.token', 'v.range'] as const) {
      expect(coreMessages.uk[key]).toMatch(/\S/);
      expect(coreMessages.en[key]).toMatch(/\S/);
      expect(coreMessages.uk[key]).not.toBe(coreMessages.en[key]);
    }
  });
});

describe('bounds on planning data', () => {
  const op = {
    codeName: 'ТЕСТ', type: 'joint_search', leadAgencyId: 'DMS', legalBasis: 'ст. 558',
    startsAt: '2026-12-01T08:00:00Z', endsAt: '2026-12-01T18:00:00Z',
  };

  it('refuses 200 000 locations with a typed issue, quickly (the items are not even parsed)', () => {
    const locations = Array.from({ length: 200_000 }, (_, i) => ({ label: `L${i}`, point: null }));
    const t0 = performance.now();
    const r = OperationDraft.safeParse({ ...op, locations });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['locations'], message: 'v.tooMany' });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it.each(['locations', 'risks', 'comms', 'subjects'] as const)('caps %s at the declared limit', (field) => {
    const item = {
      locations: { label: 'x', point: null },
      risks: { threat: 'x', likelihood: 'low', impact: 'low' },
      comms: { channel: 'x' },
      subjects: { kind: 'person', fullName: 'x' },
    }[field];
    const limit = { locations: LIMITS.operationLocations, risks: LIMITS.operationRisks, comms: LIMITS.operationComms, subjects: LIMITS.operationSubjects }[field];
    expect(OperationDraft.safeParse({ ...op, [field]: Array(limit).fill(item) }).success).toBe(true);
    expect(OperationDraft.safeParse({ ...op, [field]: Array(limit + 1).fill(item) }).success).toBe(false);
  });

  it('refuses a code name carrying a right-to-left override and keeps multi-line notes', () => {
    expect(OperationDraft.safeParse({ ...op, codeName: 'ГРІМ\u202E' }).success).toBe(false);
    const task = TaskDraft.parse({
      operationId: 'op', title: 'Огляд', type: 'customs_inspection', accountableAgencyId: 'DMS',
      startsAt: '2026-12-01T08:00:00Z', endsAt: '2026-12-01T09:00:00Z', notes: 'перше\r\nдруге',
    });
    expect(task.notes).toBe('перше\nдруге');
  });
});

/** Walks an input schema and names every place a value is not bounded. */
function unbounded(schema: z.ZodType, path: string, out: string[], seen = new Set<unknown>()): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const checks = ((def.checks ?? []) as { _zod: { def: { check: string; format?: string } } }[]).map((c) => c._zod.def);
  const has = (check: string, format?: string) => checks.some((c) => c.check === check && (format === undefined || c.format === format));
  switch (def.type) {
    case 'string': {
      const format = typeof def.format === 'string';
      if (!format && !has('max_length') && !has('length_equals')) out.push(`${path}: string without a maximum length`);
      if (!format && !has('string_format') && textPolicyOf(schema) === null) out.push(`${path}: free text outside the text policy`);
      return;
    }
    case 'number':
      if (!has('number_format') && !(has('greater_than') && has('less_than'))) out.push(`${path}: number without a range`);
      return;
    case 'array':
      if (!has('max_length') && !has('length_equals')) out.push(`${path}: list without a maximum length`);
      unbounded(def.element as z.ZodType, `${path}[]`, out, seen);
      return;
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) unbounded(v, `${path}.${k}`, out, seen);
      return;
    case 'record':
      out.push(`${path}: record (unbounded keys)`);
      return;
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      unbounded(def.innerType as z.ZodType, path, out, seen);
      return;
    case 'pipe':
      unbounded(def.in as z.ZodType, path, out, seen);
      return;
    case 'union':
      (def.options as z.ZodType[]).forEach((o, i) => unbounded(o, `${path}|${i}`, out, seen));
      return;
    case 'intersection':
      unbounded(def.left as z.ZodType, path, out, seen);
      unbounded(def.right as z.ZodType, path, out, seen);
      return;
    case 'enum': case 'literal': case 'boolean': case 'null': case 'undefined': case 'transform':
      return;
    default:
      out.push(`${path}: unexpected schema type ${def.type}`);
  }
}

describe('every input of the contract is bounded', () => {
  const methods = Object.entries(apiContract).flatMap(([d, ms]) =>
    Object.entries(ms as Record<string, { input: z.ZodType }>).map(([m, spec]) => [`${d}.${m}`, spec.input] as const));

  it.each(methods)('%s', (_name, input) => {
    const out: string[] = [];
    unbounded(input, 'input', out);
    expect(out).toEqual([]);
  });
});
