/**
 * age v1 encryption with the payload sealed by node:crypto. The age-encryption package builds
 * the header (X25519 stanzas and MAC) exactly as the spec says, but its pure-JS ChaCha20 was
 * the bulk of export time; the payload STREAM is simple and standard, so it is done natively:
 *   payload = nonce(16) || chunks, key = HKDF-SHA256(file key, salt = nonce, "payload"),
 *   each chunk 64 KiB of plaintext sealed with ChaCha20-Poly1305 under the nonce
 *   counter(11 bytes, big-endian) || last-chunk flag(1 byte).
 * The file key is obtained through the package's public Recipient interface (a recipient that
 * only observes the key and adds no stanza). The `age` CLI interop tests check the result.
 */
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Encrypter } from 'age-encryption';

const CHUNK = 64 * 1024;

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

/** Seals plaintext into the age payload STREAM; bytes come out as complete chunks. */
export class PayloadSealer {
  private readonly key: Buffer;
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  private counter = 0n;
  /** The 16-byte payload nonce; write it right after the header. */
  readonly nonce = randomBytes(16);

  constructor(fileKey: Uint8Array) {
    this.key = Buffer.from(hkdfSync('sha256', fileKey, this.nonce, 'payload', 32));
  }

  private seal(plain: Buffer, last: boolean): Buffer {
    if (this.counter >= 1n << 88n) throw new Error('age STREAM counter overflow');
    const nonce = Buffer.alloc(12);
    let c = this.counter++;
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
