/** Interop with the standard `age` CLI (Debian package): bundles are plain age v1 files. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../electron/sync/bundle-export.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { requireUnlocked } from '../../../electron/sync/identity.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { dumpSyncedTables, newOperation, openUnit, operationWithTasks, send, trustAll, withIdentity, type Unit } from './sync-helpers.js';

let a: Unit;
let b: Unit;
let dir: string;
beforeAll(async () => {
  a = await withIdentity(openUnit('NPU'));
  b = await withIdentity(openUnit('DMS'));
  trustAll([a, b]);
  dir = tempDataDir('spilno-interop-');
  newOperation(a.ctx);
});
afterAll(() => {
  a.cleanup();
  b.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('age interop', () => {
  it('the age CLI decrypts a Spilno bundle with the exported identity file, and Spilno reads what age -r made', async () => {
    const bundle = (await send(a, [b], dir)).file;
    const idFile = path.join(dir, 'b.agekey');
    fs.writeFileSync(idFile, `${requireUnlocked(b.ctx).ageIdentity}\n`, { mode: 0o600 });
    const plain = execFileSync('age', ['-d', '-i', idFile, bundle]);
    const [header, ...changes] = plain.toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(header!).magic).toBe('SPILNO-BUNDLE/1');
    expect(changes.length).toBe(JSON.parse(JSON.parse(header!).manifest).changeCount);

    // The same signed payload, encrypted by the age CLI to b's recipient, imports in Spilno.
    const plainFile = path.join(dir, 'payload');
    fs.writeFileSync(plainFile, plain);
    const byAge = path.join(dir, 'by-age.spilno');
    execFileSync('age', ['-r', requireUnlocked(b.ctx).ageRecipient, '-o', byAge, plainFile]);
    const r = await importBundle(b.ctx, { path: byAge });
    expect(r.status).toBe('new');
    expect(dumpSyncedTables(b.ctx)).toBe(dumpSyncedTables(a.ctx));
  });

  it('a bundle of many chunks, its first chunk sealed last in one pass, reads the same in the age CLI and in Spilno', async () => {
    operationWithTasks(a, 150);
    const sent = await send(a, [b], dir, { full: true });
    expect(sent.bytes).toBeGreaterThan(5 * 65_536);
    const idFile = path.join(dir, 'b-many.agekey');
    fs.writeFileSync(idFile, `${requireUnlocked(b.ctx).ageIdentity}\n`, { mode: 0o600 });
    const [header, ...changes] = execFileSync('age', ['-d', '-i', idFile, sent.file], { maxBuffer: 256 << 20 }).toString('utf8').trimEnd().split('\n');
    // The signed header line, padded with spaces to the room kept for it (valid JSON).
    const manifest = JSON.parse(JSON.parse(header!).manifest);
    expect(manifest.changeCount).toBe(changes.length);
    expect(changes.length).toBe(sent.changeCount);
    expect(createHash('sha256').update(changes.map((l) => `${l}\n`).join('')).digest('hex')).toBe(manifest.changesSha256);
    const r = await importBundle(b.ctx, { path: sent.file });
    expect(r.quarantinedCount).toBe(0);
    expect(dumpSyncedTables(b.ctx)).toBe(dumpSyncedTables(a.ctx));
  });

  it('courier mode: a passphrase instead of keys (age scrypt); the wrong passphrase is refused', async () => {
    const out = path.join(dir, 'courier.spilno');
    await exportBundle(a.ctx, { peers: [b.ctx.siteId], outPath: out, full: true, courierPassphrase: 'кур\'єр-пароль-2026', scryptLogN: 12 });
    expect(fs.readFileSync(out, 'utf8')).toMatch(/-> scrypt /);
    await expect(importBundle(b.ctx, { path: out, courierPassphrase: 'wrong passphrase' })).rejects.toThrow(/Cannot decrypt/);
    const r = await importBundle(b.ctx, { path: out, courierPassphrase: 'кур\'єр-пароль-2026' });
    expect(r.status).toBe('new');
  });
});
