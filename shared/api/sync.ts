/**
 * The sync domain: this unit's identity, its peers, bundle export/import with a preview, the
 * conflict inbox and the quarantine. No method takes a path (issue 15): a contact card travels
 * as its text, a bundle or a folder as a handle the core issued (shared/api/files.ts) for what
 * the user chose in a dialog of the desktop shell or uploaded in browser mode, and a bundle
 * exported without a chosen file comes back as a download handle. The CLI names files itself.
 */
import { z } from 'zod';
import { LIMITS, List, MultilineText, RequiredText, Secret, Token } from '../domain/bounds.js';
import { Id } from '../domain/common.js';
import { SyncedEntity } from '../sync/change.js';
import { defineDomain } from './contract.js';
import { FileChoice, FileHandle } from './files.js';

const Passphrase = Secret();

export const IdentityInfo = z.object({
  siteId: z.string(),
  unitName: z.string(),
  agencyId: z.string(),
  keyId: z.string(),
  /** Groups of four characters, read aloud or compared on screen before trusting. */
  fingerprint: z.string(),
  signPublicKey: z.string(),
  ageRecipient: z.string(),
  protectedBy: z.string(),
  unlocked: z.boolean(),
});
export type IdentityInfo = z.infer<typeof IdentityInfo>;

/** The contact card file a unit hands to another (public keys only), self-signed. */
export const ContactCard = z.object({
  format: z.literal('spilno-contact-card'),
  version: z.literal(1),
  siteId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  unitName: z.string().max(200),
  agencyId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  signPublicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  ageRecipient: z.string().regex(/^age1[02-9ac-hj-np-z]{58}$/),
  keyId: z.string(),
  fingerprint: z.string(),
  createdAt: z.string(),
  /** Ed25519 over the card without this field: the card's owner holds the signing key. */
  signature: z.string(),
});
export type ContactCard = z.infer<typeof ContactCard>;

export const PeerStatus = z.enum(['pending', 'trusted', 'revoked']);
export const PeerView = z.object({
  siteId: z.string(),
  unitName: z.string(),
  agencyId: z.string(),
  keyId: z.string(),
  fingerprint: z.string(),
  ageRecipient: z.string(),
  status: PeerStatus,
  addedAt: z.string(),
  statusAt: z.string(),
  lastBundleSeq: z.number().int(),
  ackedSeq: z.number().int(),
});
export type PeerView = z.infer<typeof PeerView>;

export const FieldValueView = z.object({ value: z.string(), hlc: z.string(), siteId: z.string() });

export const ConflictView = z.object({
  kind: z.enum(['concurrent_edit', 'delete_vs_edit']),
  entity: SyncedEntity,
  rowId: z.string(),
  field: z.string(),
  operationId: z.string().nullable(),
  candidates: z.array(FieldValueView),
});
export type ConflictView = z.infer<typeof ConflictView>;

/** A conflict as the plan shows it: each candidate names the unit that set it, when known. */
export const PlanConflictView = ConflictView.extend({
  candidates: z.array(FieldValueView.extend({ unitName: z.string().nullable(), agencyId: z.string().nullable() })),
  /** Where in the plan, as a planner names it: the row's title (a task's, or an operation's code
   *  name) and its operation's code name; null for rows this unit no longer holds. */
  where: z.object({ title: z.string().nullable(), operationCode: z.string().nullable() }),
});
export type PlanConflictView = z.infer<typeof PlanConflictView>;

/**
 * One problem of the quarantine: one row refused (or held) for one reason, however many of its
 * changes and however many bundles brought them — named as the planner knows it.
 */
export const QuarantineItem = z.object({
  entity: z.string(),
  rowId: z.string(),
  /** The row's name as held here or as the refused changes give it (title, code name, full name…). */
  name: z.string().nullable(),
  operationId: z.string().nullable(),
  operationCode: z.string().nullable(),
  /** Field names of the changes (the UI labels them). */
  fields: z.array(z.string()),
  changes: z.number().int(),
  /** How many times bundles brought these changes (the first time included). */
  seen: z.number().int(),
  /** Held until what it refers to arrives (then it applies by itself), rather than refused. */
  waiting: z.boolean(),
  /** English reason (logs); `reasonKey` and `reasonParams` say it in the planner's language. */
  reason: z.string(),
  reasonKey: z.string().nullable(),
  reasonParams: z.record(z.string(), z.string()),
  sender: z.object({ siteId: z.string(), unitName: z.string().nullable(), agencyId: z.string().nullable() }),
  firstAt: z.string(),
  lastAt: z.string(),
});
export type QuarantineItem = z.infer<typeof QuarantineItem>;

