/** A real SQLite file in a fresh temp folder, opened through the same context the app uses. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openServiceContext, type ServiceContext } from '../../electron/services/context.js';

export interface TempContext {
  ctx: ServiceContext;
  dataDir: string;
  reopen(): ServiceContext;
  cleanup(): void;
}

export function tempDataDir(prefix = 'spilno-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function openTempContext(options: { now?: () => Date } = {}): TempContext {
  const dataDir = tempDataDir();
  const open = () => openServiceContext({ dataDir, mode: 'cli', ...(options.now ? { now: options.now } : {}) });
  let ctx = open();
  return {
    get ctx() {
      return ctx;
    },
    dataDir,
    reopen() {
      ctx.db.close();
      ctx = open();
      return ctx;
    },
    cleanup() {
      if (ctx.db.open) ctx.db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
