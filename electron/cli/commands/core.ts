/** Foundation commands: init, demo, operations list, web. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OperationListQuery } from '../../../shared/api/operations.js';
import { initializeSite } from '../../services/context.js';
import { openDataDir } from '../../db/connection.js';
import { loadDemo } from '../../services/demo.js';
import { getOperationById, listOperations } from '../../services/operations.js';
import { getLegalSpine } from '../../services/legal.js';
import { listAgencies } from '../../db/repos/agencies.repo.js';
import { agencyNamer } from '../../../shared/domain/directory.js';
import { LANGS, type Lang } from '../../../shared/i18n/catalog.js';
import { tDynamic } from '../../../shared/i18n/index.js';
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
  summary: 'Load the demo controlled-delivery operation (--with-completed: and a completed one with results)',
  usage: 'spilno demo [--data-dir DIR] [--with-completed] [--json]',
  options: { 'with-completed': { type: 'boolean' } },
  run(args, io) {
    return withCliContext(args, (ctx) => {
      const { operationId, completedOperationId } = loadDemo(ctx, { withCompleted: args.values['with-completed'] === true });
      if (args.values.json) io.out(JSON.stringify({ operationId, ...(completedOperationId ? { completedOperationId } : {}) }));
      else {
        io.out(`Demo operation loaded: ${operationId}`);
        if (completedOperationId) io.out(`Completed demo operation loaded: ${completedOperationId}`);
      }
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

/**
 * One operation with its legal spine: the proceedings it belongs to, who holds which procedural
 * role, the decisions register (with the tasks each covers), agreement marks and international
 * cooperation. `--json` prints them as the API returns them.
 */
export const operationsShowCommand: CliCommand = {
  path: ['operations', 'show'],
  summary: 'Show one operation with its proceedings, procedural roles and decisions',
  usage: 'spilno operations show ID [--data-dir DIR] [--json] [--lang uk|en]',
  options: { lang: { type: 'string', default: 'uk' } },
  run(args, io) {
    const id = args.positionals[0];
    if (!id) throw new CliError(`Name the operation.\nUsage: ${operationsShowCommand.usage}`, 2);
    const lang = stringOpt(args, 'lang') ?? 'uk';
    if (!LANGS.includes(lang as Lang)) throw new CliError(`--lang must be one of ${LANGS.join(', ')}`, 2);
    const L = lang as Lang;
    return withCliContext(args, (ctx) => {
      const operation = getOperationById(ctx, id);
      const legal = getLegalSpine(ctx, id);
      if (args.values.json) {
        io.out(JSON.stringify({ operation, ...legal }, null, 2));
        return 0;
      }
      const name = agencyNamer(listAgencies(ctx.db), L);
      const say = (key: string, params?: Record<string, string | number>) => tDynamic(L, key, params);
      io.out(`${operation.codeName}  ${say(`status.${operation.status}`)}  ${say(`marking.${operation.marking}`)}  (${say(`opType.${operation.type}`)}, ${name(operation.leadAgencyId)})`);
      io.out(operation.approvedBy ? say('legal.approvedBy', { name: operation.approvedBy }) : say('legal.notApproved'));
      for (const a of legal.agreements) io.out(say('legal.agreedBy', { agency: name(a.agencyId), name: a.signedBy }));
      io.out(`${say('legal.proceedings')}:`);
      if (legal.proceedings.length === 0) io.out(`  ${say('legal.noProceedings')}`);
      for (const p of legal.proceedings) io.out(`  ${p.erdrNumber}  ${p.registeredOn}  ${p.qualification}  ${name(p.investigatingAgencyId)}${p.investigatingUnit ? `, ${p.investigatingUnit}` : ''}`);
      io.out(`${say('legal.roles')}:`);
      if (legal.roles.length === 0) io.out(`  ${say('legal.noRoles')}`);
      for (const r of legal.roles) io.out(`  ${say(`role.${r.role}`)}: ${[r.name, r.position, r.agencyId ? name(r.agencyId) : '', r.country].filter(Boolean).join(', ')}`);
      io.out(`${say('legal.decisions')}:`);
      if (legal.decisions.length === 0) io.out(`  ${say('legal.noDecisions')}`);
      for (const d of legal.decisions) {
        io.out(`  ${say(`decisionKind.${d.kind}`)} № ${d.number || '—'} ${d.issuedOn}, ${d.issuer}; ${d.validFrom.slice(0, 16)} — ${d.validUntil.slice(0, 16)} UTC; ${d.taskIds.length} ${say('legal.coveredTasks').toLowerCase()}`);
      }
      if (legal.international.length > 0) {
        io.out(`${say('legal.international')}:`);
        for (const x of legal.international) io.out(`  ${say(`intlKind.${x.kind}`)}: ${x.counterpartAuthority} (${x.country})${x.reference ? `, ${x.reference}` : ''}`);
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
