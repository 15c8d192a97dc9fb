/**
 * age v1 with node:crypto doing the bulk work, both ways. Encryption: X25519 recipients here,
 * the courier passphrase mode with the age-encryption package. Decryption: X25519 and scrypt
 * (passphrase) files alike, here, asynchronously or synchronously.
 *
 * Encryption: the payload sealed by node:crypto. The age-encryption package builds
 * the header (X25519 stanzas and MAC) exactly as the spec says, but its pure-JS ChaCha20 was
 * the bulk of export time; the payload STREAM is simple and standard, so it is done natively:
 *   payload = nonce(16) || chunks, key = HKDF-SHA256(file key, salt = nonce, "payload"),
 *   each chunk 64 KiB of plaintext sealed with ChaCha20-Poly1305 under the nonce
 *   counter(11 bytes, big-endian) || last-chunk flag(1 byte).
 * The file key is obtained through the package's public Recipient interface (a recipient that
 * only observes the key and adds no stanza).
 * Decryption: see decryptAge below. The `age` CLI interop tests check both directions.
 */
import {
  createCipheriv, createDecipheriv, createHmac, createPrivateKey, createPublicKey, diffieHellman, hkdfSync,
  randomBytes, scryptSync, timingSafeEqual,
} from 'node:crypto';
import { Encrypter } from 'age-encryption';

/** Plaintext bytes per payload chunk (age STREAM). */
export const PAYLOAD_CHUNK = 64 * 1024;
const CHUNK = PAYLOAD_CHUNK;
/** A payload chunk as stored: its bytes and their Poly1305 tag. */
const SEALED = CHUNK + 16;

/** The age header for these X25519 recipients, and the file key it wraps. */
export async function ageHeader(recipients: readonly string[]): Promise<{ header: Uint8Array; fileKey: Uint8Array }> {
  const enc = new Encrypter();
  for (const r of recipients) enc.addRecipient(r);
  let fileKey: Uint8Array | null = null;
  enc.addRecipient({
    wrapFileKey(key: Uint8Array) {
      fileKey = Uint8Array.from(key);
      return [];
    },
  });
  const empty = await enc.encrypt(new Uint8Array(0));
  const text = Buffer.from(empty).toString('latin1');
  const mac = text.indexOf('\n--- ');
  const end = mac < 0 ? -1 : text.indexOf('\n', mac + 1);
  if (end < 0 || !fileKey) throw new Error('age header not found');
  return { header: empty.subarray(0, end + 1), fileKey };
}

/**
 * Seals plaintext into the age payload STREAM; bytes come out as complete chunks. With
 * `headLater`, `push` starts at the second chunk and the first is sealed last by `sealHead`
 * (the caller knows the first chunk's plaintext only at the end and writes it in place).
 */
export class PayloadSealer {
  private readonly key: Buffer;
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  private counter: bigint;
  /** The 16-byte payload nonce; write it right after the header. */
  readonly nonce = randomBytes(16);

  constructor(fileKey: Uint8Array, opts: { headLater?: boolean } = {}) {
    this.key = Buffer.from(hkdfSync('sha256', fileKey, this.nonce, 'payload', 32));
    this.counter = opts.headLater ? 1n : 0n;
  }

  /** The first chunk (a full 64 KiB unless it is also the last). */
  sealHead(plain: Uint8Array, last: boolean): Buffer {
    if (plain.byteLength > CHUNK || (!last && plain.byteLength !== CHUNK)) throw new Error('age STREAM: the first chunk must be full unless it is the last');
    return this.sealAt(0n, Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength), last);
  }

  private seal(plain: Buffer, last: boolean): Buffer {
    return this.sealAt(this.counter++, plain, last);
  }

  private sealAt(counter: bigint, plain: Buffer, last: boolean): Buffer {
    if (counter >= 1n << 88n) throw new Error('age STREAM counter overflow');
    const nonce = Buffer.alloc(12);
    let c = counter;
    for (let i = 10; i >= 0; i--) {
      nonce[i] = Number(c & 0xffn);
      c >>= 8n;
    }
    nonce[11] = last ? 1 : 0;
    const cipher = createCipheriv('chacha20-poly1305', this.key, nonce, { authTagLength: 16 });
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  }

  /** Adds plaintext; returns the chunks now known not to be the last. */
  push(bytes: Uint8Array): Buffer[] {
    this.pending.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.pendingBytes += bytes.byteLength;
    const out: Buffer[] = [];
    // Strictly more than a chunk buffered: the one sealed now cannot be the final chunk.
    if (this.pendingBytes > CHUNK) {
      let all = Buffer.concat(this.pending);
      while (all.length > CHUNK) {
        out.push(this.seal(all.subarray(0, CHUNK), false));
        all = all.subarray(CHUNK);
      }
      this.pending.length = 0;
      this.pending.push(Buffer.from(all));
      this.pendingBytes = all.length;
    }
    return out;
  }

  /** The final chunk (possibly empty only when the whole plaintext was empty). */
  finish(): Buffer {
    return this.seal(Buffer.concat(this.pending), true);
  }
}

