/**
 * Sync bundles (`.spilno`): an age v1 file (X25519 recipients, or age scrypt in courier mode)
 * whose plaintext is a signed payload, one JSON document per line:
 *   line 1  {"magic":"SPILNO-BUNDLE/1","manifest":"<manifest JSON>","signature":"<base64>"}
 *   then    one change record per line (NDJSON, canonical key order)
 * The manifest (bundle id and sequence, format and schema version, sender site and key id,
 * recipient fingerprints, per-site HLC ranges, change count, SHA-256 of the change lines,
 * created/expiry, the sender's acknowledgements) is signed with Ed25519 as the exact string
 * carried, and it commits to the changes through their hash — so the signature covers both
 * while the header can be checked before a single change is read.
 *
 * Export streams in bounded memory and reads the change record once: change lines (built by
 * SQLite) are hashed and sealed as they are read, and the first 64 KiB chunk — the signed header
 * line, padded with spaces to a room kept for it, and the first change lines — is sealed last
 * and written in its place (age STREAM chunks are independent; the file is an ordinary age
 * file). Courier bundles, and a manifest that outgrows its room, take two passes. Import takes
 * two passes and writes nothing of the bundle anywhere but its rows: the first decrypts, checks
 * the signed header and hashes the lines against the manifest, outside any transaction; the
 * second validates and applies every change in one transaction. A small bundle is held in
 * memory between the passes; a larger one is decrypted again with the file key the first
 * pass recovered and hashed again, so a file changed between the passes fails the second check
 * and rolls back, and a bundle larger than memory passes through.
 * (Imports used to stage the lines in a table of the store between the passes; writing and
 * deleting every line cost more than a second decryption, about a fifth of an import.)
 *
 * Need-to-know: a bundle carries only the recipients' view (shared/visibility/rule.ts), chosen
 * by electron/sync/selection.ts for first, incremental, full and courier bundles alike.
 */
import { createHash, randomUUID, sign, verify } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Encrypter } from 'age-encryption';
import { z } from 'zod';
import { DomainError } from '../../shared/api/errors.js';
import type { ImportPreview } from '../../shared/api/sync.js';
import { LIMITS } from '../../shared/domain/bounds.js';
import { withPageCache } from '../db/connection.js';
import { AtomicFile, openRegularFile, regularFileChunks, regularFileChunksSync } from '../files/safe-fs.js';
import { getMeta, setMeta } from '../db/repos/meta.repo.js';
import { getOperation } from '../db/repos/operations.repo.js';
import {
  changeLinesBySeqs, countChangeSites, iterateChangeLines, type ChangeLineRow,
} from '../db/repos/sync-select.repo.js';
import {
  bundleApplied, getPeerByKeyId, getPeerRow, listHeldForUpdate, logBundle, recordPeerProgress, releaseFromQuarantine,
  type PeerRow, type QuarantineRow,
} from '../db/repos/sync.repo.js';
import { currentSchemaVersion, transact, type ServiceContext } from '../services/context.js';
import {
  AgeError, ageHeader, AgeOpener, decryptAge, decryptAgeSync, type FileKeyUnwrap, knownFileKey, PAYLOAD_CHUNK,
  PayloadSealer, scryptUnwrap, x25519Unwrap,
} from './age-native.js';
import { deconflictOperations } from '../services/conflicts.js';
import { applyIncoming, AWAITS_UPDATE, type ApplyReport } from './apply.js';
import { unknownHere } from '../rights/validate.js';
import { BoundedCache } from '../../shared/sync/bounded-cache.js';
import { publicKeyFromRaw, requirePeer, requireUnlocked } from './identity.js';
import { selectChanges, type Selection } from './selection.js';
import type { ProgressFn } from '../services/progress.js';

export type { Progress, ProgressFn } from '../services/progress.js';

export const BUNDLE_EXTENSION = '.spilno';
export const BUNDLE_MAGIC = 'SPILNO-BUNDLE/1';
export const BUNDLE_FORMAT_VERSION = 1;
const DEFAULT_TTL_DAYS = 30;
const CHUNK = 2000;
/** Page cache for the import's one transaction (rows, change record and the pass table share
 *  it): the default 2 MB spills to the WAL mid-transaction and doubled the apply time. */
const IMPORT_CACHE_MB = 64;
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

