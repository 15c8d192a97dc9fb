/** Foundation commands: init, demo, operations list, web. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OperationListQuery } from '../../../shared/api/operations.js';
import { initializeSite } from '../../services/context.js';
import { openDataDir } from '../../db/connection.js';
import { loadDemo } from '../../services/demo.js';
import { listOperations } from '../../services/operations.js';
import { systemInfo } from '../../services/system.js';
import { startWebServer } from '../../server/web-server.js';
import { startCoreWorker } from '../../core/core-client.js';
import { openServiceContext } from '../../services/context.js';
import { dataDirOf, withCliContext, stringOpt, CliError, type CliCommand } from '../cli-kit.js';

export const RENDERER_DIR = fileURLToPath(new URL('../../../renderer/', import.meta.url));

export const initCommand: CliCommand = {
  path: ['init'],
  summary: 'Create (or open) the database in the data folder and seed reference agencies',
  usage: 'spilno init [--data-dir DIR] [--agency CODE] [--unit NAME] [--json]',
  options: { agency: { type: 'string' }, unit: { type: 'string' } },
  run(args, io) {
    const dataDir = dataDirOf(args);
    const db = openDataDir(dataDir);
    try {
      initializeSite(db, {
        ...(stringOpt(args, 'agency') ? { agencyId: stringOpt(args, 'agency')! } : {}),
        ...(stringOpt(args, 'unit') ? { unitName: stringOpt(args, 'unit')! } : {}),
      });
    } finally {
      db.close();
    }
    const ctx = openServiceContext({ dataDir, mode: 'cli' });
    try {
      const info = systemInfo(ctx);
      if (args.values.json) io.out(JSON.stringify(info));
      else io.out(`Spilno data folder ready: ${info.dataDir} (site ${info.siteId}, schema v${info.schemaVersion}, agency ${ctx.agencyId})`);
    } finally {
      ctx.db.close();
    }
    return 0;
  },
};

export const demoCommand: CliCommand = {
  path: ['demo'],
  summary: 'Load the demo controlled-delivery operation',
  usage: 'spilno demo [--data-dir DIR] [--json]',
  run(args, io) {
    return withCliContext(args, (ctx) => {
      const { operationId } = loadDemo(ctx);
      if (args.values.json) io.out(JSON.stringify({ operationId }));
      else io.out(`Demo operation loaded: ${operationId}`);
      return 0;
    });
  },
};

export const operationsListCommand: CliCommand = {
  path: ['operations', 'list'],
  summary: 'List operations',
  usage: 'spilno operations list [--data-dir DIR] [--search TEXT] [--status S] [--json]',
  options: { search: { type: 'string' }, status: { type: 'string', multiple: true } },
  run(args, io) {
    return withCliContext(args, (ctx) => {
      const query = OperationListQuery.safeParse({
        search: stringOpt(args, 'search') ?? '',
        statuses: (args.values.status as string[] | undefined) ?? [],
      });
      if (!query.success) throw new CliError(`Invalid filter: ${query.error.issues[0]?.message}`, 2);
      const ops = listOperations(ctx, query.data);
      if (args.values.json) {
        io.out(JSON.stringify(ops, null, 2));
      } else if (ops.length === 0) {
        io.out('No operations. Load the demo with: spilno demo');
      } else {
        for (const o of ops) {
          io.out(`${o.id}  ${o.status.padEnd(9)} ${o.handlingCode}  ${o.startsAt.slice(0, 16)}  ${o.codeName}  (${o.type}, lead ${o.leadAgencyId}, ${o.taskCount} tasks)`);
        }
      }
      return 0;
    });
  },
};

export const webCommand: CliCommand = {
  path: ['web'],
  summary: 'Serve the app in browser mode on 127.0.0.1 (prints the URL with its token)',
  usage: 'spilno web [--data-dir DIR] [--port N] [--outbox DIR --inbox DIR]',
  options: { port: { type: 'string' }, outbox: { type: 'string' }, inbox: { type: 'string' } },
  async run(args, io) {
    const port = Number(stringOpt(args, 'port') ?? '0');
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('--port must be 0–65535', 2);
    const folders = { outbox: stringOpt(args, 'outbox'), inbox: stringOpt(args, 'inbox') };
    if ((folders.outbox === undefined) !== (folders.inbox === undefined)) throw new CliError('--outbox and --inbox go together', 2);
    // The core (database, services, backups, auto-lock) runs in a worker; this thread serves.
    const core = await startCoreWorker({ dataDir: dataDirOf(args), mode: 'browser' });
    // The page cannot name a folder (it never names a path): the folder exchange of browser
    // mode uses the two named here, granted to the session by the person who started it.
    for (const role of ['outbox', 'inbox'] as const) {
      const dir = folders[role];
      if (dir === undefined) continue;
      fs.mkdirSync(dir, { recursive: true });
      const granted = await core.grant({ kind: 'folder', path: dir, role });
      if (!granted.ok) {
        await core.close();
        throw new CliError(`--${role} ${dir}: ${granted.error.message}`, 2);
      }
    }
    const server = await startWebServer({ core, rendererDir: path.resolve(RENDERER_DIR), port });
    io.out(`Spilno browser mode: ${server.launchUrl}`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    await core.close();
    return 0;
  },
};
