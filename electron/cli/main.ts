/**
 * `spilno`: the command line over the same services as the app. Later features register their
 * commands in COMMANDS; errors go to stderr with a non-zero exit code.
 */
import {
  CliError, describeError, parseCli, PASSPHRASE_CLEAR_ENV, PASSPHRASE_FILE_ENV, stringOpt, type CliCommand, type CliIo,
} from './cli-kit.js';
import { conflictsCommand } from './commands/conflicts.js';
import { demoCommand, initCommand, operationsListCommand, operationsShowCommand, webCommand } from './commands/core.js';
import { durabilityCommands } from './commands/durability.js';
import { briefingCommand, geoCommand, icsCommand, packCommand, reportCommand, vcardCommand } from './commands/exports.js';
import { withAuditScope } from '../services/audit.js';
import { statsCommand } from './commands/stats.js';
import { syncCommands } from './commands/sync.js';
import { relayCommand } from './commands/relay.js';
import { syncWatchCommand } from './commands/watch.js';

export const COMMANDS: CliCommand[] = [
  initCommand, demoCommand, operationsListCommand, operationsShowCommand, webCommand, conflictsCommand,
  briefingCommand, icsCommand, vcardCommand, packCommand, geoCommand, reportCommand, statsCommand,
  ...durabilityCommands,
  ...syncCommands, syncWatchCommand, relayCommand,
];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.path.join(' ').length));
  return [
    'Spilno — joint operation planning for customs and law-enforcement agencies',
    '',
    'Usage: spilno <command> [options]   (every command takes --data-dir DIR; most take --json)',
    '',
    ...COMMANDS.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    'Run "spilno <command> --help" for its options.',
  ].join('\n');
}

function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | null {
  let best: { command: CliCommand; rest: string[] } | null = null;
  for (const c of COMMANDS) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.command.path.length)) {
      best = { command: c, rest: argv.slice(c.path.length) };
    }
  }
  return best;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(helpText());
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.err(`Unknown command: ${argv.join(' ')}\n\n${helpText()}`);
    return 2;
  }
  try {
    const args = parseCli(found.command, found.rest);
    if (args.values.help) {
      io.out(`${found.command.summary}\nUsage: ${found.command.usage}`);
      return 0;
    }
    if (process.env[PASSPHRASE_CLEAR_ENV] && !stringOpt(args, 'passphrase-file') && !process.env[PASSPHRASE_FILE_ENV]) {
      io.err(`Warning: ${PASSPHRASE_CLEAR_ENV} holds the passphrase in clear; other processes of this user can read it. Put it in a file readable only by you and name it in ${PASSPHRASE_FILE_ENV} (or pass --passphrase-file FILE).`);
    }
    // Writes made by the command are audited under its name (`cli.operations.list`).
    return await withAuditScope(`cli.${found.command.path.join('.')}`, args, () => found.command.run(args, io));
  } catch (e) {
    io.err(describeError(e));
    return e instanceof CliError ? e.exitCode : 1;
  }
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
