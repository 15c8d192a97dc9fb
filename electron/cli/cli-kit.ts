/**
 * What every CLI command shares: argument parsing, where the data lives, and how failures are
 * reported (stderr and a non-zero exit code, never a stack trace for an expected error).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DomainError } from '../../shared/api/errors.js';
import { readRegularFile } from '../files/safe-fs.js';
import { unlock } from '../security/at-rest.js';
import { openServiceContext, type ServiceContext } from '../services/context.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliCommand {
  /** Words that select the command, e.g. ['operations', 'list']. */
  readonly path: readonly string[];
  readonly summary: string;
  readonly usage: string;
  readonly options?: ParseArgsConfig['options'];
  run(args: ParsedCli, io: CliIo): Promise<number> | number;
}

export interface ParsedCli {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  'passphrase-file': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/**
 * The folder the desktop app uses (`app.getPath('userData')` for the product name Spilno, then
 * `data/`, as in electron/main/main.ts), so the CLI and the app share one database by default.
 */
export function defaultDataDir(): string {
  const home = os.homedir();
  const userData = process.platform === 'win32'
    ? path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Spilno')
    : process.platform === 'darwin'
      ? path.join(home, 'Library', 'Application Support', 'Spilno')
      : path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Spilno');
  return path.join(userData, 'data');
}

export function dataDirOf(args: ParsedCli): string {
  const v = args.values['data-dir'];
  return typeof v === 'string' && v !== '' ? path.resolve(v) : defaultDataDir();
}

/** The variable that names the passphrase file (the documented way for scripts). */
export const PASSPHRASE_FILE_ENV = 'SPILNO_PASSPHRASE_FILE';
/** A passphrase in clear in the environment: still read, with a warning (see runCli). */
export const PASSPHRASE_CLEAR_ENV = 'SPILNO_PASSPHRASE';

/** A passphrase file: a regular file of at most 4 KiB (never a FIFO, device or folder). */
export function readSecretFile(file: string): string {
  return readRegularFile(file, 4096).toString('utf8').replace(/\r?\n$/, '');
}

/**
 * The passphrase, for every command alike (the encrypted store and the sync keys): from the file
 * named by --passphrase-file or SPILNO_PASSPHRASE_FILE — never from an argument, which other
 * local users can read in the process list. A passphrase in clear in SPILNO_PASSPHRASE is still
 * taken, with a warning (the environment of a process is readable by the same user's other
 * processes and often ends up in logs). null: none given.
 */
export function cliPassphrase(args: ParsedCli): string | null {
  const file = stringOpt(args, 'passphrase-file') ?? process.env[PASSPHRASE_FILE_ENV];
  if (file) return readSecretFile(file);
  return process.env[PASSPHRASE_CLEAR_ENV] || null;
}

export function openCliContext(args: ParsedCli): ServiceContext {
  const ctx = openServiceContext({ dataDir: dataDirOf(args), mode: 'cli' });
  if (ctx.durability.blockedBy === 'locked') {
    const secret = cliPassphrase(args);
    if (secret !== null) {
      try {
        unlock(ctx, secret);
      } catch (e) {
        ctx.db.close();
        throw e;
      }
    }
  }
  if (ctx.durability.blockedBy === 'locked') {
    ctx.db.close();
    throw new DomainError('locked', 'The data is encrypted: put the passphrase in a file and name it in SPILNO_PASSPHRASE_FILE (or pass --passphrase-file FILE).');
  }
  return ctx;
}

/** Runs `fn` with the data folder's context open, and closes it however `fn` ends. */
export async function withCliContext(args: ParsedCli, fn: (ctx: ServiceContext) => Promise<number> | number): Promise<number> {
  const ctx = openCliContext(args);
  try {
    return await fn(ctx);
  } finally {
    ctx.db.close();
  }
}

export function parseCli(command: CliCommand, argv: string[]): ParsedCli {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...(command.options ?? {}) },
      allowPositionals: true,
      strict: true,
    });
    return { values: values, positionals };
  } catch (e) {
    throw new CliError(`${(e as Error).message}\nUsage: ${command.usage}`, 2);
  }
}

export function describeError(e: unknown): string {
  if (e instanceof DomainError) {
    const issues = e.issues?.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    return `${e.code}: ${e.message}${issues ? `\n${issues}` : ''}`;
  }
  if (e instanceof CliError) return e.message;
  return `internal: ${(e as Error)?.message ?? String(e)}`;
}

export function stringOpt(args: ParsedCli, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A duration option in milliseconds (10 ms to a day), or `fallback` when it is not given. */
export function millisecondsOpt(args: ParsedCli, name: string, fallback: number): number {
  const v = stringOpt(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 10 || n > 86_400_000) throw new CliError(`--${name} must be a whole number of milliseconds (10 to 86400000)`, 2);
  return n;
}