// ---------------------------------------------------------------------------------------------
// Decryption (X25519 identities). Header: stanzas, then `--- <MAC>`; the file key is unwrapped
// natively, the header MAC verified before a byte of payload is trusted, and the payload opened
// chunk by chunk — a chunk is taken as final only when nothing follows it.

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex');
const MAX_HEADER = 64 * 1024;

export class AgeError extends Error {}

function bech32Polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= BECH32_GEN[i]!;
  }
  return chk;
}

function bech32Decode(s: string): { hrp: string; data: Buffer } {
  const lower = s.toLowerCase();
  const pos = lower.lastIndexOf('1');
  if (pos < 1 || lower.length - pos < 7) throw new AgeError('malformed bech32 key');
  const hrp = lower.slice(0, pos);
  const values = [...lower.slice(pos + 1)].map((c) => {
    const v = BECH32.indexOf(c);
    if (v < 0) throw new AgeError('malformed bech32 key');
    return v;
  });
  const expanded = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  if (bech32Polymod([...expanded, ...values]) !== 1) throw new AgeError('bad bech32 checksum');
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  for (const v of values.slice(0, -6)) {
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 255);
    }
    acc &= (1 << bits) - 1;
  }
  if (bits >= 5 || acc !== 0) throw new AgeError('bad bech32 padding');
  return { hrp, data: Buffer.from(out) };
}

function b64(s: string): Buffer {
  if (!/^[A-Za-z0-9+/]*$/.test(s)) throw new AgeError('malformed base64 in header');
  return Buffer.from(s, 'base64');
}

function open(key: Uint8Array, nonce: Buffer, sealed: Buffer): Buffer | null {
  if (sealed.length < 16) return null;
  const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    const plain = d.update(sealed.subarray(0, sealed.length - 16));
    // final() checks the tag (throws on a forged chunk) and, for this stream cipher, adds no
    // bytes: the plaintext is not copied once more into a concatenation.
    const rest = d.final();
    return rest.length === 0 ? plain : Buffer.concat([plain, rest]);
  } catch {
    return null;
  }
}

export interface Stanza {
  type: string;
  args: string[];
  body: Buffer;
}

/** Splits a complete header (bytes up to and including the MAC line) into stanzas and MAC. */
function parseHeader(text: string): { stanzas: Stanza[]; macInput: string; mac: Buffer } {
  const lines = text.split('\n');
  if (lines[0] !== 'age-encryption.org/v1') throw new AgeError('not an age v1 file');
  const stanzas: Stanza[] = [];
  let i = 1;
  while (i < lines.length && lines[i]!.startsWith('-> ')) {
    const [type, ...args] = lines[i]!.slice(3).split(' ');
    i++;
    const body: string[] = [];
    for (;;) {
      const l = lines[i++];
      if (l === undefined) throw new AgeError('truncated header');
      body.push(l);
      if (l.length < 64) break;
      if (l.length > 64) throw new AgeError('malformed stanza body');
    }
    stanzas.push({ type: type!, args, body: b64(body.join('')) });
  }
  const macLine = lines[i];
  if (!macLine?.startsWith('--- ')) throw new AgeError('malformed header');
  const macInput = `${lines.slice(0, i).join('\n')}\n---`;
  return { stanzas, macInput, mac: b64(macLine.slice(4)) };
}

