/**
 * Vitest's global setup: the temp folders a test run made are removed when the run ends.
 *
 * Why: tempDataDir removes a folder when its process exits, but vitest ends its worker processes
 * without that exit, so the e2e suites' data folders (a `spilno.db` each) outlived every run — 53
 * in one session, gigabytes over a few. Each worker adds the folders it makes to this run's list
 * (temp-dir.ts, by its parent's pid: vitest's own process, which runs this setup); the list is
 * per run, so two runs at once (a CI clone beside a local run) never remove each other's.
 */
import fs from 'node:fs';
import { runListOf } from './temp-dir.js';

export default function setup(): () => void {
  const list = runListOf(process.pid);
  fs.writeFileSync(list, '', { flag: 'a' });
  return () => {
    if (!fs.existsSync(list)) return;
    for (const dir of fs.readFileSync(list, 'utf8').split('\n')) {
      if (dir) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    }
    fs.rmSync(list, { force: true });
  };
}
