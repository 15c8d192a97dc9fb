/**
 * The sync methods of the contract that move files, over handles (electron/files/grants.ts):
 * the services below them (bundle-export.ts, bundle-import.ts, folders.ts) work on paths, which
 * only the CLI and the grants registry hand them. What goes back to the page names files inside
 * their folder, never by a full path, and carries a handle where the page may act on a file next.
 */
import path from 'node:path';
import type { ExportResult, FolderSyncResult, ImportPreview } from '../../shared/api/sync.js';
import type { ServiceContext } from '../services/context.js';
import { exportBundle } from './bundle-export.js';
import { BUNDLE_EXTENSION } from './bundle-format.js';
import { importBundle } from './bundle-import.js';
import { syncFolders } from './folders.js';
import { makeContactCard } from './identity.js';
import type { ProgressFn } from '../services/progress.js';

export function cardForDownload(ctx: ServiceContext) {
  const card = makeContactCard(ctx);
  return { card, fileName: `spilno-${ctx.siteId}.card`, text: `${JSON.stringify(card, null, 2)}\n` };
}

export async function exportBundleTo(
  ctx: ServiceContext,
  r: { peers: readonly string[]; to?: string | undefined; full: boolean; courierPassphrase?: string | undefined },
  onProgress?: ProgressFn,
): Promise<ExportResult> {
  const chosen = r.to ? ctx.files.writable(r.to) : null;
  const stamp = ctx.now().toISOString().replace(/[:.]/g, '-');
  const fileName = chosen?.name ?? `${stamp}-${ctx.siteId}${BUNDLE_EXTENSION}`;
  const staged = chosen ? null : ctx.files.stageDownload(fileName);
  const written = await exportBundle(ctx, {
    peers: r.peers, outPath: chosen?.path ?? staged!.file, full: r.full,
    ...(onProgress ? { onProgress } : {}), ...(r.courierPassphrase ? { courierPassphrase: r.courierPassphrase } : {}),
  });
  // A save grant is spent once the bundle is there (a failed export leaves it to try again).
  if (r.to) ctx.files.release(r.to);
  return {
    bundleId: written.bundleId, fileName, download: staged ? staged.publish() : null,
    bundleSeq: written.bundleSeq, changeCount: written.changeCount, bytes: written.bytes,
  };
}

export function importBundleFrom(
  ctx: ServiceContext,
  r: { file: string; courierPassphrase?: string | undefined },
  dryRun: boolean,
  onProgress?: ProgressFn,
): Promise<ImportPreview> {
  const { path: file } = ctx.files.readable(r.file);
  return importBundle(ctx, {
    path: file, dryRun, ...(onProgress ? { onProgress } : {}), ...(r.courierPassphrase ? { courierPassphrase: r.courierPassphrase } : {}),
  });
}

export async function syncGrantedFolders(
  ctx: ServiceContext,
  r: { outbox: string; inbox: string; autoImport: boolean },
  onProgress?: ProgressFn,
): Promise<FolderSyncResult> {
  const outbox = ctx.files.folder(r.outbox).path;
  const inbox = ctx.files.folder(r.inbox).path;
  const result = await syncFolders(ctx, { outbox, inbox, autoImport: r.autoImport, ...(onProgress ? { onProgress } : {}) });
  const inside = (root: string, file: string) => path.relative(root, file).split(path.sep).join('/');
  return {
    exported: result.exported.map((e) => ({ ...e, file: inside(outbox, e.file) })),
    imported: result.imported.map((i) => ({ ...i, file: inside(inbox, i.file) })),
    awaitingReview: result.awaitingReview.map((w) => ({
      file: inside(inbox, w.file), choice: ctx.files.grant({ kind: 'read', path: w.file }), preview: w.preview,
    })),
    refused: result.refused.map((f) => ({ ...f, file: inside(inbox, f.file) })),
  };
}
