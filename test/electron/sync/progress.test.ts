/** The progress registry behind `sync.jobProgress` (electron/sync/progress.ts). */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readProgress, withProgress, type ProgressFn } from '../../../electron/sync/progress.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('progress registry', () => {
  it('records the latest report under the id and marks the end, failed or not', async () => {
    const id = randomUUID();
    expect(readProgress(id)).toBeNull();
    const result = await withProgress(id, 'decrypt', async (on) => {
      expect(readProgress(id)).toEqual({ phase: 'decrypt', done: 0, total: 0, finished: false, failed: false });
      await on!({ phase: 'decrypt', done: 10, total: 40 });
      expect(readProgress(id)).toMatchObject({ phase: 'decrypt', done: 10, total: 40, finished: false });
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(readProgress(id)).toEqual({ phase: 'decrypt', done: 10, total: 40, finished: true, failed: false });

    const bad = randomUUID();
    await expect(withProgress(bad, 'select', async () => {
      throw new Error('refused');
    })).rejects.toThrow('refused');
    expect(readProgress(bad)).toMatchObject({ finished: true, failed: true });
  });

  it('a new phase waits until a poll has read it; the same phase only yields a turn', async () => {
    const id = randomUUID();
    await withProgress(id, 'decrypt', async (on) => {
      const report = on as ProgressFn;
      let settled = false;
      const waiting = Promise.resolve(report({ phase: 'verify', done: 0, total: 1 })).then(() => (settled = true));
      await sleep(50);
      expect(settled).toBe(false); // nobody has polled yet
      expect(readProgress(id)?.phase).toBe('verify');
      expect(await Promise.race([waiting.then(() => 'read'), sleep(500).then(() => 'timed out')])).toBe('read');
      expect(settled).toBe(true);
      await report({ phase: 'verify', done: 1, total: 1 }); // settles without any poll
    });
  });

  it('a caller that never polls is held at most about a second per phase', async () => {
    await withProgress(randomUUID(), 'decrypt', async (on) => {
      const waiting = Promise.resolve(on!({ phase: 'validate', done: 0, total: 5 }));
      expect(await Promise.race([waiting.then(() => 'went on'), sleep(3000).then(() => 'stuck')])).toBe('went on');
    });
  });

  it('without an id the call runs with no callback and nothing is recorded', async () => {
    let given: ProgressFn | undefined = () => undefined;
    await withProgress(undefined, 'select', async (on) => {
      given = on;
    });
    expect(given).toBeUndefined();
  });
});
