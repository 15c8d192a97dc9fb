/**
 * A briefing pack for transport: the PDF, calendar and contacts in one POSIX tar (readable by
 * `tar` everywhere, no dependency), optionally encrypted to age X25519 recipients — the same
 * recipient strings (`age1…`) sync bundles use — so a pack sent over an untrusted channel opens
 * only for the units it was made for (`age -d -i key.txt pack.tar.age | tar -x`).
 */
import { Encrypter } from 'age-encryption';

export interface PackFile {
  /** ASCII file name without directories. */
  name: string;
  bytes: Uint8Array;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function tarHeader(name: string, size: number, mtime: number): Buffer {
  if (!/^[A-Za-z0-9._-]{1,99}$/.test(name)) throw new Error(`Unsafe pack file name: ${name}`);
  const h = Buffer.alloc(BLOCK, 0);
  h.write(name, 0, 'ascii');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write('spilno', 265, 'ascii');
  h.write('spilno', 297, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** A ustar archive of the files, in order. */
export function tarFiles(files: readonly PackFile[], mtime: Date): Buffer {
  const parts: Buffer[] = [];
  const seconds = Math.floor(mtime.getTime() / 1000);
  for (const f of files) {
    parts.push(tarHeader(f.name, f.bytes.length, seconds), Buffer.from(f.bytes));
    const padding = (BLOCK - (f.bytes.length % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(Buffer.alloc(padding, 0));
  }
  parts.push(Buffer.alloc(2 * BLOCK, 0));
  return Buffer.concat(parts);
}

export const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

/** Encrypts to every recipient (any one of them can open it). */
export async function encryptToRecipients(bytes: Uint8Array, recipients: readonly string[]): Promise<Uint8Array> {
  if (recipients.length === 0) throw new Error('No age recipients');
  const e = new Encrypter();
  for (const r of recipients) e.addRecipient(r);
  return e.encrypt(bytes);
}
