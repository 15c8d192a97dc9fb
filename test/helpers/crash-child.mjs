/**
 * Crash-test child: commits numbered transactions through the real connection module and
 * service context (the
 * build in dist/, so each run starts in plain Node in a fraction of a second) and prints each
 * number only after the commit returned. The parent kills it with SIGKILL at a random moment
 * and checks that every printed number survived.
 *
 * argv: <database file> <first number>. Payload sizes vary so commits cross WAL checkpoints.
 */
import path from 'node:path';
import { recordAudit } from '../../dist/electron/services/audit.js';
import { openServiceContext, transact } from '../../dist/electron/services/context.js';

/** Deterministic per number, so the parent can check no row is torn. */
export function crashPayload(n) {
  return Buffer.alloc(1 + ((n * 7919) % 12000), n % 251);
}

const [file, firstArg] = process.argv.slice(2);
// The app's own context: the file opens through connection.ts and each commit also appends a
// hash-chained audit entry in the same transaction.
const ctx = openServiceContext({ dataDir: path.dirname(file), mode: 'cli' });
const db = ctx.db;
db.exec('CREATE TABLE IF NOT EXISTS crash_probe (n INTEGER PRIMARY KEY, payload BLOB NOT NULL)');
const insert = db.prepare('INSERT INTO crash_probe (n, payload) VALUES (?, ?)');
const bump = db.prepare("INSERT INTO meta (key, value) VALUES ('crash_last', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
const commit = (n) => transact(ctx, () => {
  insert.run(n, crashPayload(n));
  bump.run(String(n));
  recordAudit(ctx, { action: 'crash.commit', detail: String(n) });
});
process.stdout.write('ready\n');
for (let n = Number(firstArg); ; n++) {
  commit(n);
  // Pipes are synchronous on POSIX: once this returns the parent can read the number.
  process.stdout.write(`${n}\n`);
}
