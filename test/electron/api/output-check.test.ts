/**
 * Under test every answer is parsed with its method's output schema (SPILNO_CHECK_OUTPUTS=1,
 * set in vitest.config.ts): a service answering outside the contract is an `internal` error, not
 * a shape the renderer does not expect. Here a row written behind the services' back (as a
 * damaged file or a foreign tool could) makes `operations.get` answer a status the contract
 * does not know.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
beforeEach(() => {
  t = openTempContext();
});
afterEach(() => t.cleanup());

describe('dispatch checks answers against the contract in tests', () => {
  it('is switched on for the suites', () => {
    expect(process.env['SPILNO_CHECK_OUTPUTS']).toBe('1');
  });

  it('turns an answer outside the output schema into an internal error', async () => {
    const { operationId } = loadDemo(t.ctx);
    expect(await dispatch(t.ctx, 'operations', 'get', { id: operationId })).toMatchObject({ ok: true });
    t.ctx.db.pragma('ignore_check_constraints = ON');
    t.ctx.db.prepare("UPDATE operations SET status = 'bogus' WHERE id = ?").run(operationId);
    const logged: unknown[] = [];
    const r = await dispatch(t.ctx, 'operations', 'get', { id: operationId }, (...a) => void logged.push(a));
    expect(r).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/operations\.get answered outside its contract/) } });
    expect(logged).toHaveLength(1);
  });
});
