/**
 * Bad-input sweep (issue 8): every API method gets arbitrary JSON — also objects with the
 * method's own field names and hostile values — and every importer gets arbitrary bytes. Each
 * call must answer in bounded time with a typed, non-internal error or a valid answer, and a
 * failed call must leave every table (change record and audit trail included) as it was.
 *
 * Issue 15 adds inputs shaped like each method's own schema whose leaves are control and bidi
 * characters, strings far over any length, lists of up to 250,000 items and numbers out of
 * range (test/helpers/hostile-inputs.ts), with the same answers required and the memory a call
 * may take bounded too; and the importers get those classes as well (cards, courier headers,
 * CSV fields and rows).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API_ERROR_CODES } from '../../../shared/api/errors.js';
import { apiContract, apiMethodNames } from '../../../shared/api/index.js';
import { LIMITS, hasForbiddenChars } from '../../../shared/domain/bounds.js';
import { parseRoster } from '../../../shared/import/roster-csv.js';
import { dispatch } from '../../../electron/api/dispatch.js';
import { validateBackupFile } from '../../../electron/db/restore.js';
import { databasePath } from '../../../electron/db/connection.js';
import { verifyAudit } from '../../../electron/services/audit.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { latestSchemaVersion } from '../../../electron/services/durability.js';
import { CONTROL_AND_BIDI, HUGE_STRINGS, controlText, hostileFor } from '../../helpers/hostile-inputs.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

/** Methods whose valid inputs change the whole store (encrypt, lock, wipe, replace the file):
 *  swept with invalid inputs only; their own tests cover the valid ones. */
const STATE_CHANGING = new Set([
  'security.enable', 'security.lock', 'security.unlock', 'security.changePassphrase', 'security.wipe',
  'durability.restore', 'sync.createIdentity', 'sync.unlock',
]);
const CALL_BUDGET_MS = 10_000;
/** What one call may add to the process's resident memory (its input included). */
const CALL_MEMORY_BYTES = 512 * 1024 * 1024;

let t: TempContext;
let files: string;
beforeAll(() => {
  t = openTempContext();
  loadDemo(t.ctx);
  files = fs.mkdtempSync(path.join(t.dataDir, 'inputs-'));
});
afterAll(() => t.cleanup());

function snapshot(): Record<string, number> {
  const tables = t.ctx.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (t.ctx.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

function specOf(name: string): z.ZodType {
  const [domain, method] = name.split('.') as [string, string];
  return (apiContract as unknown as Record<string, Record<string, { input: z.ZodType }>>)[domain]![method]!.input;
}

/** Field names of an object schema (through defaults/optionals), for targeted garbage. */
function fieldNames(schema: z.ZodType): string[] {
  let s: unknown = schema;
  for (let i = 0; i < 4 && s && typeof s === 'object'; i++) {
    const def = (s as { def?: { type?: string; innerType?: unknown; shape?: Record<string, unknown> } }).def;
    if (def?.type === 'object' && def.shape) return Object.keys(def.shape);
    s = def?.innerType;
  }
  return [];
}

const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('', ' ', '../../etc/passwd', '\u0000', 'x'.repeat(5000), '2026-13-45T99:99:99Z', 'NaN', '-1', '💥', "'; DROP TABLE operations; --"),
  fc.integer(), fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -0, 1e308),
  fc.array(fc.string(), { maxLength: 5 }),
);

function inputsFor(name: string) {
  const names = fieldNames(specOf(name));
  const shaped = names.length > 0
    ? fc.dictionary(fc.constantFrom(...names), hostile, { maxKeys: names.length })
    : fc.constant({});
  return fc.oneof(fc.jsonValue({ maxDepth: 4 }), shaped, hostile);
}

const silent = () => {};

