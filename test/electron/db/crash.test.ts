import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCrashTest } from '../../helpers/crash-driver.js';
import { tempDataDir } from '../../helpers/temp-context.js';

// 60 kills here and 200 in `npm run bench` (test/bench/durability.bench.ts).
const ITERATIONS = 60;

describe('crash test: SIGKILL while committing', () => {
  const dir = tempDataDir('spilno-crash-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`loses no reported commit and keeps integrity over ${ITERATIONS} kills`, async () => {
    const report = await runCrashTest(dir, ITERATIONS);
    expect(report.failures).toEqual([]);
    expect(report.iterations).toBe(ITERATIONS);
    expect(report.losses).toBe(0);
    expect(report.integrityFailures).toBe(0);
    // The kills must land while the child is committing, or the test proves nothing.
    expect(report.committed).toBeGreaterThan(ITERATIONS);
  }, 240_000);
});
