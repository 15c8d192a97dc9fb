/** The core's answers as JSON bytes (electron/core/answer-json.ts): text in UTF-8 read back as written; what JSON cannot write is an internal error, not a crash of the core. */
import { describe, expect, it } from 'vitest';
import { decodeAnswer, encodeAnswer } from '../../../electron/core/answer-json.js';

describe('answers as JSON bytes', () => {
  it('are UTF-8 JSON in a buffer of their own, read back as written', () => {
    const answer = { ok: true as const, value: { codeName: 'ЯНТАРНИЙ ШЛЯХ 🚚', n: 1.5, list: [null, 'a'] } };
    const json = encodeAnswer(answer);
    expect(json.byteOffset).toBe(0);
    expect(json.buffer.byteLength).toBe(json.byteLength);
    expect(Buffer.from(json).toString('utf8')).toBe(JSON.stringify(answer));
    expect(decodeAnswer(json)).toEqual(answer);
  });

  it('answer internal for a value JSON cannot write', () => {
    const errors: unknown[] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      expect(decodeAnswer(encodeAnswer({ ok: true, value: { big: 10n } }))).toMatchObject({ ok: false, error: { code: 'internal' } });
    } finally {
      console.error = log;
    }
    expect(errors).toHaveLength(1);
  });
});