/** Recovers the 16-byte file key from the header's stanzas, or throws AgeError. */
export type FileKeyUnwrap = (stanzas: readonly Stanza[]) => Buffer;

/** A unit's X25519 identity: the key is wrapped to it in one of the X25519 stanzas. */
export function x25519Unwrap(identity: string): FileKeyUnwrap {
  return (stanzas) => unwrapX25519(stanzas, identity);
}

/**
 * A courier passphrase (age scrypt recipient): the only stanza, wrap key = scrypt(passphrase,
 * "age-encryption.org/v1/scrypt" || salt, N = 2^logN, r = 8, p = 1). The work factor is checked
 * against `maxLogN` before any work (issue 15: the file chooses it).
 */
export function scryptUnwrap(passphrase: string, maxLogN: number): FileKeyUnwrap {
  return (stanzas) => {
    const s = stanzas.find((x) => x.type === 'scrypt');
    if (!s) throw new AgeError('not a passphrase-encrypted file');
    if (stanzas.length !== 1) throw new AgeError('a scrypt stanza must be the only one');
    const [salt64, logNText] = s.args;
    if (s.args.length !== 2 || !/^[1-9][0-9]?$/.test(logNText ?? '')) throw new AgeError('malformed scrypt stanza');
    const salt = b64(salt64!);
    const logN = Number(logNText);
    if (salt.length !== 16 || s.body.length !== 32) throw new AgeError('malformed scrypt stanza');
    if (logN > maxLogN) throw new AgeError(`scrypt work factor 2^${logN} is above the accepted 2^${maxLogN}`);
    const N = 2 ** logN;
    const wrapKey = scryptSync(Buffer.from(passphrase, 'utf8'), Buffer.concat([Buffer.from('age-encryption.org/v1/scrypt'), salt]), 32, {
      N, r: 8, p: 1, maxmem: 128 * N * 8 + 16 * 1024 * 1024,
    });
    const fileKey = open(wrapKey, Buffer.alloc(12), s.body);
    if (!fileKey || fileKey.length !== 16) throw new AgeError('incorrect passphrase');
    return fileKey;
  };
}

/** A file key recovered earlier from the same file (a second pass over it): the header MAC
 *  still has to match, so a file swapped between passes is refused. */
export function knownFileKey(fileKey: Buffer): FileKeyUnwrap {
  return () => fileKey;
}

function unwrapX25519(stanzas: readonly Stanza[], identity: string): Buffer {
  const { hrp, data } = bech32Decode(identity.trim());
  if (hrp !== 'age-secret-key-' || data.length !== 32) throw new AgeError('not an X25519 age identity');
  const privateKey = createPrivateKey({ key: Buffer.concat([X25519_PKCS8, data]), format: 'der', type: 'pkcs8' });
  const ourPublic = Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x!, 'base64url');
  for (const s of stanzas) {
    if (s.type !== 'X25519') continue;
    if (s.args.length !== 1 || s.body.length !== 32) throw new AgeError('malformed X25519 stanza');
    const share = b64(s.args[0]!);
    if (share.length !== 32) throw new AgeError('malformed X25519 stanza');
    const shared = diffieHellman({
      privateKey, publicKey: createPublicKey({ key: Buffer.concat([X25519_SPKI, share]), format: 'der', type: 'spki' }),
    });
    if (shared.every((b) => b === 0)) throw new AgeError('invalid X25519 share');
    const wrapKey = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([share, ourPublic]), 'age-encryption.org/v1/X25519', 32));
    const fileKey = open(wrapKey, Buffer.alloc(12), s.body);
    if (fileKey && fileKey.length === 16) return fileKey;
  }
  throw new AgeError('no identity matched any of the recipients');
}

/**
 * age v1 decryption fed piece by piece (any split of the file's bytes): the header is parsed,
 * its MAC checked and the file key recovered once whole; the payload comes out chunk by chunk,
 * each authenticated. Throws AgeError on any damage. Shared by the asynchronous reader (first
 * pass, outside any transaction) and the synchronous one (the pass inside the import's
 * transaction).
 */
export class AgeOpener {
  private buf = Buffer.alloc(0);
  private payloadKey: Buffer | null = null;
  private counter = 0n;
  /** The file key, once the header has been read. */
  fileKey: Buffer | null = null;

