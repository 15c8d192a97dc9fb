/**
 * The crash test's parent side, shared by the test suite and the bench: start the child,
 * SIGKILL it at a random moment, then open the file through the real connection module and
 * check `integrity_check`, that every number the child reported as committed is there, whole,
 * and that the audit chain is intact with one entry per surviving commit.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DB_FILE_NAME, openDatabaseFile } from '../../electron/db/connection.js';
import { verifyAudit } from '../../electron/services/audit.js';

const CHILD = fileURLToPath(new URL('./crash-child.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/electron/db/connection.js', import.meta.url));

export interface CrashReport {
  iterations: number;
  /** Reported-committed transactions missing or torn after a kill (must be 0). */
  losses: number;
  integrityFailures: number;
  committed: number;
  failures: string[];
}

function expectedLength(n: number): number {
  return 1 + ((n * 7919) % 12000);
}

function runOnce(file: string, first: number, maxDelayMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, file, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (timer === null && out.startsWith('ready\n')) {
        timer = setTimeout(() => child.kill('SIGKILL'), Math.random() * maxDelayMs);
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`crash child exited on its own (${signal ?? _code}): ${err.slice(0, 500)}`));
        return;
      }
      // A partial last line is a number whose write was cut by the kill: not reported.
      const lines = out.split('\n').slice(1, -1);
      resolve(lines.map(Number));
    });
  });
}

export async function runCrashTest(dir: string, iterations: number, maxDelayMs = 120): Promise<CrashReport> {
  if (!fs.existsSync(BUILT)) throw new Error('Build first (node scripts/build.mjs --no-renderer): the crash child runs dist/.');
  const file = path.join(dir, DB_FILE_NAME);
  const report: CrashReport = { iterations: 0, losses: 0, integrityFailures: 0, committed: 0, failures: [] };
  let next = 1;
  for (let i = 0; i < iterations; i++) {
    const reported = await runOnce(file, next, maxDelayMs);
    report.iterations++;
    report.committed += reported.length;
    const db = openDatabaseFile(file);
    try {
      const check = db.pragma('integrity_check') as { integrity_check: string }[];
      if (check.length !== 1 || check[0]!.integrity_check !== 'ok') {
        report.integrityFailures++;
        report.failures.push(`iteration ${i}: integrity_check ${JSON.stringify(check.slice(0, 3))}`);
      }
      const get = db.prepare('SELECT length(payload) AS len, hex(substr(payload, 1, 1)) AS b FROM crash_probe WHERE n = ?');
      for (const n of reported) {
        const row = get.get(n) as { len: number; b: string } | undefined;
        const byte = (n % 251).toString(16).toUpperCase().padStart(2, '0');
        if (!row || row.len !== expectedLength(n) || row.b !== byte) {
          report.losses++;
          if (report.failures.length < 20) report.failures.push(`iteration ${i}: transaction ${n} reported committed but ${row ? 'torn' : 'missing'}`);
        }
      }
      // Every surviving commit kept its audit entry, and the chain is whole.
      const audit = verifyAudit(db);
      const rows = (db.prepare('SELECT count(*) AS c FROM crash_probe').get() as { c: number }).c;
      const entries = (db.prepare("SELECT count(*) AS c FROM audit_log WHERE action = 'crash.commit'").get() as { c: number }).c;
      if (!audit.ok || rows !== entries) {
        report.integrityFailures++;
        report.failures.push(`iteration ${i}: audit ${audit.message}; ${rows} commits, ${entries} audit entries`);
      }
      const max = (db.prepare('SELECT coalesce(max(n), 0) AS m FROM crash_probe').get() as { m: number }).m;
      next = max + 1;
    } finally {
      db.close();
    }
  }
  return report;
}
