/**
 * Files between the user and the core, without the page ever knowing a path (issue 15; the
 * policy is in electron/files/grants.ts):
 * - in the desktop app the main process shows its own dialog (`window.spilnoFiles.choose`) and
 *   the page gets the core's handle and the file's name;
 * - in browser mode the page sends the file the user picked, in 4 MiB pieces, and saves what
 *   the core wrote for it by reading it back in pieces;
 * - small files (contact cards, rosters) are read here and sent as text.
 */
import type { ApiResult } from '../../../shared/api/errors.js';
import { TRANSFER_CHUNK_BYTES, type ChooseRequest, type FileChoice } from '../../../shared/api/files.js';
import { api, ApiCallError, isElectron } from './client.js';

declare global {
  interface Window {
    spilnoFiles?: { choose(request: ChooseRequest): Promise<ApiResult<FileChoice | null>> };
  }
}

/** True where the shell shows its own dialogs (the desktop app). */
export function shellDialogs(): boolean {
  return isElectron() && typeof window.spilnoFiles === 'object';
}

/** A dialog of the desktop shell; null when the user cancelled. */
export async function chooseInShell(request: ChooseRequest): Promise<FileChoice | null> {
  const r = await window.spilnoFiles!.choose(request);
  if (!r.ok) throw new ApiCallError(r.error);
  return r.value;
}

/** A piece of a File as base64, read by the browser itself (no string building in JS). */
function base64Of(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
}

/** Sends a file the user picked to the core; answers its handle. */
export async function uploadFile(file: File, onProgress?: (fraction: number) => void): Promise<FileChoice> {
  const choice = await api.files.beginUpload({ name: file.name || 'file', size: file.size });
  try {
    for (let offset = 0; offset < file.size; offset += TRANSFER_CHUNK_BYTES) {
      const piece = file.slice(offset, Math.min(file.size, offset + TRANSFER_CHUNK_BYTES));
      await api.files.uploadChunk({ handle: choice.handle, offset, base64: await base64Of(piece) });
      onProgress?.(Math.min(1, (offset + TRANSFER_CHUNK_BYTES) / file.size));
    }
  } catch (e) {
    await api.files.release({ handle: choice.handle }).catch(() => undefined);
    throw e;
  }
  onProgress?.(1);
  return choice;
}

/** Hands bytes to the browser as a download (a `blob:` URL of this page: the only kind the
 *  desktop shell lets through). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some engines start reading the blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Reads a file the core staged for download, saves it, and lets the core delete its copy. */
export async function downloadStaged(choice: FileChoice, onProgress?: (fraction: number) => void): Promise<void> {
  const parts: Uint8Array[] = [];
  const size = choice.size ?? 0;
  try {
    for (let offset = 0; ; offset += TRANSFER_CHUNK_BYTES) {
      const r = await api.files.downloadChunk({ handle: choice.handle, offset, length: TRANSFER_CHUNK_BYTES });
      const binary = atob(r.base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      parts.push(bytes);
      onProgress?.(size > 0 ? Math.min(1, (offset + bytes.length) / size) : 1);
      if (r.done) break;
    }
  } finally {
    await api.files.release({ handle: choice.handle }).catch(() => undefined);
  }
  saveBlob(new Blob(parts as BlobPart[], { type: 'application/octet-stream' }), choice.name);
}

/** The text of a small file the user picked, refused above `maxBytes` before it is read. */
export async function readSmallFile(file: File, maxBytes: number): Promise<string> {
  if (file.size > maxBytes) {
    throw new ApiCallError({
      code: 'too_large', message: `${file.name} is too large`,
      details: { messageKey: 'file.tooLarge', params: { file: file.name, mb: (maxBytes / (1024 * 1024)).toFixed(2) } },
    });
  }
  return file.text();
}
