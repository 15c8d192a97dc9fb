/**
 * Importing a sync bundle (format: bundle-format.ts). Import takes two passes and writes nothing
 * of the bundle anywhere but its rows: the first decrypts, checks the signed header and hashes
 * the lines against the manifest, outside any transaction; the second validates and applies
 * every change in one transaction. A small bundle is held in memory between the passes; a
 * larger one is decrypted again with the file key the first pass recovered and hashed again, so
 * a file changed between the passes fails the second check and rolls back, and a bundle larger
 * than memory passes through.
 * (Imports used to stage the lines in a table of the store between the passes; writing and
 * deleting every line cost more than a second decryption, about a fifth of an import.)
 */
import { verify } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import type { ImportPreview } from '../../shared/api/sync.js';
import { LIMITS } from '../../shared/domain/bounds.js';
import { withPageCache } from '../db/connection.js';
import { openRegularFile, regularFileChunks, regularFileChunksSync } from '../files/safe-fs.js';
import { getOperation } from '../db/repos/operations.repo.js';
import {
  bundleApplied, getPeerByKeyId, getPeerRow, listHeldForUpdate, logBundle, recordPeerProgress, releaseFromQuarantine,
  type PeerRow, type QuarantineRow,
} from '../db/repos/sync.repo.js';
import { currentSchemaVersion, transact, type ServiceContext } from '../services/context.js';
import {
  AgeError, AgeOpener, decryptAge, decryptAgeSync, type FileKeyUnwrap, knownFileKey, scryptUnwrap, x25519Unwrap,
} from './age-native.js';
import {
  BUNDLE_FORMAT_VERSION, ChangeLinesHash, Header, HeaderThenLineCount, linesSync, Manifest, refuse, tapAsync, tapSync,
} from './bundle-format.js';
import { deconflictOperations } from '../services/conflicts.js';
import { dropWhatLeftOwnView, type LeftView } from '../services/own-view.js';
import { applyIncoming, AWAITS_UPDATE, type ApplyReport } from './apply.js';
import { unknownHere } from '../rights/validate.js';
import { BoundedCache } from '../../shared/sync/bounded-cache.js';
import { publicKeyFromRaw, requireUnlocked } from './identity.js';
import { withoutWaiting, type ProgressFn, type ProgressNote } from '../services/progress.js';

/** Changes validated between two progress reports (and between awaits of the first pass). */
const CHUNK = 2000;
/** Page cache for the import's one transaction (rows, change record and the pass table share
 *  it): the default 2 MB spills to the WAL mid-transaction and doubled the apply time. */
const IMPORT_CACHE_MB = 64;

export interface ImportOptions {
  readonly path: string;
  readonly dryRun?: boolean;
  readonly courierPassphrase?: string;
  readonly onProgress?: ProgressFn;
  /** Decrypted bytes held in memory between the passes (tests lower it to make a small bundle
   *  take the path of a large one). */
  readonly heldPlaintextBytes?: number;
}

interface Verified {
  manifest: Manifest;
  sender: PeerRow;
}

