/**
 * Durability figures: the SIGKILL crash test (200 kills; losses must be 0), the online backup
 * of a 1 GB database (SPILNO_BENCH_BACKUP_MB=256 for a quicker run, extrapolated) against
 * a plain file copy of the same file, and the cost of encryption at rest as ratios of write and
 * read throughput against an unencrypted database opened by the same driver in the same run.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupDatabase } from '../../electron/db/backup.js';
import { CIPHER, cipherDatabaseClass, openDatabaseFile, type Db } from '../../electron/db/connection.js';
import { runCrashTest } from '../helpers/crash-driver.js';
import type { BenchReport } from './bench-kit.js';

const CRASH_ITERATIONS = 200;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'spilno-bench-dur-'));
}

async function crash(report: BenchReport): Promise<void> {
  const dir = tempDir();
  try {
    const t0 = performance.now();
    const r = await runCrashTest(dir, CRASH_ITERATIONS);
    report.line({ name: 'crash test: SIGKILL iterations', value: r.iterations, unit: 'kills', target: { min: 200 } });
    report.line({
      name: 'crash test: reported commits lost or torn', value: r.losses, unit: 'transactions', target: { max: 0 },
      note: `${r.committed} commits reported in all, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    });
    report.line({ name: 'crash test: integrity_check failures', value: r.integrityFailures, unit: 'files', target: { max: 0 } });
    for (const f of r.failures.slice(0, 5)) console.log(`  ${f}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function backup(report: BenchReport): Promise<void> {
  const mb = Number(process.env.SPILNO_BENCH_BACKUP_MB ?? 1024);
  const dir = tempDir();
  try {
    const file = path.join(dir, 'big.db');
    const db = openDatabaseFile(file);
    db.exec('CREATE TABLE fill (id INTEGER PRIMARY KEY, b BLOB NOT NULL)');
    const chunk = randomBytes(1 << 20);
    const insert = db.prepare('INSERT INTO fill (b) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < mb; i++) {
        chunk.writeUInt32LE(i, 0);
        insert.run(chunk);
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = fs.statSync(file).size;
    const t0 = performance.now();
    fs.copyFileSync(file, path.join(dir, 'plain-copy.db'));
    const copyMs = performance.now() - t0;
    fs.rmSync(path.join(dir, 'plain-copy.db'));
    const t1 = performance.now();
    await backupDatabase(db, { kind: 'manual', dir: path.join(dir, 'backups') });
    const backupMs = performance.now() - t1;
    db.close();
    const rate = bytes / 2 ** 20 / (backupMs / 1000);
    report.line({ name: 'baseline: file copy of the same database', value: copyMs, unit: 'ms', note: `${(bytes / 2 ** 20).toFixed(0)} MB` });
    report.line({
      name: `online backup of a ${(bytes / 2 ** 20).toFixed(0)} MB database`, value: backupMs, unit: 'ms',
      note: `${rate.toFixed(0)} MB/s, ${(backupMs / copyMs).toFixed(2)}× file copy`,
    });
    report.line({
      name: `online backup of 1 GB (${mb >= 1024 ? 'measured' : `extrapolated from ${mb} MB`})`,
      value: mb >= 1024 ? backupMs / 1000 : 1024 / rate, unit: 's',
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ROWS = 200_000;

function openWith(file: string, key: Buffer | null): Db {
  const Driver = cipherDatabaseClass();
  const db = new Driver(file);
  if (key) {
    db.pragma(`cipher='${CIPHER}'`);
    db.pragma(`hexkey='${key.toString('hex')}'`);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}

/** Write then read ROWS rows; each phase on a fresh connection so reads decrypt from disk pages. */
function throughput(file: string, key: Buffer | null): { writeMs: number; readMs: number } {
  let db = openWith(file, key);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT NOT NULL, note TEXT NOT NULL, at TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (code, note, at) VALUES (?, ?, ?)');
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) insert.run(`ОП-${i}`, `Завдання ${i}: пост на КПП «Ягодин», зміна ${i % 3}`, '2026-12-05T06:00:00Z');
  })();
  const writeMs = performance.now() - t0;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  db = openWith(file, key);
  const t1 = performance.now();
  let n = 0;
  for (const _row of db.prepare('SELECT * FROM t').iterate()) n++;
  const readMs = performance.now() - t1;
  db.close();
  if (n !== ROWS) throw new Error(`read ${n} rows, wrote ${ROWS}`);
  return { writeMs, readMs };
}

async function encryption(report: BenchReport): Promise<void> {
  const dir = tempDir();
  try {
    const key = randomBytes(32);
    const runs = 5;
    const plain: { writeMs: number; readMs: number }[] = [];
    const enc: { writeMs: number; readMs: number }[] = [];
    // Interleaved so machine noise hits both alike; medians of 5 (one read is ~0.3 s: noisy).
    for (let i = 0; i < runs; i++) {
      plain.push(throughput(path.join(dir, `plain-${i}.db`), null));
      enc.push(throughput(path.join(dir, `enc-${i}.db`), key));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const pw = median(plain.map((p) => p.writeMs));
    const pr = median(plain.map((p) => p.readMs));
    const ew = median(enc.map((p) => p.writeMs));
    const er = median(enc.map((p) => p.readMs));
    report.line({ name: `baseline: unencrypted write, ${ROWS} rows in one transaction`, value: ROWS / (pw / 1000), unit: 'rows/s' });
    report.line({ name: 'encrypted write', value: ROWS / (ew / 1000), unit: 'rows/s' });
    report.line({ name: 'encryption cost on writes (time ratio)', value: ew / pw, unit: '×', target: { max: 1.5 } });
    report.line({ name: `baseline: unencrypted read of ${ROWS} rows (fresh connection)`, value: ROWS / (pr / 1000), unit: 'rows/s' });
    report.line({ name: 'encrypted read', value: ROWS / (er / 1000), unit: 'rows/s' });
    report.line({ name: 'encryption cost on reads (time ratio)', value: er / pr, unit: '×', target: { max: 1.5 } });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(report: BenchReport): Promise<void> {
  await encryption(report);
  await backup(report);
  await crash(report);
}
