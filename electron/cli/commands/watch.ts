/**
 * `spilno sync watch`: the automatic folder sync (sync/watch.ts) as a long-running command, for a
 * unit that runs as a service next to Syncthing or a shared folder. It runs until SIGINT or
 * SIGTERM, finishes the step under way and frees the folders for another instance.
 */
import { FolderWatcher, type WatchEvent } from '../../sync/watch.js';
import { unlockIdentity } from '../../sync/identity.js';
import { PassphraseProtector } from '../../sync/key-protector.js';
import { CliError, cliPassphrase, millisecondsOpt, stringOpt, withCliContext, type CliCommand, type CliIo } from '../cli-kit.js';

/** One line per step, as a person reads it (or one JSON object per line with --json). */
export function describeWatchEvent(e: WatchEvent): string {
  switch (e.kind) {
    case 'watching': return e.takeover ? 'watching (took over the folders from a stopped instance)' : 'watching';
    case 'standby': return `standby: the folders are held by ${e.holder ? `process ${e.holder.pid} on ${e.holder.host}` : 'another instance'}`;
    case 'settling': return `waiting for ${e.file} to be complete`;
    case 'imported': return `imported ${e.file}: ${e.added} new changes from ${e.sender}${e.quarantined > 0 ? `, ${e.quarantined} quarantined (see: spilno inbox)` : ''}`;
    case 'replay': return `already imported ${e.file} (from ${e.sender}); moved to processed`;
    case 'superseded': return `${e.file} was superseded by a newer bundle already imported; moved to processed`;
    case 'refused': return `refused ${e.file}: ${e.reason}`;
    case 'exported': return `exported ${e.changes} changes for ${e.peer}: ${e.file ?? ''}${e.replaced ? ` (replaces ${e.replaced})` : ''}`;
    case 'locked': return 'the sync keys are locked: waiting';
    case 'error': return `error: ${e.message}`;
    case 'stopped': return 'stopped';
  }
}

export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(s);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export const syncWatchCommand: CliCommand = {
  path: ['sync', 'watch'],
  summary: 'Keep an outbox/inbox folder pair in sync by itself: import arriving bundles, write bundles for trusted peers after changes',
  usage: 'spilno sync watch --outbox DIR --inbox DIR [--debounce-ms N] [--scan-ms N] [--settle-ms N] [--data-dir DIR] [--passphrase-file FILE] [--json]',
  options: {
    outbox: { type: 'string' }, inbox: { type: 'string' },
    'debounce-ms': { type: 'string' }, 'scan-ms': { type: 'string' }, 'settle-ms': { type: 'string' },
  },
  run: (args, io: CliIo) => withCliContext(args, async (ctx) => {
    const outbox = stringOpt(args, 'outbox');
    const inbox = stringOpt(args, 'inbox');
    if (!outbox || !inbox) throw new CliError('--outbox DIR and --inbox DIR are required', 2);
    const secret = cliPassphrase(args);
    if (!secret) throw new CliError('The key passphrase is needed: put it in a file readable only by you and name it in SPILNO_PASSPHRASE_FILE (or pass --passphrase-file FILE)', 2);
    unlockIdentity(ctx, new PassphraseProtector(secret));
    const json = args.values.json === true;
    const watcher = new FolderWatcher(ctx, {
      outbox, inbox,
      debounceMs: millisecondsOpt(args, 'debounce-ms', 5000), scanMs: millisecondsOpt(args, 'scan-ms', 10_000), settleMs: millisecondsOpt(args, 'settle-ms', 1000),
      onEvent: (e) => io.out(json ? JSON.stringify({ at: new Date().toISOString(), ...e }) : describeWatchEvent(e)),
    });
    const signal = waitForSignal();
    watcher.start();
    await signal;
    await watcher.stop();
    return 0;
  }),
};
