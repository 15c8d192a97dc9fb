/**
 * Courier bundles name their own scrypt cost in the age header; the age package accepts up to
 * 2^20 (a gigabyte and 14 s before any signature check, issue 15). Spilno refuses anything above
 * 2^18 before a single scrypt round, typed, through the service, the API and the CLI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/api/errors.js';
import { dispatch } from '../../../electron/api/dispatch.js';
import { runCli } from '../../../electron/cli/main.js';
import { exportBundle } from '../../../electron/sync/bundle-export.js';
import { MAX_COURIER_LOG_N, importBundle } from '../../../electron/sync/bundle-import.js';
import { newOperation, syncFixtures, trustAll } from './sync-helpers.js';

const fx = syncFixtures();
const PASS = 'кур\'єр-пароль-2026';

/** The same courier bundle with its header's scrypt work factor rewritten (its MAC then fails,
 *  but only after scrypt ran: the cost is paid by whoever decrypts it). */
function withWorkFactor(file: string, logN: string): string {
  const bytes = fs.readFileSync(file);
  const text = bytes.toString('latin1');
  const m = /^-> scrypt (\S+) (\d+)$/m.exec(text)!;
  const patched = text.replace(m[0], `-> scrypt ${m[1]} ${logN}`);
  const out = file.replace(/\.spilno$/, `-${logN}.spilno`);
  fs.writeFileSync(out, Buffer.from(patched, 'latin1'));
  return out;
}

describe('courier bundle key derivation cost', () => {
  it('refuses a work factor above 2^18 before any scrypt work, typed, quickly; a normal one imports', async () => {
    const a = await fx.unit('NPU');
    const b = await fx.unit('DMS');
    trustAll([a, b]);
    newOperation(a.ctx);
    const dir = fx.dir();
    const file = path.join(dir, 'courier.spilno');
    await exportBundle(a.ctx, { peers: [b.ctx.siteId], outPath: file, courierPassphrase: PASS, scryptLogN: 10 });
    expect(MAX_COURIER_LOG_N).toBe(18);

    for (const logN of ['20', '19', '64', 'x']) {
      const hostile = withWorkFactor(file, logN);
      const rss = process.memoryUsage().rss;
      const t0 = performance.now();
      const e = await importBundle(b.ctx, { path: hostile, courierPassphrase: PASS, dryRun: true }).catch((x: unknown) => x);
      expect(performance.now() - t0, logN).toBeLessThan(1000);
      expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).details).toMatchObject({ messageKey: 'bundle.courierWorkFactor' });
    }

    // Through the API, with the file granted as the desktop dialog would.
    const hostile = withWorkFactor(file, '20');
    const r = await dispatch(b.ctx, 'sync', 'previewImport', { file: b.ctx.files.grant({ kind: 'read', path: hostile }).handle, courierPassphrase: PASS }, () => {});
    expect(r).toMatchObject({ ok: false, error: { code: 'integrity', details: { messageKey: 'bundle.courierWorkFactor' } } });

    // Through the CLI.
    const passFile = path.join(dir, 'courier-pass');
    fs.writeFileSync(passFile, PASS);
    process.env.SPILNO_PASSPHRASE = 'correct horse battery';
    try {
      const err: string[] = [];
      const code = await runCli(['bundle', 'import', hostile, '--dry-run', '--courier-passphrase-file', passFile, '--data-dir', b.dataDir], { out: () => {}, err: (l) => err.push(l) });
      expect(code).toBe(1);
      expect(err.join('\n')).toMatch(/scrypt work factor 2\^20/);
    } finally {
      delete process.env.SPILNO_PASSPHRASE;
    }

    const ok = await importBundle(b.ctx, { path: file, courierPassphrase: PASS });
    expect(ok.added).toBeGreaterThan(0);
  });
});
