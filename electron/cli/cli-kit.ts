/**
 * What every CLI command shares: argument parsing, where the data lives, and how failures are
 * reported (stderr and a non-zero exit code, never a stack trace for an expected error).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DomainError } from '../../shared/api/errors.js';
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
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/** The same folder Electron's `app.getPath('userData')` uses for an app named Spilno. */
export function defaultDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Spilno');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Spilno');
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Spilno');
  }
}

export function dataDirOf(args: ParsedCli): string {
  const v = args.values['data-dir'];
  return typeof v === 'string' && v !== '' ? path.resolve(v) : defaultDataDir();
}

export function openCliContext(args: ParsedCli): ServiceContext {
  return openServiceContext({ dataDir: dataDirOf(args), mode: 'cli' });
}

export function parseCli(command: CliCommand, argv: string[]): ParsedCli {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...(command.options ?? {}) },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedCli['values'], positionals };
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