describe('bad-input sweep over every API method', () => {
  const methods = apiMethodNames();

  it.each(methods)('%s: typed answer, bounded time, no partial write', async (name) => {
    const [domain, method] = name.split('.') as [string, string];
    const spec = specOf(name);
    await fc.assert(
      fc.asyncProperty(inputsFor(name), async (input) => {
        const valid = spec.safeParse(input).success;
        if (valid && STATE_CHANGING.has(name)) return;
        const before = snapshot();
        const t0 = performance.now();
        const result = await dispatch(t.ctx, domain, method, input, silent);
        expect(performance.now() - t0).toBeLessThan(CALL_BUDGET_MS);
        if (result.ok) return;
        expect(API_ERROR_CODES).toContain(result.error.code);
        expect(result.error.code).not.toBe('internal');
        if (!valid) expect(result.error.code).toBe('invalid_input');
        expect(snapshot()).toEqual(before);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('leaves the audit trail intact after the sweep', () => {
    expect(verifyAudit(t.ctx.db).ok).toBe(true);
  });
});

describe('hostile leaves in inputs shaped like each method\'s own (issue 15)', () => {
  const methods = apiMethodNames();

  it.each(methods)('%s: typed answer, bounded time and memory, no partial write', async (name) => {
    const [domain, method] = name.split('.') as [string, string];
    const spec = specOf(name);
    await fc.assert(
      fc.asyncProperty(hostileFor(spec), async (input) => {
        const valid = spec.safeParse(input).success;
        if (valid && STATE_CHANGING.has(name)) return;
        const before = snapshot();
        const rss = process.memoryUsage().rss;
        const t0 = performance.now();
        const result = await dispatch(t.ctx, domain, method, input, silent);
        expect(performance.now() - t0).toBeLessThan(CALL_BUDGET_MS);
        expect(process.memoryUsage().rss - rss).toBeLessThan(CALL_MEMORY_BYTES);
        if (result.ok) return;
        expect(API_ERROR_CODES).toContain(result.error.code);
        expect(result.error.code).not.toBe('internal');
        if (!valid) expect(result.error.code).toBe('invalid_input');
        expect(snapshot()).toEqual(before);
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('no text field anywhere lets a control or bidi character through', () => {
    for (const name of methods) {
      const spec = specOf(name);
      fc.assert(fc.property(hostileFor(spec), (input) => {
        const r = spec.safeParse(input);
        if (!r.success) return;
        // Passphrases may hold any character (never shown, stored or exported): not text.
        const text = JSON.stringify(r.data, (k, v: unknown) => (/passphrase|^current$|^next$/i.test(k) ? undefined : v));
        // JSON escapes C0 controls as \uXXXX: look for those escapes and for the raw others.
        for (const c of CONTROL_AND_BIDI) {
          const escaped = JSON.stringify(c).slice(1, -1);
          if (c === '\u0000' || c.startsWith('\u001b') || c === '\u000b') expect(text, name).not.toContain(escaped);
          else expect(text, name).not.toContain(c);
        }
      }), { numRuns: 30 });
    }
  }, 120_000);

  it('leaves the audit trail intact after the sweep', () => {
    expect(verifyAudit(t.ctx.db).ok).toBe(true);
  });
});

describe('bad-input sweep over importers', () => {
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 4096 }),
    fc.string({ maxLength: 2000 }).map((s) => Buffer.from(s)),
    fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v))),
  );
  let n = 0;
  const fileWith = (content: Uint8Array) => {
    const f = path.join(files, `in-${n++}`);
    fs.writeFileSync(f, content);
    return f;
  };

  it('backup files: damaged, truncated or foreign files are refused, never thrown', async () => {
    t.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    const good = fs.readFileSync(databasePath(t.dataDir));
    const damaged = fc.tuple(fc.nat({ max: good.length - 1 }), fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.boolean()).map(([at, junk, truncate]) => {
      const copy = Buffer.from(good);
      copy.set(junk.subarray(0, copy.length - at), at);
      return truncate ? copy.subarray(0, at) : copy;
    });
    fc.assert(
      fc.property(fc.oneof(bytes, damaged), (content) => {
        const v = validateBackupFile(fileWith(content), latestSchemaVersion());
        if (!v.ok) expect(typeof v.problem).toBe('string');
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('contact cards and sync bundles: typed errors, nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, fc.constantFrom('addPeer', 'previewImport', 'importBundle'), async (content, method) => {
        const before = snapshot();
        // A card travels as its text; a bundle as the handle the shell would have granted.
        const input = method === 'addPeer'
          ? { card: Buffer.from(content).toString('utf8') }
          : { file: t.ctx.files.grant({ kind: 'read', path: fileWith(content) }).handle };
        const r = await dispatch(t.ctx, 'sync', method, input, silent);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.code).not.toBe('internal');
        expect(snapshot()).toEqual(before);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('contact cards with control or bidi characters, or far too long, are refused typed; nothing written', async () => {
    const card = fc.oneof(controlText, fc.constantFrom(...HUGE_STRINGS), controlText.map((c) => JSON.stringify({ format: 'spilno-contact-card', unitName: c })));
    await fc.assert(fc.asyncProperty(card, async (text) => {
      const before = snapshot();
      const r = await dispatch(t.ctx, 'sync', 'addPeer', { card: text }, silent);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).not.toBe('internal');
      expect(snapshot()).toEqual(before);
    }), { numRuns: 40 });
  }, 120_000);

  it('courier bundles naming any scrypt cost over 2^18 are refused before any work', async () => {
    const header = fc.tuple(fc.oneof(fc.integer({ min: 19, max: 200 }).map(String), fc.constantFrom('abc', '', '-1', '1e9', '018')), fc.uint8Array({ maxLength: 256 }))
      .map(([logN, tail]) => Buffer.concat([Buffer.from(`age-encryption.org/v1\n-> scrypt c2FsdHNhbHRzYWx0c2FsdA ${logN}\nAAAA\n--- AAAA\n`), tail]));
    await fc.assert(fc.asyncProperty(header, async (content) => {
      const before = snapshot();
      const t0 = performance.now();
      const r = await dispatch(t.ctx, 'sync', 'previewImport', {
        file: t.ctx.files.grant({ kind: 'read', path: fileWith(content) }).handle, courierPassphrase: 'passphrase-1234',
      }, silent);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).not.toBe('internal');
      expect(snapshot()).toEqual(before);
    }), { numRuns: 20 });
  }, 120_000);

  it('roster CSV with control characters, huge fields and too many rows: issues, never throws, bounded', () => {
    const agencies = { agencies: [{ id: 'DMS', code: 'DMS' }], units: [] };
    const csv = fc.oneof(
      controlText.map((c) => `agency,fullName\nDMS,${c}\n`),
      fc.integer({ min: LIMITS.csvFieldChars + 1, max: 3_000_000 }).map((n) => `agency,fullName\nDMS,"${'x'.repeat(n)}"\n`),
      fc.integer({ min: LIMITS.rosterRows + 1, max: 20_000 }).map((n) => `agency,fullName\n${'DMS,Особа\n'.repeat(n)}`),
      fc.integer({ min: 101, max: 5_000 }).map((n) => `${Array(n).fill('x').join(',')}\n`),
    );
    fc.assert(fc.property(csv, (text) => {
      const t0 = performance.now();
      const r = parseRoster('people', text, agencies);
      expect(performance.now() - t0).toBeLessThan(2000);
      // A control character at a field's edge is trimmed away like a space; inside, it makes
      // the row invalid. Either way none reaches a draft.
      for (const row of r.rows) {
        for (const v of Object.values(row.draft ?? {})) if (typeof v === 'string') expect(hasForbiddenChars(v)).toBe(false);
      }
      if (text.length > 100_000 || text.split('\n').length > LIMITS.rosterRows + 2) expect(r.fileIssues.length).toBeGreaterThan(0);
    }), { numRuns: 30 });
  });

  it('roster CSV: any text parses to rows and issues, never throws', () => {
    const dir = { agencies: [{ id: 'DMS', code: 'DMS' }, { id: 'NPU', code: 'NPU' }], units: [] };
    const csvish = fc.array(fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('"', '""', ';', ',', '\r\n', 'DMS', 'Прізвище')), { maxLength: 8 }), { maxLength: 30 })
      .map((rows) => rows.map((r) => r.join(',')).join('\n'));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 3000 }), csvish), fc.constantFrom('people' as const, 'resources' as const), (text, kind) => {
        const t0 = performance.now();
        const r = kind === 'people' ? parseRoster('people', text, dir) : parseRoster('resources', text, dir);
        expect(performance.now() - t0).toBeLessThan(2000);
        expect(Array.isArray(r.rows)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
