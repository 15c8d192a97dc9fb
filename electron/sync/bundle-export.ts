/**
 * Writing a sync bundle (format: bundle-format.ts). Export streams in bounded memory and reads
 * the change record once: change lines (built by SQLite) are hashed and sealed as they are read,
 * and the first 64 KiB chunk — the signed header line, padded with spaces to a room kept for it,
 * and the first change lines — is sealed last and written in its place (age STREAM chunks are
 * independent; the file is an ordinary age file). Courier bundles, and a manifest that outgrows
 * its room, take two passes.
 *
 * Need-to-know: a bundle carries only the recipients' view (shared/visibility/rule.ts), chosen
 * by electron/sync/selection.ts for first, incremental, full and courier bundles alike.
 */
import { randomUUID, sign } from 'node:crypto';
import { Encrypter } from 'age-encryption';
import { DomainError } from '../../shared/api/errors.js';
import { AtomicFile } from '../files/safe-fs.js';
import { getMeta, setMeta } from '../db/repos/meta.repo.js';
import {
  changeLinesBySeqs, countChangeSites, iterateChangeLines, type ChangeLineRow,
} from '../db/repos/sync-select.repo.js';
import { logBundle, type PeerRow } from '../db/repos/sync.repo.js';
import { currentSchemaVersion, transact, type ServiceContext } from '../services/context.js';
import { ageHeader, PAYLOAD_CHUNK, PayloadSealer } from './age-native.js';
import { BUNDLE_FORMAT_VERSION, BUNDLE_MAGIC, type Header, LineDigest, type Manifest } from './bundle-format.js';
import { requirePeer, requireUnlocked } from './identity.js';
import { selectChanges, type Selection } from './selection.js';
import type { ProgressFn } from '../services/progress.js';

const DEFAULT_TTL_DAYS = 30;
/** Change lines read, encoded and sealed per piece. */
const CHUNK = 2000;

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
    } satisfies Header);
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
