/** Every attack or accident is refused with a clear message and writes nothing. */
import fs from 'node:fs';
import path from 'node:path';
import { sign } from 'node:crypto';
import { Decrypter, Encrypter } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainError } from '../../../shared/api/errors.js';
import { hasMessage, tDynamic } from '../../../shared/i18n/index.js';
import { countChanges } from '../../../electron/db/repos/change-log.repo.js';
import { exportBundle } from '../../../electron/sync/bundle-export.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import type { Progress } from '../../../electron/services/progress.js';
import { AgeOpener, decryptAge, PayloadSealer, x25519Unwrap } from '../../../electron/sync/age-native.js';
import { listPeers, requireUnlocked, revokePeer } from '../../../electron/sync/identity.js';
import { listQuarantine } from '../../../electron/sync/service.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { dumpSyncedTables, newOperation, openUnit, send, trust, trustAll, withIdentity, type Unit } from './sync-helpers.js';

let a: Unit; // NPU, leads the operation
let b: Unit; // DMS, takes part
let c: Unit; // SBU, knows a and b but takes no part
let d: Unit; // DPSU, unknown to b
let dir: string;
let good: string;

beforeAll(async () => {
  a = await withIdentity(openUnit('NPU'));
  b = await withIdentity(openUnit('DMS'));
  c = await withIdentity(openUnit('SBU'));
  d = await withIdentity(openUnit('DPSU'));
  trustAll([a, b, c]);
  trust(d, b);
  dir = tempDataDir('spilno-tamper-');
  newOperation(a.ctx);
  good = (await send(a, [b], dir)).file;
});
afterAll(() => {
  for (const u of [a, b, c, d]) u.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

function stateOf(u: Unit): string {
  return JSON.stringify([dumpSyncedTables(u.ctx), countChanges(u.ctx.db), listPeers(u.ctx), listQuarantine(u.ctx, 1000).length]);
}

async function expectRefused(u: Unit, file: string, message: RegExp) {
  const before = stateOf(u);
  await expect(importBundle(u.ctx, { path: file })).rejects.toThrow(message);
  const refusal: unknown = await importBundle(u.ctx, { path: file, dryRun: true }).then(() => null, (e: unknown) => e);
  expect((refusal as Error).message).toMatch(message);
  // The workspace says it in the planner's language: every refusal names a catalogued message.
  const key = (refusal as DomainError).details?.['messageKey'];
  expect(typeof key === 'string' && key.startsWith('bundle.') && hasMessage(key) ? key : refusal).toBe(key);
  expect(tDynamic('uk', key as string, (refusal as DomainError).details?.['params'] as Record<string, string | number>)).not.toMatch(/\{\w+\}/);
  expect(stateOf(u)).toBe(before);
}

function copyWith(file: string, mutate: (buf: Buffer) => Buffer): string {
  const out = path.join(dir, `mut-${Math.random().toString(36).slice(2)}.spilno`);
  fs.writeFileSync(out, mutate(fs.readFileSync(file)));
  return out;
}

/** Decrypts a bundle as `reader`, transforms its plaintext, encrypts it to `to`. */
async function rewrap(file: string, reader: Unit, to: Unit, transform: (plain: string) => string = (p) => p): Promise<string> {
  const dec = new Decrypter();
  dec.addIdentity(requireUnlocked(reader.ctx).ageIdentity);
  const plain = new TextDecoder().decode(await dec.decrypt(fs.readFileSync(file)));
  const enc = new Encrypter();
  enc.addRecipient(requireUnlocked(to.ctx).ageRecipient);
  const out = path.join(dir, `rewrap-${Math.random().toString(36).slice(2)}.spilno`);
  fs.writeFileSync(out, await enc.encrypt(transform(plain)));
  return out;
}

/** Rewrites the manifest and re-signs it with the real sender's key (a newer Spilno, say). */
function resignedManifest(sender: Unit, edit: (m: Record<string, unknown>) => void) {
  return (plain: string) => {
    const [first, ...rest] = plain.split('\n');
    const header = JSON.parse(first!) as { magic: string; manifest: string; signature: string };
    const m = JSON.parse(header.manifest) as Record<string, unknown>;
    edit(m);
    const manifest = JSON.stringify(m);
    const signature = sign(null, Buffer.from(manifest), requireUnlocked(sender.ctx).signPrivate).toString('base64');
    return [JSON.stringify({ ...header, manifest, signature }), ...rest].join('\n');
  };
}

describe('bundle import refuses', () => {
  it('a flipped bit', async () => {
    await expectRefused(b, copyWith(good, (buf) => {
      const copy = Buffer.from(buf);
      copy[Math.floor(copy.length * 0.7)]! ^= 0x10;
      return copy;
    }), /damaged|decrypt/i);
  });

  it('a flipped bit in the age header', async () => {
    await expectRefused(b, copyWith(good, (buf) => {
      const copy = Buffer.from(buf);
      copy[60]! ^= 0x01;
      return copy;
    }), /decrypt|damaged/i);
  });

  it('a truncated file', async () => {
    await expectRefused(b, copyWith(good, (buf) => buf.subarray(0, buf.length - 100)), /damaged|truncated/i);
  });

  it('a bundle for another unit (wrong recipient)', async () => {
    await expectRefused(c, good, /Cannot decrypt/);
  });

  it('an unknown signer', async () => {
    const out = path.join(dir, 'from-d.spilno');
    await exportBundle(d.ctx, { peers: [b.ctx.siteId], outPath: out });
    await expectRefused(b, out, /Unknown signer/);
  });

  it('a bundle re-encrypted and forwarded by another unit', async () => {
    await expectRefused(c, await rewrap(good, b, c), /not a recipient/);
  });

  it('a manifest altered without the sender\'s key (bad signature)', async () => {
    const forged = await rewrap(good, b, b, (plain) => plain.replace(/\\"changeCount\\":(\d+)/, '\\"changeCount\\":999'));
    await expectRefused(b, forged, /Bad signature/);
  });

  it('changes swapped under a valid signature', async () => {
    const forged = await rewrap(good, b, b, (plain) => plain.replace('ГРАНІТ', 'ГРАНИТ'));
    await expectRefused(b, forged, /do not match the signed manifest/);
  });

  it('extra changes appended under a valid signature, and an overlong line', async () => {
    const extra = await rewrap(good, b, b, (plain) => {
      const lines = plain.trimEnd().split('\n');
      return `${[...lines, lines[lines.length - 1]].join('\n')}\n`;
    });
    await expectRefused(b, extra, /more changes than its signed manifest/);
    const overlong = await rewrap(good, b, b, (plain) => `${plain}${'x'.repeat(5 * 1024 * 1024)}`);
    await expectRefused(b, overlong, /overlong line/);
  });

  it('an expired bundle', async () => {
    const out = path.join(dir, 'expired.spilno');
    await exportBundle(a.ctx, { peers: [b.ctx.siteId], outPath: out, ttlDays: -1 });
    await expectRefused(b, out, /expired/);
  });

  it('a newer bundle format (a newer schema imports: bundle.newer-version.test.ts)', async () => {
    const format = await rewrap(good, b, b, resignedManifest(a, (m) => { m.formatVersion = 2; }));
    await expectRefused(b, format, /format 2 is newer/);
  });

  it('a revoked signer', async () => {
    const out = path.join(dir, 'from-c.spilno');
    await exportBundle(c.ctx, { peers: [b.ctx.siteId], outPath: out });
    revokePeer(b.ctx, c.ctx.siteId);
    await expectRefused(b, out, /revoked/);
  });

  // A bundle too large to hold is read twice: the first pass checks the signed hash, the second
  // applies inside the transaction. A file swapped in between must not get through the second.
  it('a file swapped between the two passes, under another key or under the same key', async () => {
    const headerEnd = (buf: Buffer) => buf.indexOf('\n', buf.indexOf('\n--- ') + 1) + 1;
    /** The same age header (so the same file key), the payload sealed again from new plaintext. */
    const resealed = async (plain: string): Promise<Buffer> => {
      const original = fs.readFileSync(good);
      const opener = new AgeOpener(x25519Unwrap(requireUnlocked(b.ctx).ageIdentity));
      for await (const _ of decryptAge((async function* () { yield original; })(), opener));
      const sealer = new PayloadSealer(opener.fileKey!);
      return Buffer.concat([original.subarray(0, headerEnd(original)), sealer.nonce, ...sealer.push(Buffer.from(plain)), sealer.finish()]);
    };
    // Read twice or held, the same bundle gives the same import.
    const reread = await importBundle(b.ctx, { path: good, dryRun: true, heldPlaintextBytes: 100 });
    expect(reread.added).toBeGreaterThan(0);
    expect(reread).toEqual(await importBundle(b.ctx, { path: good, dryRun: true }));
    const dec = new Decrypter();
    dec.addIdentity(requireUnlocked(b.ctx).ageIdentity);
    const plain = new TextDecoder().decode(await dec.decrypt(fs.readFileSync(good)));
    const sameKey = await resealed(plain.replace('ГРАНІТ', 'ГРАНИТ'));
    const otherKey = fs.readFileSync(await rewrap(good, b, b, (p) => p.replace('ГРАНІТ', 'ГРАНИТ')));
    for (const [swapIn, message] of [[sameKey, /changed while it was being imported/], [otherKey, /Cannot decrypt/]] as const) {
      const file = path.join(dir, `swapped-${Math.random().toString(36).slice(2)}.spilno`);
      fs.copyFileSync(good, file);
      const before = stateOf(b);
      const swap = (p: Progress) => {
        if (p.phase === 'validate' && p.done === 0) fs.writeFileSync(file, swapIn);
      };
      await expect(importBundle(b.ctx, { path: file, onProgress: swap, heldPlaintextBytes: 100 })).rejects.toThrow(message);
      expect(stateOf(b)).toBe(before);
    }
  });

  it('a replay (logged no-op) and an older sequence (refused)', async () => {
    const first = (await send(a, [b], dir)).file;
    const second = (await send(a, [b], dir)).file;
    const r = await importBundle(b.ctx, { path: second });
    expect(r.status).toBe('new');
    const before = dumpSyncedTables(b.ctx);
    const again = await importBundle(b.ctx, { path: second });
    expect(again.status).toBe('replay');
    expect(dumpSyncedTables(b.ctx)).toBe(before);
    await expectRefused(b, first, /Stale bundle/);
  });
});
