import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API_ERROR_CODES } from '../../../shared/api/errors.js';
import { apiContract, apiMethodNames } from '../../../shared/api/index.js';
import { dispatch } from '../../../electron/api/dispatch.js';
import { countChanges } from '../../../electron/db/repos/change-log.repo.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
let demoId: string;
beforeAll(() => {
  t = openTempContext();
  demoId = loadDemo(t.ctx).operationId;
});
afterAll(() => t.cleanup());

/** Row counts of every table: "nothing written" means none of them moved. */
function snapshot(): Record<string, number> {
  const tables = t.ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (t.ctx.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

const silent = () => {};

describe('API contract', () => {
  it('every method answers a typed error for malformed input and writes nothing', async () => {
    const methods = apiMethodNames();
    expect(methods.length).toBeGreaterThan(30);
    const malformed = fc.oneof(
      fc.constantFrom(null, 42, 'text', true, [], [1, 2]),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.integer())), { maxKeys: 4 }),
      fc.record({ id: fc.oneof(fc.integer(), fc.constant('../../etc/passwd'), fc.constant('')) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), malformed, async (name, input) => {
        const [domain, method] = name.split('.') as [string, string];
        const spec = (apiContract as unknown as Record<string, Record<string, { input: z.ZodType }>>)[domain]![method]!;
        const before = snapshot();
        const result = await dispatch(t.ctx, domain, method, input, silent);
        if (spec.input.safeParse(input).success) {
          // Some inputs are legitimately valid (an empty filter); they may answer ok or a typed error.
          if (!result.ok) expect(API_ERROR_CODES).toContain(result.error.code);
          return;
        }
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('invalid_input');
          expect(result.error.issues?.length).toBeGreaterThan(0);
        }
        expect(snapshot()).toEqual(before);
      }),
      { numRuns: 400, seed: 20261128 },
    );
  });

  it('refuses unknown domains and methods, including prototype names', async () => {
    for (const [d, m] of [['operations', 'drop'], ['__proto__', 'x'], ['operations', 'constructor'], ['', '']]) {
      const r = await dispatch(t.ctx, d!, m!, {}, silent);
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('answers not_found for a well-formed id that does not exist, and internal errors carry no detail', async () => {
    expect(await dispatch(t.ctx, 'operations', 'get', { id: 'missing' }, silent)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('outputs of read methods satisfy their output schemas', async () => {
    const reads: [string, string, unknown][] = [
      ['operations', 'list', {}], ['operations', 'get', { id: demoId }], ['operations', 'getPlan', { id: demoId }],
      ['tasks', 'listByOperation', { operationId: demoId }],
      ['tasks', 'listInRange', { from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' }],
      ['directory', 'listAgencies', {}], ['directory', 'listUnits', {}], ['directory', 'listPeople', {}],
      ['directory', 'listResources', {}], ['exchange', 'list', {}], ['system', 'info', {}],
      ['system', 'listChanges', { afterSeq: 0, limit: 50 }],
    ];
    for (const [domain, method, input] of reads) {
      const r = await dispatch(t.ctx, domain, method, input, silent);
      expect(r.ok, `${domain}.${method}`).toBe(true);
      const spec = (apiContract as unknown as Record<string, Record<string, { output: z.ZodType }>>)[domain]![method]!;
      const parsed = spec.output.safeParse(r.ok ? r.value : undefined);
      expect(parsed.success, `${domain}.${method}: ${parsed.success ? '' : z.prettifyError(parsed.error)}`).toBe(true);
    }
  });

  it('a valid create goes through dispatch and is recorded', async () => {
    const before = countChanges(t.ctx.db);
    const r = await dispatch(t.ctx, 'operations', 'create', {
      codeName: 'ЧЕРЕЗ API', type: 'working_group', leadAgencyId: 'DMS', formality: 'informal',
      startsAt: '2026-12-01T09:00:00+02:00', endsAt: '2026-12-01T11:00:00+02:00',
    }, silent);
    expect(r).toMatchObject({ ok: true, value: { codeName: 'ЧЕРЕЗ API', status: 'draft', startsAt: '2026-12-01T07:00:00.000Z' } });
    expect(countChanges(t.ctx.db)).toBeGreaterThan(before);
  });
});
