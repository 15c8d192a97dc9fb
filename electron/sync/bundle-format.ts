/**
 * The sync bundle format (`.spilno`), shared by export (bundle-export.ts) and import
 * (bundle-import.ts): an age v1 file (X25519 recipients, or age scrypt in courier mode) whose
 * plaintext is a signed payload, one JSON document per line:
 *   line 1  {"magic":"SPILNO-BUNDLE/1","manifest":"<manifest JSON>","signature":"<base64>"}
 *   then    one change record per line (NDJSON, canonical key order)
 * The manifest (bundle id and sequence, format and schema version, sender site and key id,
 * recipient fingerprints, per-site HLC ranges, change count, SHA-256 of the change lines,
 * created/expiry, the sender's acknowledgements) is signed with Ed25519 as the exact string
 * carried, and it commits to the changes through their hash — so the signature covers both
 * while the header can be checked before a single change is read.
 *
 * Nothing here touches the database or a key: the schemas, the hash both sides compute over
 * the change lines, and the line splitting with its bounds.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../../shared/api/errors.js';
import type { ChangeLineRow } from '../db/repos/sync-select.repo.js';

export const BUNDLE_EXTENSION = '.spilno';
export const BUNDLE_MAGIC = 'SPILNO-BUNDLE/1';
export const BUNDLE_FORMAT_VERSION = 1;
/** The longest line a reader takes (LineSplitter). */
const MAX_LINE = 4 * 1024 * 1024;

export const Manifest = z.object({
  format: z.literal('spilno-bundle'),
  formatVersion: z.number().int(),
  schemaVersion: z.number().int(),
  bundleId: z.uuid(),
  bundleSeq: z.number().int().min(1),
  sender: z.object({ siteId: z.string(), keyId: z.string(), unitName: z.string(), agencyId: z.string() }),
  recipients: z.array(z.object({ siteId: z.string(), fingerprint: z.string() })).min(1),
  /** Per authoring site: the lowest and highest HLC of its changes in this bundle. */
  ranges: z.record(z.string(), z.object({ from: z.string(), to: z.string() })),
  /** The sender's change-record positions covered: (from, to]. */
  senderSeq: z.object({ from: z.number().int(), to: z.number().int() }),
  full: z.boolean(),
  changeCount: z.number().int().min(0),
  changesSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** For each recipient: the highest position of ITS change record the sender has imported. */
  acks: z.record(z.string(), z.number().int().min(0)),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type Manifest = z.infer<typeof Manifest>;

/** The first line: the manifest as the exact string signed, and its signature. */
export const Header = z.object({ magic: z.literal(BUNDLE_MAGIC), manifest: z.string(), signature: z.string() });
export type Header = z.infer<typeof Header>;

/**
 * A refused bundle: the English message for logs, the CLI and the .reason.txt a folder run leaves
 * beside the file; `key` (under `bundle.` in the sync catalogue) and `params` for the workspace,
 * which says it in the planner's language.
 */
export function refuse(key: string, message: string, params: Record<string, string | number> = {}): DomainError {
  return new DomainError('integrity', message, { messageKey: `bundle.${key}`, params });
}

/** What the manifest says about the change lines, gathered while they are written. */
export class LineDigest {
  readonly hash = createHash('sha256');
  readonly ranges: Record<string, { from: string; to: string }> = {};
  count = 0;

  /** A chunk of lines: their bytes (hashed as they are carried) and each change's site and HLC. */
  add(rows: readonly ChangeLineRow[], bytes: Uint8Array): void {
    this.hash.update(bytes);
    this.count += rows.length;
    for (const [, siteId, hlc] of rows) {
      const r = this.ranges[siteId];
      if (!r) this.ranges[siteId] = { from: hlc, to: hlc };
      else {
        if (hlc < r.from) r.from = hlc;
        if (hlc > r.to) r.to = hlc;
      }
    }
  }
}

/**
 * The SHA-256 the manifest signs: every plaintext byte after the header line (the change lines
 * and their newlines), taken chunk by chunk as they are decrypted rather than line by line.
 */
export class ChangeLinesHash {
  private readonly hash = createHash('sha256');
  private inHeader = true;

  take(chunk: Buffer): Buffer {
    if (!this.inHeader) {
      this.hash.update(chunk);
    } else {
      const nl = chunk.indexOf(0x0a);
      if (nl >= 0) {
        this.inHeader = false;
        this.hash.update(chunk.subarray(nl + 1));
      }
    }
    return chunk;
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}

/** Decrypted chunks passed on as they are, each taken into `hash` (the first import pass). */
export async function* tapAsync(source: AsyncIterable<Buffer>, hash: ChangeLinesHash): AsyncGenerator<Buffer> {
  for await (const chunk of source) yield hash.take(chunk);
}

/** The same for the synchronous second pass. */
export function* tapSync(source: Iterable<Buffer>, hash: ChangeLinesHash): Generator<Buffer> {
  for (const chunk of source) yield hash.take(chunk);
}

/** Splits decrypted bytes into lines (UTF-8, strict), refusing an endless or unfinished line. */
class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private rest = '';

  *push(value: Uint8Array): Generator<string> {
    const text = this.rest + this.decoder.decode(value, { stream: true });
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) >= 0) {
      yield text.slice(start, nl);
      start = nl + 1;
    }
    this.rest = text.slice(start);
    // One change is a few KB at most; an endless line is an attack on memory, not data.
    if (this.rest.length > MAX_LINE) throw refuse('overlongLine', 'The bundle holds an overlong line');
  }

  end(): void {
    this.rest += this.decoder.decode();
    if (this.rest !== '') throw refuse('truncatedLine', 'The bundle ends in the middle of a line (truncated?)');
  }
}