/**
 * Progress of a long call (bundle export/import): the caller names a fresh id with the call and
 * polls `jobProgress` with it from another request while the call runs; the call itself still
 * answers with its result or typed error. Works alike over Electron IPC and browser-mode HTTP.
 * Phases in order — export: select → write; import: decrypt → verify → validate → apply.
 * `done`/`total` are bytes of the file while decrypting, otherwise changes (0/0: not known yet).
 * A folder run (`syncFolders`) stays in the one phase 'folder': `done`/`total` count its steps
 * (one per trusted peer written, one per inbox bundle) and `step` names the one under way.
 */
/** Phases of a long call: a bundle's export and import, a folder run, and a briefing pack's
 *  pages drawn (`render`, counting pages, total unknown) and its encryption (`seal`). */
export const SYNC_PHASES = ['select', 'write', 'decrypt', 'verify', 'validate', 'apply', 'folder', 'render', 'seal'] as const;
export const SyncPhase = z.enum(SYNC_PHASES);
export type SyncPhase = z.infer<typeof SyncPhase>;
export const ProgressId = z.uuid();
/** The step of a folder run under way: one peer's bundle written, or one inbox file (by name)
 *  previewed and then, when auto-import takes it, imported. */
export const FolderStep = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('export'), peerSiteId: z.string(), peerUnit: z.string() }),
  z.object({ kind: z.enum(['preview', 'import']), file: z.string() }),
]);
export type FolderStep = z.infer<typeof FolderStep>;
export const SyncProgress = z.object({
  phase: SyncPhase,
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  step: FolderStep.optional(),
  /** The call has answered (its result or error came with it). */
  finished: z.boolean(),
  failed: z.boolean(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

/** Strict: an input still naming a `path` (the old contract) is refused, not silently stripped. */
export const ExportRequest = z.strictObject({
  progressId: ProgressId.optional(),
  peers: List(Id, 100).min(1),
  /** A file chosen in a save dialog; without it the bundle is staged for download. */
  to: FileHandle.optional(),
  full: z.boolean().default(false),
  /** Courier mode: the file is encrypted with this passphrase (age scrypt), not to keys. */
  courierPassphrase: Passphrase.optional(),
});

export const ExportResult = z.object({
  bundleId: z.string(),
  fileName: z.string(),
  /** The staged bundle to save (browser mode); null when it went to the chosen file. */
  download: FileChoice.nullable(),
  bundleSeq: z.number().int(),
  changeCount: z.number().int(),
  bytes: z.number().int(),
});
export type ExportResult = z.infer<typeof ExportResult>;

export const ImportRequest = z.strictObject({
  progressId: ProgressId.optional(),
  /** A bundle chosen in an open dialog, or uploaded. */
  file: FileHandle,
  courierPassphrase: Passphrase.optional(),
});

export const ImportPreview = z.object({
  bundleId: z.string(),
  senderSiteId: z.string(),
  senderUnit: z.string(),
  createdAt: z.string(),
  changeCount: z.number().int(),
  /** 'replay': this bundle was applied before; importing it again changes nothing. */
  status: z.enum(['new', 'replay']),
  perOperation: z.array(z.object({ operationId: z.string().nullable(), codeName: z.string().nullable(), changes: z.number().int() })),
  /** The first 100 new conflicts (all are in the conflict inbox) and how many there are. */
  newConflicts: z.array(ConflictView),
  newConflictCount: z.number().int(),
  /** The first 100 quarantined changes (all are listed by `quarantine` once imported) and the count. */
  quarantined: z.array(z.object({ change: z.string(), reason: z.string(), waiting: z.boolean() })),
  quarantinedCount: z.number().int(),
  /** Changes held earlier that applied with this bundle, now that what they refer to is here. */
  released: z.number().int(),
  added: z.number().int(),
  pendingRows: z.number().int(),
  /** What left this unit's store because it left its agency's view: operations its agency was
   *  taken off, tasks handed to another agency or taken from it, and other agencies' records
   *  nothing here needs any more. */
  leftView: z.object({ operations: z.number().int(), tasks: z.number().int(), records: z.number().int() }),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const BundleLogEntry = z.object({
  bundleId: z.string(),
  direction: z.enum(['in', 'out']),
  peerSiteId: z.string().nullable(),
  bundleSeq: z.number().int().nullable(),
  changeCount: z.number().int(),
  outcome: z.string(),
  detail: z.string(),
  at: z.string(),
});

/** Files are named inside their folder (`<peer site>/<name>`, `processed/<name>`); a bundle
 *  awaiting review comes with a handle the import section can preview and import. */
export const FolderSyncResult = z.object({
  exported: z.array(z.object({ peer: z.string(), file: z.string(), changes: z.number().int() })),
  imported: z.array(z.object({ file: z.string(), preview: ImportPreview })),
  awaitingReview: z.array(z.object({ file: z.string(), choice: FileChoice, preview: ImportPreview })),
  refused: z.array(z.object({
    file: z.string(),
    reason: z.string(),
    /** The reason as an i18n key with parameters, when the refusal has one. */
    messageKey: z.string().optional(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })),
});
export type FolderSyncResult = z.infer<typeof FolderSyncResult>;

/** The automatic folder sync (electron/sync/watch.ts) as the Sync page shows it. */
export const WatchPeerState = z.object({
  siteId: z.string(), unitName: z.string(), agencyId: z.string(),
  lastIn: z.object({ at: z.string(), changes: z.number().int() }).nullable(),
  lastOut: z.object({ at: z.string(), changes: z.number().int() }).nullable(),
  /** A bundle written for the peer is still in the outbox (not picked up or not carried yet). */
  waiting: z.boolean(),
});
export const WatchState = z.object({
  enabled: z.boolean(),
  state: z.enum(['watching', 'standby', 'locked', 'stopped']),
  /** Folder names only: the page never sees a path. */
  outbox: z.string().nullable(),
  inbox: z.string().nullable(),
  lastScanAt: z.string().nullable(),
  settling: z.array(z.string()),
  step: z.string().nullable(),
  imported: z.number().int(),
  exported: z.number().int(),
  refused: z.number().int(),
  peers: z.array(WatchPeerState),
});
export type WatchState = z.infer<typeof WatchState>;

const empty = z.object({}).default({});

export const syncApi = defineDomain({
  identity: { input: empty, output: IdentityInfo.nullable() },
  /** Without a passphrase the keys go to the OS keychain (desktop app, where one really encrypts). */
  createIdentity: { input: z.object({ passphrase: Passphrase.optional() }), output: IdentityInfo },
  unlock: { input: z.object({ passphrase: Passphrase.optional() }), output: IdentityInfo },
  keyProtection: { input: empty, output: z.object({ osKeychain: z.boolean() }) },
  lock: { input: empty, output: IdentityInfo.nullable() },
  /** The card and its file text, for the page to save. */
  exportCard: { input: z.strictObject({}).default({}), output: z.object({ card: ContactCard, fileName: z.string(), text: z.string() }) },
  peers: { input: empty, output: z.array(PeerView) },
  /** The text of a card file the user picked (at most 64 KB). */
  addPeer: { input: z.strictObject({ card: MultilineText(LIMITS.contactCardBytes).min(1, { error: 'card.notCard' }) }), output: PeerView },
  trustPeer: { input: z.object({ siteId: Id, fingerprint: RequiredText(200) }), output: PeerView },
  revokePeer: { input: z.object({ siteId: Id }), output: PeerView },
  exportBundle: { input: ExportRequest, output: ExportResult },
  previewImport: { input: ImportRequest, output: ImportPreview },
  importBundle: { input: ImportRequest, output: ImportPreview },
  /** The outbox/inbox folder pair (see electron/sync/folders.ts). */
  syncFolders: {
    input: z.strictObject({ progressId: ProgressId.optional(), outbox: FileHandle, inbox: FileHandle, autoImport: z.boolean().default(false) }),
    output: FolderSyncResult,
  },
  /** The automatic folder sync: its state and each trusted peer's last exchange. */
  watchStatus: { input: empty, output: WatchState },
  /** Turns the automatic folder sync on (with the two folders granted for the exchange) or off. */
  setWatch: { input: z.strictObject({ enabled: z.boolean(), outbox: FileHandle.optional(), inbox: FileHandle.optional() }), output: WatchState },
  conflicts: { input: empty, output: z.array(ConflictView) },
  /** Open conflicts of one operation (its row and everything scoped to it), or of all. */
  planConflicts: { input: z.object({ operationId: Id.optional() }).default({}), output: z.array(PlanConflictView) },
  jobProgress: { input: z.object({ id: ProgressId }), output: SyncProgress.nullable() },
  resolveConflict: {
    input: z.object({ entity: SyncedEntity, rowId: Token(200), field: Token(100), candidate: z.number().int().min(0).max(1000) }),
    output: z.object({ resolved: z.boolean() }),
  },
  quarantine: { input: z.object({ limit: z.number().int().min(1).max(10000).default(500) }).default({ limit: 500 }), output: z.array(QuarantineItem) },
  bundleLog: { input: z.object({ limit: z.number().int().min(1).max(10000).default(200) }).default({ limit: 200 }), output: z.array(BundleLogEntry) },
});