/** Checks the header in the order the issue prescribes; throws a clear refusal otherwise. */
function verifyHeader(ctx: ServiceContext, line: string | undefined): Verified {
  let header: Header;
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
function* reportValidated(source: Iterable<unknown>, total: number, note: ProgressNote): Generator<unknown> {
  let n = 0;
  for (const c of source) {
    if (++n % CHUNK === 0) note({ phase: 'validate', done: n, total });
    yield c;
  }
  note({ phase: 'validate', done: n, total });
  note({ phase: 'apply', done: 0, total });
}

/**
 * Decrypted bytes a bundle may keep in memory between the two passes. Holding the plaintext
 * (UTF-8, as decrypted) rather than its lines as strings (UTF-16, up to twice the bytes) lets a
 * 25 MB first distribution of a plan skip the second decryption and hash, a seventh of its
 * import; a larger bundle is decrypted again, so a 63 MB one stays under the 300 MB peak and
 * the 500 MB bundle passes through in bounded memory.
 */
const HELD_PLAINTEXT_BYTES = 28 * 1024 * 1024;
/** The apply pass's memory for row histories (apply.ts) when the bundle is not held. */
const LARGE_BUNDLE_HISTORY_BUDGET = 8_000_000;

/** The second pass over the plaintext the first pass held (and hashed against the manifest):
 *  its change lines, the signed header line skipped. */
function* heldChanges(held: readonly Buffer[]): Generator<unknown> {
  const source = linesSync(held);
  let header = true;
  for (;;) {
    let change: unknown;
    try {
      const next = source.next();
      if (next.done) return;
      if (header) {
        header = false;
        continue;
      }
      change = JSON.parse(next.value);
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

function toPreview(
  ctx: ServiceContext, v: Verified, report: ApplyReport | null, status: 'new' | 'replay', leftView: LeftView = { operations: 0, tasks: 0, records: 0 },
  codeNames: ReadonlyMap<string, string | null> = new Map(),
): ImportPreview {
  return {
    bundleId: v.manifest.bundleId, senderSiteId: v.sender.site_id, senderUnit: v.sender.unit_name,
    createdAt: v.manifest.createdAt, changeCount: v.manifest.changeCount, status,
    perOperation: Object.entries(report?.perOperation ?? {}).sort().map(([op, n]) => ({
      operationId: op === '' ? null : op,
      codeName: op === '' ? null : codeNames.has(op) ? codeNames.get(op)! : getOperation(ctx.db, op)?.codeName ?? null,
      changes: n,
    })),
    newConflicts: (report?.newConflicts ?? []).map((c) => ({ ...c, candidates: [...c.candidates] })),
    newConflictCount: report?.newConflictCount ?? 0,
    quarantined: (report?.quarantined ?? []).map((q) => ({ change: JSON.stringify(q.change), reason: q.reason, waiting: q.waiting })),
    quarantinedCount: report?.quarantinedCount ?? 0,
    released: report?.released ?? 0,
    added: report?.added ?? 0,
    pendingRows: report?.pendingRows ?? 0,
    leftView: { ...leftView },
  };
}

/**
 * One import at a time per open store (its queue is in ctx.caches). An import decrypts across
 * awaits before it applies in one transaction; a second import started meanwhile (another
 * window, the inbox folder, a second click) waits for the earlier ones, failed or not.
 *
 * Decrypt → verify the signature against the pinned key → recipient, format/schema version,
 * expiry → replay (applied bundle id: logged no-op; older sequence: refused) → every change
 * validated → all applied in one transaction → receipt and acknowledgements recorded.
 * With `dryRun` the same work runs and is rolled back: the preview is exactly what import does.
 */
export function importBundle(ctx: ServiceContext, opts: ImportOptions): Promise<ImportPreview> {
  const run = ctx.caches.importQueue.then(() => importBundleAlone(ctx, opts));
  ctx.caches.importQueue = run.catch(() => undefined);
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
  const note = withoutWaiting(progress);
  let read = 0;
  /** The last decryption report's answer (before the first, one already given), awaited
   *  between chunks of lines. */
  let reported: void | Promise<void> = Promise.resolve();
  const opener = new AgeOpener(fileKeyUnwrap(ctx, file, opts.courierPassphrase));

  // First pass, outside any transaction: decrypt, check the signed header, hash the lines.
  let verified: Verified | null = null;
  let headerLine = '';
  const hash = new ChangeLinesHash();
  let count = 0;
  // A bundle of ordinary size stays in memory between the passes; a larger one is read again.
  // Its plaintext is about its size, so one too large is not held at all (holding some first
  // would only raise the peak); the count below guards a file that grows while it is read.
  const heldLimit = opts.heldPlaintextBytes ?? HELD_PLAINTEXT_BYTES;
  let held: Buffer[] | null = size <= heldLimit ? [] : null;
  let heldBytes = 0;
  async function* holding(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const plain of source) {
      if (held) {
        heldBytes += plain.length;
        if (heldBytes > heldLimit) held = null;
        else held.push(plain);
      }
      yield plain;
    }
  }
  try {
    const chunks = regularFileChunks(file, LIMITS.bundleBytes, (bytes) => {
      read += bytes;
      reported = progress({ phase: 'decrypt', done: read, total: size });
    });
    // The header is read as text; the change lines are only counted here (HeaderThenLineCount).
    const reader = new HeaderThenLineCount();
    for await (const chunk of tapAsync(holding(decryptAge(chunks, opener)), hash)) {
      const before = reader.lines;
      const line = reader.push(chunk);
      if (line !== null) {
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
      }
      count = reader.lines;
      if (verified && count > verified.manifest.changeCount) throw refuse('tooManyChanges', 'The bundle holds more changes than its signed manifest says');
      if (Math.floor(count / CHUNK) > Math.floor(before / CHUNK)) await reported;
    }
    reader.end();
  } catch (e) {
    throw readRefusal(e);
  }
  if (!verified) throw refuse('empty', 'Empty bundle');
  const v: Verified = verified;
  await progress({ phase: 'verify', done: 0, total: 1 });
  if (count !== v.manifest.changeCount || hash.hex() !== v.manifest.changesSha256) {
    throw refuse('manifestMismatch', 'The changes do not match the signed manifest (count or SHA-256)');
  }
  note({ phase: 'verify', done: 1, total: 1 });
  const fileKey = opener.fileKey!;

  const agencies = new BoundedCache<string, string | null>(1000);
  const agencyOfSite = (site: string): string | null => {
    if (site === ctx.siteId) return ctx.agencyId;
    if (!agencies.has(site)) agencies.set(site, getPeerRow(ctx.db, site)?.agency_id ?? null);
    return agencies.get(site)!;
  };
  const run = (dryRun: boolean): ImportPreview => {
    const changes = held ? heldChanges(held) : verifiedChanges(file, fileKey, headerLine, v.manifest);
    const report = applyIncoming(ctx, reportValidated(changes, count, note), {
      bundleId: v.manifest.bundleId, senderSiteId: v.sender.site_id, dryRun,
      authority: { senderAgencyId: v.sender.agency_id, agencyOfSite },
      fromNewerVersion: v.manifest.schemaVersion > currentSchemaVersion(ctx),
      // A bundle too large to hold keeps less of its rows' history in memory too: its peak must
      // stay under 300 MB however large it is (a 507 MB bundle peaked at 297 MB with the default).
      ...(held ? {} : { historyBudget: LARGE_BUNDLE_HISTORY_BUDGET }),
    });
    // An operation this agency was taken off, a task handed to another agency, or this agency
    // taken off it, leaves this unit's store with the changes that took it out of view, and so
    // does a record nothing here needs any more (services/own-view.ts).
    // Named before what left is dropped: the planner reads which operation left by its code
    // name (its id alone was shown for an operation this agency was taken off).
    const codeNames = new Map(Object.keys(report.perOperation).filter((id) => id !== '').map((id) => [id, getOperation(ctx.db, id)?.codeName ?? null]));
    const left = dropWhatLeftOwnView(
      ctx, [...Object.keys(report.perOperation).filter((id) => id !== ''), ...report.rewrittenOperations], report.directoryLinksChanged,
    );
    const preview = toPreview(ctx, v, report, 'new', left, codeNames);
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
  note({ phase: 'apply', done: count, total: count });
  return result;
}