/**
 * The first import pass over a bundle's plaintext: its header line as text, then only a count
 * of the change lines (their newline bytes) — nothing else is decoded, split or allocated.
 * The lines' hash is taken beside it (ChangeLinesHash), and the second pass reads them as
 * text with every bound of LineSplitter; a bundle whose bytes are not UTF-8 is refused there,
 * in its transaction, before anything of it stays.
 */
export class HeaderThenLineCount {
  header: string | null = null;
  /** Change lines ended so far (after the header's). */
  lines = 0;
  private head: Buffer[] = [];
  private headBytes = 0;
  /** Bytes of the change line not ended yet. */
  private openLine = 0;

  /** Takes the next decrypted bytes; answers the header line when it ends in them. */
  push(chunk: Buffer): string | null {
    if (chunk.length === 0) return null;
    let from = 0;
    let header: string | null = null;
    if (this.header === null) {
      const nl = chunk.indexOf(0x0a);
      if (nl < 0) {
        this.head.push(chunk);
        this.headBytes += chunk.length;
        if (this.headBytes > MAX_LINE) throw refuse('overlongLine', 'The bundle holds an overlong line');
        return null;
      }
      this.head.push(chunk.subarray(0, nl));
      header = this.header = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(this.head));
      this.head = [];
      from = nl + 1;
    }
    let last = -1;
    for (let at = chunk.indexOf(0x0a, from); at >= 0; at = chunk.indexOf(0x0a, at + 1)) {
      this.lines++;
      last = at;
    }
    // One change is a few KB at most; an endless line is an attack on memory, not data.
    this.openLine = last >= 0 ? chunk.length - last - 1 : this.openLine + chunk.length - from;
    if (this.openLine > MAX_LINE) throw refuse('overlongLine', 'The bundle holds an overlong line');
    return header;
  }

  /** At the end of the bytes: a last line without its newline is a truncated file. */
  end(): void {
    const unfinished = this.header === null ? this.headBytes > 0 : this.openLine > 0;
    if (unfinished) throw refuse('truncatedLine', 'The bundle ends in the middle of a line (truncated?)');
  }
}

export function* linesSync(stream: Iterable<Uint8Array>): Generator<string> {
  const split = new LineSplitter();
  for (const value of stream) yield* split.push(value);
  split.end();
}
