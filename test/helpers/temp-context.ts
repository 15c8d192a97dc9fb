/** A real SQLite file in a fresh temp folder, opened through the same context the app uses. */
import fs from 'node:fs';
import { openServiceContext, type ServiceContext } from '../../electron/services/context.js';

export interface TempContext {
  ctx: ServiceContext;
  dataDir: string;
  reopen(): ServiceContext;
  cleanup(): void;
}

import { tempDataDir } from './temp-dir.js';

export { tempDataDir };

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
