/**
 * Crash-test child: commits numbered transactions through the real connection module (the
 * build in dist/, so each run starts in plain Node in a fraction of a second) and prints each
 * number only after the commit returned. The parent kills it with SIGKILL at a random moment
 * and checks that every printed number survived.
 *
 * argv: <database file> <first number>. Payload sizes vary so commits cross WAL checkpoints.
 */
import { openDatabaseFile } from '../../dist/electron/db/connection.js';

const [file, firstArg] = process.argv.slice(2);
const db = openDatabaseFile(file);
db.exec('CREATE TABLE IF NOT EXISTS crash_probe (n INTEGER PRIMARY KEY, payload BLOB NOT NULL)');
const insert = db.prepare('INSERT INTO crash_probe (n, payload) VALUES (?, ?)');
const bump = db.prepare("INSERT INTO meta (key, value) VALUES ('crash_last', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
const commit = db.transaction((n) => {
  insert.run(n, crashPayload(n));
  bump.run(String(n));
});
process.stdout.write('ready\n');
for (let n = Number(firstArg); ; n++) {
  commit(n);
  // Pipes are synchronous on POSIX: once this returns the parent can read the number.
  process.stdout.write(`${n}\n`);
}

/** Deterministic per number, so the parent can check no row is torn. */
export function crashPayload(n) {
  return Buffer.alloc(1 + ((n * 7919) % 12000), n % 251);
}
