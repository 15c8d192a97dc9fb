/** The natively sealed age payload is read by the real `age` CLI and by age-encryption, at and
 *  around chunk boundaries; a flipped bit or a dropped final chunk is refused by both. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgeError, ageHeader, decryptAge, decryptAgeSync, PayloadSealer, scryptUnwrap, x25519Unwrap } from '../../../electron/sync/age-native.js';
import { tempDataDir } from '../../helpers/temp-context.js';

let dir: string;
let identity: string;
let idFile: string;
beforeAll(async () => {
  dir = tempDataDir('spilno-age-native-');
  identity = await generateX25519Identity();
  idFile = path.join(dir, 'key.txt');
  fs.writeFileSync(idFile, `${identity}\n`, { mode: 0o600 });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function seal(plain: Buffer, pieces = 3): Promise<Buffer> {
  const { header, fileKey } = await ageHeader([await identityToRecipient(identity)]);
  const sealer = new PayloadSealer(fileKey);
  const out: Buffer[] = [Buffer.from(header), sealer.nonce];
  const step = Math.max(1, Math.ceil(plain.length / pieces));
  for (let i = 0; i < plain.length; i += step) out.push(...sealer.push(plain.subarray(i, i + step)));
  out.push(sealer.finish());
  return Buffer.concat(out);
}

async function readAll(file: string, id: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of decryptAge(fs.createReadStream(file, { highWaterMark: 7777 }), id)) parts.push(p);
  return Buffer.concat(parts);
}

describe('native age payload', () => {
  for (const size of [0, 1, 65535, 65536, 65537, 131072, 200_000]) {
    it(`${size} bytes round-trip through the age CLI and age-encryption`, async () => {
      const plain = randomBytes(size);
      const file = path.join(dir, `p${size}.age`);
      fs.writeFileSync(file, await seal(plain));
      expect(execFileSync('age', ['-d', '-i', idFile, file]).equals(plain)).toBe(true);
      const dec = new Decrypter();
      dec.addIdentity(identity);
      expect(Buffer.from(await dec.decrypt(fs.readFileSync(file))).equals(plain)).toBe(true);
      // And the native reader opens what the age CLI made.
      const plainFile = path.join(dir, `p${size}.txt`);
      fs.writeFileSync(plainFile, plain);
      const byCli = path.join(dir, `p${size}.cli.age`);
      execFileSync('age', ['-r', await identityToRecipient(identity), '-o', byCli, plainFile]);
      expect((await readAll(byCli, identity)).equals(plain)).toBe(true);
      expect((await readAll(file, identity)).equals(plain)).toBe(true);
    });
  }

  it('opens the file however it is cut into pieces, even when the reader reuses its buffer for the next piece', async () => {
    const CHUNK = 65_536;
    const size = fc.oneof(fc.integer({ min: 0, max: 300_000 }), fc.constantFrom(CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 16, 3 * CHUNK - 1));
    const cut = fc.oneof(fc.integer({ min: 1, max: 140_000 }), fc.constantFrom(1, 15, 16, 17, CHUNK, CHUNK + 15, CHUNK + 16, CHUNK + 17, 2 * CHUNK + 32));
    await fc.assert(fc.asyncProperty(size, fc.array(cut, { minLength: 1, maxLength: 12 }), async (n, cuts) => {
      const plain = randomBytes(n);
      const sealed = await seal(plain, 1 + (n % 5));
      // One scratch buffer for every piece, overwritten as the next piece is read.
      const scratch = Buffer.alloc(Math.max(...cuts));
      function* pieces(): Generator<Uint8Array> {
        for (let at = 0, k = 0; at < sealed.length; k++) {
          const len = Math.min(cuts[k % cuts.length]!, sealed.length - at);
          sealed.copy(scratch, 0, at, at + len);
          scratch.fill(0xa5, len);
          at += len;
          yield scratch.subarray(0, len);
        }
      }
      const opened = Buffer.concat([...decryptAgeSync(pieces(), x25519Unwrap(identity))]);
      expect(opened.equals(plain)).toBe(true);
    }), { numRuns: 80 });
  });

  it('a flipped bit or a missing final chunk is refused', async () => {
    const plain = randomBytes(150_000);
    const sealed = await seal(plain);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 70_000]! ^= 1;
    const f1 = path.join(dir, 'flipped.age');
    fs.writeFileSync(f1, flipped);
    expect(() => execFileSync('age', ['-d', '-i', idFile, f1], { stdio: 'pipe' })).toThrow();
    const f2 = path.join(dir, 'cut.age');
    fs.writeFileSync(f2, sealed.subarray(0, sealed.length - (150_000 - 131072) - 16));
    expect(() => execFileSync('age', ['-d', '-i', idFile, f2], { stdio: 'pipe' })).toThrow();
    await expect(readAll(f1, identity)).rejects.toThrow(AgeError);
    await expect(readAll(f2, identity)).rejects.toThrow(/authentication failed/);
    const header = Buffer.from(sealed);
    header[40]! ^= 1;
    const f3 = path.join(dir, 'header.age');
    fs.writeFileSync(f3, header);
    await expect(readAll(f3, identity)).rejects.toThrow(AgeError);
    await expect(readAll(f1, await generateX25519Identity())).rejects.toThrow(/no identity matched|authentication|MAC/);
    const other = path.join(dir, 'other.age');
    fs.writeFileSync(other, await seal(plain));
    await expect(readAll(other, await generateX25519Identity())).rejects.toThrow(/no identity matched/);
  });

  it('opens a passphrase file made by age-encryption (scrypt), asynchronously and synchronously, and refuses a wrong passphrase or a costlier work factor', async () => {
    const plain = randomBytes(150_000);
    const enc = new Encrypter();
    enc.setPassphrase('кур’єрська фраза 42');
    enc.setScryptWorkFactor(12);
    const file = Buffer.from(await enc.encrypt(plain));
    const parts: Buffer[] = [];
    for await (const p of decryptAge((async function* () { yield file.subarray(0, 5000); yield file.subarray(5000); })(), scryptUnwrap('кур’єрська фраза 42', 18))) parts.push(p);
    expect(Buffer.concat(parts).equals(plain)).toBe(true);
    expect(Buffer.concat([...decryptAgeSync([file], scryptUnwrap('кур’єрська фраза 42', 18))]).equals(plain)).toBe(true);
    expect(() => [...decryptAgeSync([file], scryptUnwrap('інша фраза', 18))]).toThrow(AgeError);
    expect(() => [...decryptAgeSync([file], scryptUnwrap('кур’єрська фраза 42', 11))]).toThrow(/work factor 2\^12/);
  });
});
