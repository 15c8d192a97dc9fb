/** The progress registry behind progress events and `sync.jobProgress` (electron/services/progress.ts). */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../shared/api/events.js';
import { JobProgress, type ProgressFn } from '../../../electron/services/progress.js';

function registry() {
  const published: ProgressEvent[] = [];
  return { jobs: new JobProgress((e) => published.push(e)), published };
}

describe('progress registry', () => {
  it('publishes every report under the id, keeps the latest, and marks the end, failed or not', async () => {
    const { jobs, published } = registry();
    const id = randomUUID();
    expect(jobs.read(id)).toBeNull();
    const result = await jobs.run(id, 'decrypt', async (on) => {
      expect(jobs.read(id)).toEqual({ phase: 'decrypt', done: 0, total: 0, finished: false, failed: false });
      await on!({ phase: 'decrypt', done: 10, total: 40 });
      expect(jobs.read(id)).toMatchObject({ phase: 'decrypt', done: 10, total: 40, finished: false });
      void on!({ phase: 'verify', done: 0, total: 1 });
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(jobs.read(id)).toEqual({ phase: 'verify', done: 0, total: 1, finished: true, failed: false });
    expect(published).toEqual([
      { type: 'progress', jobId: id, progress: { phase: 'decrypt', done: 10, total: 40, finished: false, failed: false } },
      { type: 'progress', jobId: id, progress: { phase: 'verify', done: 0, total: 1, finished: false, failed: false } },
      { type: 'progress', jobId: id, progress: { phase: 'verify', done: 0, total: 1, finished: true, failed: false } },
    ]);

    const bad = randomUUID();
    await expect(jobs.run(bad, 'select', async () => {
      throw new Error('refused');
    })).rejects.toThrow('refused');
    expect(jobs.read(bad)).toMatchObject({ finished: true, failed: true });
    expect(published.at(-1)).toMatchObject({ jobId: bad, progress: { finished: true, failed: true } });
  });

  it('a report is published at once, inside synchronous code, and only yields one turn', async () => {
    const { jobs, published } = registry();
    const id = randomUUID();
    await jobs.run(id, 'decrypt', async (on) => {
      const report = on as ProgressFn;
      // As inside the apply transaction: no await between the report and the check.
      void report({ phase: 'apply', done: 0, total: 5 });
      expect(published.at(-1)).toMatchObject({ progress: { phase: 'apply' } });
      let settled = false;
      const waiting = Promise.resolve(report({ phase: 'validate', done: 0, total: 5 })).then(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(settled).toBe(true); // nobody needs to read it for the job to go on
      await waiting;
    });
  });

  it('without an id the call runs with no callback and nothing is recorded or published', async () => {
    const { jobs, published } = registry();
    let given: ProgressFn | undefined = () => undefined;
    await jobs.run(undefined, 'select', async (on) => {
      given = on;
    });
    expect(given).toBeUndefined();
    expect(published).toEqual([]);
  });
});
