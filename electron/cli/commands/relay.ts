/**
 * `spilno relay --root DIR`: run this data folder as a headless relay unit (sync/relay.ts). Set
 * it up like any unit (`spilno init`, `spilno identity create`), enrol the units it carries for
 * with `spilno peers add CARD` and `spilno peers trust`, then run this as a service. It runs
 * until SIGINT or SIGTERM and never needs the key passphrase: it opens no bundle.
 */
import { identityInfo } from '../../sync/identity.js';
import { Relay, type RelayEvent } from '../../sync/relay.js';
import { CliError, millisecondsOpt, stringOpt, withCliContext, type CliCommand, type CliIo } from '../cli-kit.js';
import { waitForSignal } from './watch.js';

export function describeRelayEvent(e: RelayEvent): string {
  switch (e.kind) {
    case 'relaying': return e.takeover ? 'relaying (took over the root from a stopped instance)' : 'relaying';
    case 'standby': return `standby: the root is held by ${e.holder ? `process ${e.holder.pid} on ${e.holder.host}` : 'another instance'}`;
    case 'forwarded': return `forwarded ${e.file} (${e.bytes} bytes) from ${e.from} to ${e.to}${e.replaced ? ` (replaces ${e.replaced})` : ''}`;
    case 'held': return `held ${e.file} from ${e.from} to ${e.to}: ${e.reason}`;
    case 'error': return `error: ${e.message}`;
    case 'stopped': return 'stopped';
  }
}

export const relayCommand: CliCommand = {
  path: ['relay'],
  summary: 'Run as a headless relay: forward encrypted bundles between enrolled units without opening them',
  usage: 'spilno relay --root DIR [--scan-ms N] [--settle-ms N] [--data-dir DIR] [--json]',
  options: { root: { type: 'string' }, 'scan-ms': { type: 'string' }, 'settle-ms': { type: 'string' } },
  run: (args, io: CliIo) => withCliContext(args, async (ctx) => {
    const root = stringOpt(args, 'root');
    if (!root) throw new CliError('--root DIR is required (the folder holding each unit\'s outbox and inbox)', 2);
    if (!identityInfo(ctx)) throw new CliError('A relay is a unit with its own identity: run "spilno identity create" first');
    const json = args.values.json === true;
    const relay = new Relay(ctx, {
      root, scanMs: millisecondsOpt(args, 'scan-ms', 5000), settleMs: millisecondsOpt(args, 'settle-ms', 1000),
      onEvent: (e) => io.out(json ? JSON.stringify({ at: new Date().toISOString(), ...e }) : describeRelayEvent(e)),
    });
    const signal = waitForSignal();
    relay.start();
    await signal;
    await relay.stop();
    return 0;
  }),
};