const Header = z.object({ magic: z.literal(BUNDLE_MAGIC), manifest: z.string(), signature: z.string() });

// ---------------------------------------------------------------------------------------------
// Export

/**
 * The selected changes as bundle lines in seq order, a chunk at a time: whole histories of
 * rows that came into view (at or below the acknowledgement) by their seqs, then one ordered
 * read of the record above it keeping what the selection takes — a full bundle reads the
 * record once, front to back.
 */
function* selectedLines(ctx: ServiceContext, sel: Selection): Generator<ChangeLineRow[]> {
  for (let i = 0; i < sel.extras.length; i += CHUNK) {
    yield changeLinesBySeqs(ctx.db, JSON.stringify(sel.extras.slice(i, i + CHUNK)));
  }
  let chunk: ChangeLineRow[] = [];
  for (const c of iterateChangeLines(ctx.db, sel.seqFrom, sel.seqTo)) {
    if (!sel.takes(c[1], c[3], c[4], c[5], c[7])) continue;
    chunk.push(c);
    if (chunk.length === CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

export interface ExportOptions {
  readonly peers: readonly string[];
  readonly outPath: string;
  readonly full?: boolean;
  readonly courierPassphrase?: string;
  readonly ttlDays?: number;
  readonly onProgress?: ProgressFn;
  /** age scrypt work factor for courier mode (tests lower it). */
  readonly scryptLogN?: number;
}

/** A bundle written: where, and what it holds. */
export interface BundleWritten {
  bundleId: string;
  path: string;
  bundleSeq: number;
  changeCount: number;
  bytes: number;
}

/** What the manifest says about the change lines, gathered while they are written. */
class LineDigest {
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
 * Room kept for the signed header line at the front of a keyed bundle's first chunk: the
 * manifest grows with the recipients and the sites whose changes it carries (each a range and
 * an acknowledgement), so the bound comes from those counts; a manifest that does not fit after
 * all is written in two passes instead.
 */
function headerRoom(recipients: number, sites: number, unitName: string): number {
  return 4096 + 2 * Buffer.byteLength(unitName) + 320 * recipients + 200 * sites;
}

export async function exportBundle(ctx: ServiceContext, opts: ExportOptions): Promise<BundleWritten> {
  const me = requireUnlocked(ctx);
  if (opts.peers.length === 0) throw new DomainError('invalid_input', 'A bundle needs at least one recipient', { messageKey: 'bundle.noRecipients' });
  const peers = [...new Set(opts.peers)].map((id) => requirePeer(ctx, id));
  for (const p of peers) {
    if (p.status !== 'trusted') throw new DomainError('forbidden', `Peer ${p.unit_name} (${p.site_id}) is ${p.status}, not trusted`, { messageKey: 'bundle.peerNotTrusted', params: { unit: p.unit_name } });
  }
  const progress = opts.onProgress ?? (() => {});
  await progress({ phase: 'select', done: 0, total: 0 });
  const sel = selectChanges(ctx.db, peers, opts.full ?? false);
  // Until the one ordered read is done, how many of the candidates go in is not known: the
  // write phase counts towards the most there can be, and ends at the number written.
  let total = sel.extras.length + sel.candidates;
  await progress({ phase: 'select', done: total, total });

  const now = ctx.now();
  const bundleSeq = transact(ctx, () => {
    const next = Number(getMeta(ctx.db, 'sync_bundle_seq') ?? '0') + 1;
    setMeta(ctx.db, 'sync_bundle_seq', String(next));
    return next;
  });
  const bundleId = randomUUID();
  /** The signed header line for the changes as written (the manifest commits to their hash). */
  const headerLine = (d: LineDigest): string => {
    const manifest: Manifest = {
      format: 'spilno-bundle', formatVersion: BUNDLE_FORMAT_VERSION, schemaVersion: currentSchemaVersion(ctx),
      bundleId, bundleSeq,
      sender: { siteId: ctx.siteId, keyId: me.keyId, unitName: ctx.unitName, agencyId: ctx.agencyId },
      recipients: peers.map((p) => ({ siteId: p.site_id, fingerprint: p.fingerprint })),
      ranges: d.ranges, senderSeq: { from: sel.seqFrom, to: sel.seqTo }, full: opts.full ?? false,
      changeCount: d.count, changesSha256: d.hash.digest('hex'),
      acks: Object.fromEntries(peers.map((p) => [p.site_id, p.received_seq])),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + (opts.ttlDays ?? DEFAULT_TTL_DAYS) * 86_400_000).toISOString(),
    };
    const manifestText = JSON.stringify(manifest);
    return JSON.stringify({
      magic: BUNDLE_MAGIC, manifest: manifestText,
      signature: sign(null, Buffer.from(manifestText), me.signPrivate).toString('base64'),
    });
  };

  let written = 0;
  /** The last progress report's answer, awaited by the write loops between pieces. */
  let reported: void | Promise<void> = progress({ phase: 'write', done: 0, total });
  const encoder = new TextEncoder();
  /** Change lines chunk by chunk, each chunk's bytes with its changes noted in `digest`. */
  function* changeBytes(digest: LineDigest | null): Generator<Uint8Array> {
    for (const chunk of selectedLines(ctx, sel)) {
      let text = '';
      for (const c of chunk) text += `${c[6]}\n`;
      const bytes = encoder.encode(text);
      digest?.add(chunk, bytes);
      written += chunk.length;
      yield bytes;
      reported = progress({ phase: 'write', done: written, total });
    }
  }

  // Written beside the target under a random, exclusively created name, then renamed over it
  // (files/safe-fs.ts): a symlink planted at a predictable temporary name is never followed.
  const room = headerRoom(peers.length, countChangeSites(ctx.db), ctx.unitName);
  let out = AtomicFile.create(opts.outPath);
  let count: number;
  try {
    let done = opts.courierPassphrase || room > PAYLOAD_CHUNK ? null : await writeKeyedOnePass(out, peers, room, changeBytes, headerLine, () => reported);
    if (done === null && !opts.courierPassphrase) {
      // The manifest outgrew its room: start the file again, in two passes.
      out.abort();
      out = AtomicFile.create(opts.outPath);
      written = 0;
    }
    if (done === null) {
      // First pass: hash, count and ranges, so the signed manifest can lead the file.
      const digest = new LineDigest();
      for (const _ of changeBytes(digest)) await reported;
      written = 0;
      const header = headerLine(digest);
      const pieces = (function* () {
        yield encoder.encode(`${header}\n`);
        yield* changeBytes(null);
      })();
      if (opts.courierPassphrase) await writeCourier(out, opts.courierPassphrase, opts.scryptLogN, pieces, () => reported);
      else await writeKeyed(out, peers, pieces, () => reported);
      done = digest.count;
    }
    count = done;
  } catch (e) {
    out.abort();
    throw e;
  }
  total = count;
  await progress({ phase: 'write', done: count, total });
  const outPath = out.commit();
  const bytes = out.bytes;
  transact(ctx, () => logBundle(ctx.db, {
    bundle_id: bundleId, direction: 'out', peer_site_id: peers.map((p) => p.site_id).join(','),
    bundle_seq: bundleSeq, change_count: count, outcome: 'exported', detail: outPath, at: now.toISOString(),
  }));
  return { bundleId, path: outPath, bundleSeq, changeCount: count, bytes };
}

/**
 * A keyed bundle in ONE pass over the record: the change lines are sealed as they are read, and
 * the first 64 KiB chunk — the signed header line (padded with spaces to its room; JSON allows
 * them) and the first change lines — is sealed last and written in its place, once the hash,
 * count and ranges the manifest commits to are known. Returns the change count, or null when
 * the header line turned out longer than its room (the caller starts again in two passes).
 */
async function writeKeyedOnePass(
  out: AtomicFile, peers: readonly PeerRow[], room: number,
  changeBytes: (d: LineDigest) => Generator<Uint8Array>, headerLine: (d: LineDigest) => string,
  reported: () => void | Promise<void>,
): Promise<number | null> {
  const { header: ageHead, fileKey } = await ageHeader(peers.map((p) => p.age_recipient));
  const sealer = new PayloadSealer(fileKey, { headLater: true });
  fileKey.fill(0);
  out.write(ageHead);
  out.write(sealer.nonce);
  const headAt = out.bytes;
  const head = new Uint8Array(PAYLOAD_CHUNK);
  let headUsed = room;
  let streaming = false;
  const digest = new LineDigest();
  for (let piece of changeBytes(digest)) {
    await reported();
    if (!streaming) {
      const fits = Math.min(piece.byteLength, PAYLOAD_CHUNK - headUsed);
      head.set(piece.subarray(0, fits), headUsed);
      headUsed += fits;
      piece = piece.subarray(fits);
      if (piece.byteLength === 0) continue;
      // More than one chunk: the first is full, its sealed bytes go here at the end.
      streaming = true;
      out.write(new Uint8Array(PAYLOAD_CHUNK + 16));
    }
    for (const sealed of sealer.push(piece)) out.write(sealed);
  }
  const line = headerLine(digest);
  const lineBytes = Buffer.from(line, 'utf8');
  if (lineBytes.byteLength + 1 > room) return null;
  head.fill(0x20, 0, room - 1);
  head.set(lineBytes, 0);
  head[room - 1] = 0x0a;
  if (streaming) {
    out.write(sealer.finish());
    out.writeAt(sealer.sealHead(head, false), headAt);
  } else {
    out.write(sealer.sealHead(head.subarray(0, headUsed), true));
  }
  return digest.count;
}

async function writeKeyed(
  out: AtomicFile, peers: readonly PeerRow[], pieces: Iterable<Uint8Array>, reported: () => void | Promise<void>,
): Promise<void> {
  const { header: ageHead, fileKey } = await ageHeader(peers.map((p) => p.age_recipient));
  const sealer = new PayloadSealer(fileKey);
  fileKey.fill(0);
  out.write(ageHead);
  out.write(sealer.nonce);
  for (const piece of pieces) {
    await reported();
    for (const sealed of sealer.push(piece)) out.write(sealed);
  }
  out.write(sealer.finish());
}

/** Courier mode (rare, small): the age package does scrypt and the payload itself. */
async function writeCourier(
  out: AtomicFile, passphrase: string, scryptLogN: number | undefined, pieces: Iterator<Uint8Array>,
  reported: () => void | Promise<void>,
): Promise<void> {
  const enc = new Encrypter();
  enc.setPassphrase(passphrase);
  if (scryptLogN) enc.setScryptWorkFactor(scryptLogN);
  const cipher = await enc.encrypt(new ReadableStream<Uint8Array>({
    async pull(controller) {
      await reported();
      const next = pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  }));
  const reader = cipher.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out.write(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Import

export interface ImportOptions {
  readonly path: string;
  readonly dryRun?: boolean;
  readonly courierPassphrase?: string;
  readonly onProgress?: ProgressFn;
  /** Change-line characters held in memory between the passes (tests lower it to make a small
   *  bundle take the path of a large one). */
  readonly heldLinesChars?: number;
}

/**
 * A refused bundle: the English message for logs, the CLI and the .reason.txt a folder run leaves
 * beside the file; `key` (under `bundle.` in the sync catalogue) and `params` for the workspace,
 * which says it in the planner's language.
 */
function refuse(key: string, message: string, params: Record<string, string | number> = {}): DomainError {
  return new DomainError('integrity', message, { messageKey: `bundle.${key}`, params });
}

/** Splits a byte stream into lines; the caller gets each complete line once. */
/**
 * The SHA-256 the manifest signs: every plaintext byte after the header line (the change lines
 * and their newlines), taken chunk by chunk as they are decrypted rather than line by line.
 */
class ChangeLinesHash {
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

async function* tapAsync(source: AsyncIterable<Buffer>, hash: ChangeLinesHash): AsyncGenerator<Buffer> {
  for await (const chunk of source) yield hash.take(chunk);
}

function* tapSync(source: Iterable<Buffer>, hash: ChangeLinesHash): Generator<Buffer> {
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

async function* lines(stream: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const split = new LineSplitter();
  for await (const value of stream) yield* split.push(value);
  split.end();
}

function* linesSync(stream: Iterable<Uint8Array>): Generator<string> {
  const split = new LineSplitter();
  for (const value of stream) yield* split.push(value);
  split.end();
}

interface Verified {
  manifest: Manifest;
  sender: PeerRow;
}

/** Checks the header in the order the issue prescribes; throws a clear refusal otherwise. */
function verifyHeader(ctx: ServiceContext, line: string | undefined): Verified {
  let header: z.infer<typeof Header>;
  let raw: unknown;
  try {
    header = Header.parse(JSON.parse(line ?? ''));
    raw = JSON.parse(header.manifest);
  } catch {
    throw refuse('notBundle', 'Not a Spilno bundle (no valid header)');
  }
  const keyId = (raw as { sender?: { keyId?: unknown } })?.sender?.keyId;
  const sender = typeof keyId === 'string' ? getPeerByKeyId(ctx.db, keyId) : null;
  if (!sender) throw refuse('unknownSigner', 'Unknown signer: the bundle is signed by a key of no known peer');
  if (sender.status === 'revoked') throw refuse('signerRevoked', `The signer ${sender.unit_name} has been revoked`, { unit: sender.unit_name });
  if (sender.status !== 'trusted') throw refuse('signerUntrusted', `The signer ${sender.unit_name} is not trusted yet (confirm its fingerprint first)`, { unit: sender.unit_name });
  if (!verify(null, Buffer.from(header.manifest), publicKeyFromRaw(sender.sign_public_key), Buffer.from(header.signature, 'base64'))) {
    throw refuse('badSignature', `Bad signature: the bundle was not signed by ${sender.unit_name}'s pinned key`, { unit: sender.unit_name });
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) throw refuse('badManifest', 'The bundle manifest is malformed');
  const manifest = parsed.data;
  if (manifest.sender.siteId !== sender.site_id) throw refuse('senderMismatch', 'The manifest names a different sender than its key');
  const me = requireUnlocked(ctx);
  if (!manifest.recipients.some((r) => r.siteId === ctx.siteId && r.fingerprint === me.fingerprint)) {
    throw refuse('notRecipient', 'This unit is not a recipient of the bundle (forwarded or misaddressed)');
  }
  if (manifest.formatVersion > BUNDLE_FORMAT_VERSION) {
    throw refuse('formatTooNew', `Bundle format ${manifest.formatVersion} is newer than this Spilno supports; update Spilno`, { version: manifest.formatVersion });
  }
  // A newer schema is no reason to refuse: what this version knows applies, and changes of
  // entities or fields added since wait for this unit's update (applyIncoming, fromNewerVersion).
  if (new Date(manifest.expiresAt).getTime() < ctx.now().getTime()) {
    throw refuse('expired', `The bundle expired at ${manifest.expiresAt}`, { at: manifest.expiresAt });
  }
  return { manifest, sender };
}

/** How this unit recovers the file key: its X25519 identity, or the courier passphrase (the
 *  work factor capped before any work). */
function fileKeyUnwrap(ctx: ServiceContext, file: string, courierPassphrase: string | undefined): FileKeyUnwrap {
  if (!courierPassphrase) return x25519Unwrap(requireUnlocked(ctx).ageIdentity);
  checkCourierWorkFactor(file);
  return scryptUnwrap(courierPassphrase, MAX_COURIER_LOG_N);
}

/**
 * The scrypt cost a courier bundle asks for, capped before any work. The age package accepts up
 * to 2^20 — a gigabyte of memory and 14 s of a blocked core here (issue 15) spent before the
 * signature is even looked at, by anyone who can hand over a file. Spilno writes courier
 * bundles at 2^18 (age's default, also the age CLI's), so nothing above that is opened.
 */
export const MAX_COURIER_LOG_N = 18;
const COURIER_HEAD_BYTES = 64 * 1024;

function checkCourierWorkFactor(file: string): void {
  const { fd } = openRegularFile(file, LIMITS.bundleBytes);
  let head: string;
  try {
    const buf = Buffer.alloc(COURIER_HEAD_BYTES);
    head = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('latin1');
  } finally {
    fs.closeSync(fd);
  }
  const end = head.indexOf('\n---');
  if (end < 0) throw refuse('cannotDecrypt', 'Cannot decrypt the bundle: no age header in its first 64 KB', { reason: 'header' });
  for (const line of head.slice(0, end).split('\n')) {
    if (!line.startsWith('-> scrypt ')) continue;
    const logN = line.split(' ')[3] ?? '';
    if (!/^[1-9][0-9]?$/.test(logN) || Number(logN) > MAX_COURIER_LOG_N) {
      throw refuse('courierWorkFactor', `The courier bundle asks for scrypt work factor 2^${logN}; at most 2^${MAX_COURIER_LOG_N} is opened`, {
        logN: logN.slice(0, 8), max: MAX_COURIER_LOG_N,
      });
    }
  }
}

/** Passes changes through to the apply layer, reporting how many it has taken for validation;
 *  once it has taken the last one the rows are being written ("apply"). */
function* reportValidated(source: Iterable<unknown>, total: number, progress: ProgressFn): Generator<unknown> {
  let n = 0;
  for (const c of source) {
    if (++n % CHUNK === 0) void progress({ phase: 'validate', done: n, total });
    yield c;
  }
  void progress({ phase: 'validate', done: n, total });
  void progress({ phase: 'apply', done: 0, total });
}

/**
 * Change lines a bundle may keep in memory between the two passes (UTF-16 code units: up to
 * twice as many bytes). Bundles between field units (tens of kilobytes) are not decrypted twice;
 * a first distribution of a large plan is, because holding 32M characters raised an import's
 * peak memory past the 300 MB it must stay under (306 MB for a 63 MB bundle), and the 500 MB
 * bundle passes through in bounded memory.
 */
const HELD_LINES_CHARS = 8 * 1024 * 1024;

/** The second pass over lines the first pass held (and hashed against the manifest). */
function* parsedLines(held: readonly string[]): Generator<unknown> {
  for (const line of held) {
    let change: unknown;
    try {
      change = JSON.parse(line);
    } catch (e) {
      throw readRefusal(e);
    }
    yield change;
  }
}

/**
 * The second pass over a bundle too large to hold: the file read and decrypted again, synchronously, inside the import's
 * transaction, with the file key the first pass recovered (the header MAC is checked again).
 * The first pass proved the lines match the signed manifest; this one proves it again for the
 * lines it hands over, so a file changed between the passes is refused at its end and the
 * transaction rolls back: nothing of it stays.
 */
function* verifiedChanges(file: string, fileKey: Buffer, headerLine: string, manifest: Manifest): Generator<unknown> {
  const changed = () => refuse('manifestMismatch', 'The bundle changed while it was being imported; nothing was applied');
  const hash = new ChangeLinesHash();
  let header = true;
  let count = 0;
  const source = linesSync(tapSync(decryptAgeSync(regularFileChunksSync(file, LIMITS.bundleBytes), knownFileKey(fileKey)), hash));
  for (;;) {
    let line: string;
    let change: unknown;
    try {
      const next = source.next();
      if (next.done) break;
      line = next.value;
      if (header) {
        if (line !== headerLine) throw changed();
        header = false;
        continue;
      }
      change = JSON.parse(line);
    } catch (e) {
      throw readRefusal(e);
    }
    if (++count > manifest.changeCount) throw changed();
    yield change;
  }
  if (count !== manifest.changeCount || hash.hex() !== manifest.changesSha256) throw changed();
}

class Rollback extends Error {}

/** What reading the file threw (damaged bytes, text that is not UTF-8), as the typed refusal a
 *  planner reads. */
function readRefusal(e: unknown): unknown {
  if (e instanceof DomainError) return e;
  if (e instanceof AgeError) return refuse('cannotDecrypt', `Cannot decrypt the bundle: ${e.message} (not addressed to this unit, or damaged)`, { reason: e.message });
  return refuse('damaged', `The bundle is damaged or truncated: ${(e as Error).message}`, { reason: (e as Error).message });
}

function toPreview(ctx: ServiceContext, v: Verified, report: ApplyReport | null, status: 'new' | 'replay'): ImportPreview {
  return {
    bundleId: v.manifest.bundleId, senderSiteId: v.sender.site_id, senderUnit: v.sender.unit_name,
    createdAt: v.manifest.createdAt, changeCount: v.manifest.changeCount, status,
    perOperation: Object.entries(report?.perOperation ?? {}).sort().map(([op, n]) => ({
      operationId: op === '' ? null : op,
      codeName: op === '' ? null : getOperation(ctx.db, op)?.codeName ?? null,
      changes: n,
    })),
    newConflicts: (report?.newConflicts ?? []).map((c) => ({ ...c, candidates: [...c.candidates] })),
    newConflictCount: report?.newConflictCount ?? 0,
    quarantined: (report?.quarantined ?? []).map((q) => ({ change: JSON.stringify(q.change), reason: q.reason, waiting: q.waiting })),
    quarantinedCount: report?.quarantinedCount ?? 0,
    released: report?.released ?? 0,
    added: report?.added ?? 0,
    pendingRows: report?.pendingRows ?? 0,
  };
}

/**
 * Decrypt → verify the signature against the pinned key → recipient, format/schema version,
 * expiry → replay (applied bundle id: logged no-op; older sequence: refused) → every change
 * validated → all applied in one transaction → receipt and acknowledgements recorded.
 * With `dryRun` the same work runs and is rolled back: the preview is exactly what import does.
 */
/**
 * One import at a time per database connection. An import decrypts across awaits before it
 * applies in one transaction; a second import started meanwhile (another window, the inbox
 * folder, a second click) waits for the earlier ones, failed or not.
 */
const importsInFlight = new WeakMap<ServiceContext['db'], Promise<unknown>>();

export function importBundle(ctx: ServiceContext, opts: ImportOptions): Promise<ImportPreview> {
  const before = importsInFlight.get(ctx.db) ?? Promise.resolve();
  const run = before.then(() => importBundleAlone(ctx, opts));
  importsInFlight.set(ctx.db, run.catch(() => undefined));
  return run;
}

/**
 * Changes held because a newer Spilno sent entities or fields this unit did not know: once it is
 * updated and knows them, they are judged and applied as if they had just arrived from their
 * sender, in one transaction; those still unknown stay held. Runs when the core opens a store
 * and before every import. Returns how many left the quarantine.
 */
export function applyHeldForUpdate(ctx: ServiceContext): number {
  const ready = listHeldForUpdate(ctx.db, AWAITS_UPDATE).filter((q) => unknownHere(JSON.parse(q.change)) === null);
  if (ready.length === 0) return 0;
  return transact(ctx, () => {
    const bySender = new Map<string, QuarantineRow[]>();
    for (const q of ready) {
      releaseFromQuarantine(ctx.db, q.id);
      bySender.set(q.sender_site_id, [...(bySender.get(q.sender_site_id) ?? []), q]);
    }
    const agencyOfSite = (site: string): string | null => (site === ctx.siteId ? ctx.agencyId : getPeerRow(ctx.db, site)?.agency_id ?? null);
    const operations = new Set<string>();
    let released = 0;
    for (const [sender, held] of bySender) {
      const report = applyIncoming(ctx, held.map((q) => JSON.parse(q.change) as unknown), {
        bundleId: `update:${currentSchemaVersion(ctx)}`, senderSiteId: sender,
        authority: { senderAgencyId: agencyOfSite(sender) ?? '', agencyOfSite },
      });
      released += report.added;
      for (const id of Object.keys(report.perOperation)) if (id !== '') operations.add(id);
    }
    deconflictOperations(ctx, [...operations]);
    return released;
  });
}

async function importBundleAlone(ctx: ServiceContext, opts: ImportOptions): Promise<ImportPreview> {
  if (!opts.dryRun) applyHeldForUpdate(ctx);
  const file = path.resolve(opts.path);
  // A regular file, not a link, within the size limit (files/safe-fs.ts): checked here for a
  // typed answer before anything starts, and again on each descriptor the bytes are read from.
  const opened = openRegularFile(file, LIMITS.bundleBytes);
  fs.closeSync(opened.fd);
  const size = opened.size;
  const progress = opts.onProgress ?? (() => {});
  let read = 0;
  let reported: void | Promise<void> = undefined;
  const opener = new AgeOpener(fileKeyUnwrap(ctx, file, opts.courierPassphrase));

  // First pass, outside any transaction: decrypt, check the signed header, hash the lines.
  let verified: Verified | null = null;
  let headerLine = '';
  const hash = new ChangeLinesHash();
  let count = 0;
  // A bundle of ordinary size stays in memory between the passes; a larger one is read again.
  let held: string[] | null = [];
  let heldChars = 0;
  try {
    const chunks = regularFileChunks(file, LIMITS.bundleBytes, (bytes) => {
      read += bytes;
      reported = progress({ phase: 'decrypt', done: read, total: size });
    });
    for await (const line of lines(tapAsync(decryptAge(chunks, opener), hash))) {
      if (!verified) {
        verified = verifyHeader(ctx, line);
        headerLine = line;
        const { manifest, sender } = verified;
        if (bundleApplied(ctx.db, manifest.bundleId)) {
          if (!opts.dryRun) {
            transact(ctx, () => logBundle(ctx.db, {
              bundle_id: manifest.bundleId, direction: 'in', peer_site_id: sender.site_id, bundle_seq: manifest.bundleSeq,
              change_count: 0, outcome: 'replay', detail: 'already applied; nothing changed', at: ctx.now().toISOString(),
            }));
          }
          return toPreview(ctx, verified, null, 'replay');
        }
        if (manifest.bundleSeq <= sender.last_bundle_seq) {
          throw refuse('stale', `Stale bundle: sequence ${manifest.bundleSeq} from ${sender.unit_name} is older than the last one imported (${sender.last_bundle_seq})`, { seq: manifest.bundleSeq, unit: sender.unit_name, last: sender.last_bundle_seq });
        }
        continue;
      }
      if (++count > verified.manifest.changeCount) throw refuse('tooManyChanges', 'The bundle holds more changes than its signed manifest says');
      if (held) {
        heldChars += line.length;
        if (heldChars > (opts.heldLinesChars ?? HELD_LINES_CHARS)) held = null;
        else held.push(line);
      }
      if (count % CHUNK === 0) await reported;
    }
  } catch (e) {
    throw readRefusal(e);
  }
  if (!verified) throw refuse('empty', 'Empty bundle');
  const v: Verified = verified;
  await progress({ phase: 'verify', done: 0, total: 1 });
  if (count !== v.manifest.changeCount || hash.hex() !== v.manifest.changesSha256) {
    throw refuse('manifestMismatch', 'The changes do not match the signed manifest (count or SHA-256)');
  }
  progress({ phase: 'verify', done: 1, total: 1 });
  const fileKey = opener.fileKey!;

  const agencies = new BoundedCache<string, string | null>(1000);
  const agencyOfSite = (site: string): string | null => {
    if (site === ctx.siteId) return ctx.agencyId;
    if (!agencies.has(site)) agencies.set(site, getPeerRow(ctx.db, site)?.agency_id ?? null);
    return agencies.get(site)!;
  };
  const run = (dryRun: boolean): ImportPreview => {
    const changes = held ? parsedLines(held) : verifiedChanges(file, fileKey, headerLine, v.manifest);
    const report = applyIncoming(ctx, reportValidated(changes, count, progress), {
      bundleId: v.manifest.bundleId, senderSiteId: v.sender.site_id, dryRun,
      authority: { senderAgencyId: v.sender.agency_id, agencyOfSite },
      fromNewerVersion: v.manifest.schemaVersion > currentSchemaVersion(ctx),
    });
    const preview = toPreview(ctx, v, report, 'new');
    if (!dryRun) {
      // Operations that arrived or changed meet ours now, in this transaction (issue 4).
      deconflictOperations(ctx, Object.keys(report.perOperation).filter((id) => id !== ''));
      recordPeerProgress(ctx.db, v.sender.site_id, {
        bundleSeq: v.manifest.bundleSeq, receivedSeq: v.manifest.senderSeq.to,
        ackedSeq: v.manifest.acks[ctx.siteId] ?? 0,
      });
      logBundle(ctx.db, {
        bundle_id: v.manifest.bundleId, direction: 'in', peer_site_id: v.sender.site_id, bundle_seq: v.manifest.bundleSeq,
        change_count: report.added, outcome: 'applied',
        detail: `${report.added} new, ${report.quarantinedCount} quarantined`, at: ctx.now().toISOString(),
      });
    }
    return preview;
  };

  // The transaction below is synchronous: let a poll see that validation starts (progress.ts).
  await progress({ phase: 'validate', done: 0, total: count });
  let result: ImportPreview;
  if (opts.dryRun) {
    let preview: ImportPreview | null = null;
    try {
      withPageCache(ctx.db, IMPORT_CACHE_MB, () => ctx.db.transaction(() => {
        preview = run(true);
        throw new Rollback();
      })());
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
    result = preview!;
  } else {
    result = withPageCache(ctx.db, IMPORT_CACHE_MB, () => transact(ctx, () => run(false)));
  }
  progress({ phase: 'apply', done: count, total: count });
  return result;
}
