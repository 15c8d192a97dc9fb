/**
 * The bundle's line splitter (bundle-format.ts) over decrypted chunks cut anywhere: inside a
 * line, inside a Cyrillic character, right after a newline. It must give back exactly the lines
 * written, and refuse bytes that are not UTF-8, a line without its end, and an endless line.
 * The first import pass only reads the header and counts the rest (HeaderThenLineCount): the
 * same header and number of lines, the same refusals of a cut or endless line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeaderThenLineCount, linesSync } from '../../../electron/sync/bundle-format.js';
import { DomainError } from '../../../shared/api/errors.js';

function cut(bytes: Buffer, at: readonly number[]): Buffer[] {
  const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out;
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('nothing was thrown');
}

const line = fc.array(fc.constantFrom('a', 'Я', 'ї', '«', '»', '"', '{', '}', ' ', '😀', '\\', 'z'), { maxLength: 40 }).map((cs) => cs.join(''));

describe('bundle lines', () => {
  it('gives back the lines written, however the bytes are cut', () => {
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 12 }), (written, at) => {
      const bytes = Buffer.from(written.map((l) => `${l}\n`).join(''), 'utf8');
      expect([...linesSync(cut(bytes, at))]).toEqual(written);
    }), { numRuns: 300 });
  });

  it('refuses bytes that are not UTF-8, in a whole line and in a cut character', () => {
    expect(() => [...linesSync([Buffer.from([0x61, 0xff, 0x0a])])]).toThrow(TypeError);
    // «Я» is d0 af: a line ending after d0 alone is damaged, even if the next chunk starts anew.
    expect(() => [...linesSync([Buffer.from([0x61, 0xd0]), Buffer.from([0x0a, 0x62, 0x0a])])]).toThrow(TypeError);
    expect(() => [...linesSync([Buffer.from([0x61, 0xd0])])]).toThrow(TypeError);
  });

  it('refuses a last line without its end, and an endless line', () => {
    const truncated = thrown(() => [...linesSync([Buffer.from('{"a":1}\n{"b":', 'utf8')])]);
    expect(truncated).toBeInstanceOf(DomainError);
    expect((truncated as Error).message).toContain('truncated');
    const mb = Buffer.alloc(1024 * 1024, 0x61);
    const endless = function* () {
      for (let i = 0; i < 6; i++) yield mb;
    };
    expect(() => [...linesSync(endless())]).toThrow(/overlong/);
  });

  it('the first pass finds the same header and counts the same lines, however the bytes are cut', () => {
    fc.assert(fc.property(line, fc.array(line, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 12 }), (header, written, at) => {
      const bytes = Buffer.from([header, ...written].map((l) => `${l}\n`).join(''), 'utf8');
      const reader = new HeaderThenLineCount();
      const headers = cut(bytes, at).map((c) => reader.push(c)).filter((h) => h !== null);
      reader.end();
      expect(headers).toEqual([header]);
      expect(reader.lines).toBe(written.length);
    }), { numRuns: 300 });
  });

  it('the first pass refuses a cut last line and an endless line, in the header or after it', () => {
    const read = (chunks: Buffer[]) => {
      const reader = new HeaderThenLineCount();
      for (const c of chunks) reader.push(c);
      reader.end();
    };
    expect(() => read([Buffer.from('{"magic":1}\n{"a":1}\n{"b":', 'utf8')])).toThrow(/truncated/);
    expect(() => read([Buffer.from('{"magic":1', 'utf8')])).toThrow(/truncated/);
    const mb = Buffer.alloc(1024 * 1024, 0x61);
    expect(() => read([Buffer.from('{"magic":1}\n', 'utf8'), ...Array.from({ length: 6 }, () => mb)])).toThrow(/overlong/);
    expect(() => read(Array.from({ length: 6 }, () => mb))).toThrow(/overlong/);
  });
});
