import { defineConfig } from 'vitest/config';

// Dispatch parses every answer with its output schema (electron/api/dispatch.ts); the
// browser-mode servers and core workers the suites start inherit the variable.
const env = { SPILNO_CHECK_OUTPUTS: '1' };

// Node suites only; end-to-end suites drive real Chromium against browser mode and are named
// *.e2e.ts, run in the same command but in a separate project with one worker.
export default defineConfig({
  test: {
    // Removes the temp folders the run made when it ends (test/helpers/temp-run.ts).
    globalSetup: ['test/helpers/temp-run.ts'],
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          env,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          env,
        },
      },
    ],
  },
});
