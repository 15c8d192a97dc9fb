/**
 * The files domain: how bytes move between the user and the core without the renderer ever
 * naming a path (issue 15; the policy is in electron/files/grants.ts).
 *
 * A file reaches a method as an opaque handle. In the desktop app the handle comes from a
 * dialog of the main process (the preload's `spilnoFiles`); in browser mode the page uploads
 * the file the user picked, in pieces (`beginUpload`, `uploadChunk`), and saves what the core
 * wrote for it by reading it back in pieces (`downloadChunk`). Small files (contact cards,
 * rosters) travel as their text in the method's own input.
 */
import { z } from 'zod';
import { LIMITS, RequiredText } from '../domain/bounds.js';
import { defineDomain } from './contract.js';

export const GRANT_KINDS = ['read', 'write', 'folder', 'upload', 'download'] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];
export const FOLDER_ROLES = ['outbox', 'inbox'] as const;
export const FolderRole = z.enum(FOLDER_ROLES);
export type FolderRole = z.infer<typeof FolderRole>;

/** 128 random bits, base64url: unguessable, and useless outside the core that issued it. */
export const FileHandle = z.string().max(25, { error: 'file.handleUnknown' })
  .regex(/^fh_[A-Za-z0-9_-]{22}$/, { error: 'file.handleUnknown' });

/** A file or folder the user chose, as the page may see it: a handle and a name, no path. */
export const FileChoice = z.object({
  handle: FileHandle,
  kind: z.enum(GRANT_KINDS),
  name: z.string(),
  size: z.number().int().nullable(),
  role: FolderRole.nullable(),
});
export type FileChoice = z.infer<typeof FileChoice>;

/** One piece of an upload or a download: 4 MiB, well under the 64 MB request cap as base64. */
export const TRANSFER_CHUNK_BYTES = 4 * 1024 * 1024;
const Base64Chunk = z.string().max(Math.ceil(TRANSFER_CHUNK_BYTES / 3) * 4, { error: 'v.tooLong' })
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'v.token' });

/**
 * What the page may ask the desktop shell to show (preload `spilnoFiles.choose`): a dialog of
 * the main process, whose answer is a handle. Not a contract method: browser mode has no shell.
 */
export const ChooseRequest = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('open'), purpose: z.enum(['bundle', 'mapTiles']) }),
  z.object({ mode: z.literal('save'), purpose: z.literal('bundle'), suggestedName: RequiredText(255) }),
  z.object({ mode: z.literal('folder'), role: FolderRole }),
]);
export type ChooseRequest = z.infer<typeof ChooseRequest>;

export const filesApi = defineDomain({
  /** Browser mode: starts an upload of the file the user picked (a bundle). */
  beginUpload: {
    input: z.object({
      name: RequiredText(255),
      size: z.number().int().min(0).max(LIMITS.bundleBytes, { error: 'file.tooLarge' }),
    }),
    output: FileChoice,
  },
  /** The next piece, in order. */
  uploadChunk: {
    input: z.object({ handle: FileHandle, offset: z.number().int().min(0).max(LIMITS.bundleBytes), base64: Base64Chunk }),
    output: z.object({ received: z.number().int(), complete: z.boolean() }),
  },
  /** A piece of a file the core wrote for the page to save. */
  downloadChunk: {
    input: z.object({
      handle: FileHandle,
      offset: z.number().int().min(0).max(LIMITS.bundleBytes),
      length: z.number().int().min(1).max(TRANSFER_CHUNK_BYTES),
    }),
    output: z.object({ base64: z.string(), done: z.boolean() }),
  },
  /** Forgets a handle (a staged upload or download is deleted). */
  release: { input: z.object({ handle: FileHandle }), output: z.object({ released: z.boolean() }) },
  /** The folders granted for the folder exchange: chosen in a dialog (desktop) or named on
   *  `spilno web --outbox DIR --inbox DIR` (browser mode). */
  folders: {
    input: z.object({}).default({}),
    output: z.object({ outbox: FileChoice.nullable(), inbox: FileChoice.nullable() }),
  },
});
