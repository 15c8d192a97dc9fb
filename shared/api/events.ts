/**
 * Events from the core to every window: what changed after a commit, and how a long job is
 * getting on. The core emits them; Electron main forwards them over IPC (the preload exposes a
 * subscription that returns an unsubscribe), browser mode streams them as server-sent events to
 * the holder of the launch token. The renderer's query cache invalidates on `changed`.
 *
 * `changed` names the synced entities and the operations that a commit touched (read from the
 * change record, so a local edit, a sync import and another process writing the same file all
 * say the same thing), plus `domains`: API domains whose data changed outside the change record
 * (audit trail, settings, keys and peers, backups, the export log). `all` means "assume
 * everything changed": the store was restored, locked or unlocked, or a commit touched more
 * operations than an event lists.
 */
import { z } from 'zod';
import { SyncProgress } from './sync.js';
import { SyncedEntity } from '../sync/change.js';

/** At most this many operation ids in one event; beyond it the event says `all`. */
export const MAX_EVENT_OPERATIONS = 500;

export const ChangeSource = z.enum(['local', 'external', 'store']);
export type ChangeSource = z.infer<typeof ChangeSource>;

export const ChangedEvent = z.object({
  type: z.literal('changed'),
  /** local: a call through this core; external: another process (the CLI) committed to the
   *  same file; store: the store was replaced, locked or unlocked. */
  source: ChangeSource,
  entities: z.array(SyncedEntity),
  operations: z.array(z.string()).max(MAX_EVENT_OPERATIONS),
  domains: z.array(z.string()),
  all: z.boolean(),
  /** Whether the store is locked after this commit (the lock screen follows it). */
  locked: z.boolean(),
  /** The change record's newest sequence number the event covers. */
  seq: z.number().int().min(0),
});
export type ChangedEvent = z.infer<typeof ChangedEvent>;

export const ProgressEvent = z.object({
  type: z.literal('progress'),
  /** The progress id the caller named in its call. */
  jobId: z.string(),
  progress: SyncProgress,
});
export type ProgressEvent = z.infer<typeof ProgressEvent>;

export const CoreEvent = z.discriminatedUnion('type', [ChangedEvent, ProgressEvent]);
export type CoreEvent = z.infer<typeof CoreEvent>;

export type CoreEventListener = (event: CoreEvent) => void;
