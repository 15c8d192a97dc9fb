/** Fresh folders in the system temp folder for tests and benches, removed when the process exits. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Folders made by this test process, removed when it exits: a suite that fails or forgets
 *  its cleanup must not fill the disk (sessions left 50 GB behind; on a full disk Syncthing
 *  stops syncing and the real-Syncthing tests failed with it). Each test file runs in its own
 *  process, so a folder lives as long as its file's tests. */
const madeHere = new Set<string>();

function removeAtExit(dir: string): void {
  if (madeHere.size === 0) {
    process.once('exit', () => {
      for (const d of madeHere) {
        try {
          fs.rmSync(d, { recursive: true, force: true });
        } catch {
          // A folder still held by a child process is left; the next clean machine drops it.
        }
      }
    });
  }
  madeHere.add(dir);
}

/** The list of folders made during a vitest run (temp-run.ts), named by vitest's own pid. */
export function runListOf(vitestPid: number): string {
  return path.join(os.tmpdir(), `spilno-test-run-${vitestPid}.list`);
}

/** This process's run list when it is a vitest worker (null in a bench or a script). */
const runList = ((): string | null => {
  const list = runListOf(process.ppid);
  return fs.existsSync(list) ? list : null;
})();

export function tempDataDir(prefix = 'spilno-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  removeAtExit(dir);
  if (runList) fs.appendFileSync(runList, `${dir}\n`);
  return dir;
}