  constructor(private readonly unwrap: FileKeyUnwrap) {}

  private nonceFor(last: boolean): Buffer {
    const n = Buffer.alloc(12);
    let c = this.counter;
    for (let i = 10; i >= 0; i--) {
      n[i] = Number(c & 0xffn);
      c >>= 8n;
    }
    n[11] = last ? 1 : 0;
    return n;
  }

  /** Plaintext chunks completed by these bytes (the last chunk waits for `finish`). */
  push(piece: Uint8Array): Buffer[] {
    const out: Buffer[] = [];
    // The caller's bytes are read in place; what is left unopened is copied at the end (the
    // caller may reuse its buffer). A file is read a megabyte at a time: copying every byte once
    // more cost an import of 100,000 changes about 40 ms.
    let data = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    if (this.buf.length > 0) {
      const need = SEALED - this.buf.length;
      if (this.payloadKey && need > 0 && data.length > need) {
        // The chunk the last piece began, completed from this one (more follows: not the last).
        out.push(this.openChunk(Buffer.concat([this.buf, data.subarray(0, need)])));
        data = data.subarray(need);
      } else {
        data = Buffer.concat([this.buf, data]);
      }
      this.buf = Buffer.alloc(0);
    }
    if (!this.fileKey) {
      const text = data.toString('latin1');
      const mac = text.indexOf('\n--- ');
      const end = mac < 0 ? -1 : text.indexOf('\n', mac + 1);
      if (end < 0) {
        if (data.length > MAX_HEADER) throw new AgeError('header too large');
        this.buf = Buffer.from(data);
        return out;
      }
      const header = parseHeader(text.slice(0, end + 1));
      const fileKey = this.unwrap(header.stanzas);
      const hmacKey = hkdfSync('sha256', fileKey, Buffer.alloc(0), 'header', 32);
      const expected = createHmac('sha256', Buffer.from(hmacKey)).update(header.macInput, 'latin1').digest();
      if (header.mac.length !== 32 || !timingSafeEqual(expected, header.mac)) throw new AgeError('header MAC mismatch');
      this.fileKey = fileKey;
      data = data.subarray(end + 1);
    }
    if (!this.payloadKey) {
      if (data.length < 16) {
        this.buf = Buffer.from(data);
        return out;
      }
      this.payloadKey = Buffer.from(hkdfSync('sha256', this.fileKey, data.subarray(0, 16), 'payload', 32));
      data = data.subarray(16);
    }
    // A chunk is opened only when more bytes follow it: the last one is opened by `finish`.
    while (data.length > SEALED) {
      out.push(this.openChunk(data.subarray(0, SEALED)));
      data = data.subarray(SEALED);
    }
    this.buf = Buffer.from(data);
    return out;
  }

  private openChunk(sealed: Buffer): Buffer {
    const plain = open(this.payloadKey!, this.nonceFor(false), sealed);
    if (!plain) throw new AgeError('payload authentication failed');
    this.counter++;
    return plain;
  }

  /** The last chunk, once every byte has been pushed. */
  finish(): Buffer {
    if (!this.payloadKey) throw new AgeError('truncated file');
    const last = open(this.payloadKey, this.nonceFor(true), this.buf);
    if (!last) throw new AgeError('payload authentication failed (damaged or truncated)');
    if (last.length === 0 && this.counter > 0n) throw new AgeError('empty final chunk');
    return last;
  }
}

/** Decrypts an age v1 file chunk by chunk; throws AgeError on any damage. An identity string
 *  is an X25519 identity. */
export async function* decryptAge(source: AsyncIterable<Uint8Array>, key: string | FileKeyUnwrap | AgeOpener): AsyncGenerator<Buffer> {
  const opener = key instanceof AgeOpener ? key : new AgeOpener(typeof key === 'string' ? x25519Unwrap(key) : key);
  for await (const piece of source) yield* opener.push(piece);
  yield opener.finish();
}

/** The same, synchronously (for a pass inside a database transaction). */
export function* decryptAgeSync(source: Iterable<Uint8Array>, key: FileKeyUnwrap | AgeOpener): Generator<Buffer> {
  const opener = key instanceof AgeOpener ? key : new AgeOpener(key);
  for (const piece of source) yield* opener.push(piece);
  yield opener.finish();
}
