/**
 * Beyond USB: an outbox/inbox folder pair that any shared folder or file-sync tool can carry.
 * Bundles for each trusted peer are written to `outbox/<peer site>/`; bundles appearing in the
 * inbox are previewed, and imported automatically only when the user chose so and the preview
 * is clean (no quarantined change). Spilno writes no networking code: the folders travel.
 * A processed file moves to `inbox/processed/`, a refused one to `inbox/refused/` with its
 * reason beside it, so nothing disappears silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import type { FolderStep, ImportPreview } from '../../shared/api/sync.js';
import { writeFileAtomic } from '../files/safe-fs.js';
import type { ServiceContext } from '../services/context.js';
import { exportBundle } from './bundle-export.js';
import { BUNDLE_EXTENSION } from './bundle-format.js';
import { importBundle } from './bundle-import.js';
import { listPeers, requireUnlocked } from './identity.js';
import type { ProgressFn } from '../services/progress.js';

export interface FolderSyncResult {
  exported: { peer: string; file: string; changes: number }[];
  imported: { file: string; preview: ImportPreview }[];
  awaitingReview: { file: string; preview: ImportPreview }[];
  /** `reason` in English (also written beside the file); `messageKey` and `params` to say it in the planner's language. */
  refused: { file: string; reason: string; messageKey?: string; params?: Record<string, string | number> }[];
}

export interface FolderSyncOptions {
  readonly outbox: string;
  readonly inbox: string;
  readonly autoImport: boolean;
  /** Phase 'folder': done/total count the run's steps, `step` names the one under way. */
  readonly onProgress?: ProgressFn;
}

function moveTo(dir: string, file: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, path.basename(file));
  fs.renameSync(file, target);
  return target;
}

export async function syncFolders(ctx: ServiceContext, opts: FolderSyncOptions): Promise<FolderSyncResult> {
  // Keys first: every step needs them, so a locked unit gets the typed error before any file is
  // written or moved (with no trusted peer to fail on first, the inbox bundles would otherwise
  // each land in refused/ with "unlock the keys" as their reason).
  requireUnlocked(ctx);
  const result: FolderSyncResult = { exported: [], imported: [], awaitingReview: [], refused: [] };
  const peers = listPeers(ctx).filter((p) => p.status === 'trusted');
  const inbox = path.resolve(opts.inbox);
  // Listed before writing, so the number of steps is known from the first report.
  const files = fs.existsSync(inbox)
    ? fs.readdirSync(inbox).filter((f) => f.endsWith(BUNDLE_EXTENSION)).sort().map((f) => path.join(inbox, f))
    : [];
  const total = peers.length + files.length;
  let done = 0;
  const report = opts.onProgress;
  /** Reports `step` as begun. The options returned hand the bundle code's own reports back as
   *  this same step, so each of them lets a waiting poll in (see progress.ts). */
  const begin = async (step: FolderStep): Promise<{ onProgress?: ProgressFn }> => {
    if (!report) return {};
    const again = () => report({ phase: 'folder', done, total, step });
    await again();
    return { onProgress: again };
  };

  for (const peer of peers) {
    const during = await begin({ kind: 'export', peerSiteId: peer.siteId, peerUnit: peer.unitName });
    const dir = path.join(path.resolve(opts.outbox), peer.siteId);
    fs.mkdirSync(dir, { recursive: true });
    const stamp = ctx.now().toISOString().replace(/[:.]/g, '-');
    const file = path.join(dir, `${stamp}-${ctx.siteId}${BUNDLE_EXTENSION}`);
    const r = await exportBundle(ctx, { peers: [peer.siteId], outPath: file, ...during });
    if (r.changeCount === 0) fs.rmSync(file);
    else result.exported.push({ peer: peer.siteId, file, changes: r.changeCount });
    done++;
  }
  for (const file of files) {
    const name = path.basename(file);
    const previewing = await begin({ kind: 'preview', file: name });
    try {
      const preview = await importBundle(ctx, { path: file, dryRun: true, ...previewing });
      const clean = preview.status === 'replay' || preview.quarantinedCount === 0;
      if (opts.autoImport && clean) {
        const importing = await begin({ kind: 'import', file: name });
        const applied = await importBundle(ctx, { path: file, ...importing });
        result.imported.push({ file: moveTo(path.join(inbox, 'processed'), file), preview: applied });
      } else {
        result.awaitingReview.push({ file, preview });
      }
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const moved = moveTo(path.join(inbox, 'refused'), file);
      // Beside the refused file in a folder others write to: never through a planted link.
      writeFileAtomic(`${moved}.reason.txt`, `${e.message}\n`);
      const key = e.details?.['messageKey'];
      result.refused.push({
        file: moved, reason: e.message,
        ...(typeof key === 'string' ? { messageKey: key, params: (e.details?.['params'] ?? {}) as Record<string, string | number> } : {}),
      });
    }
    done++;
  }
  await report?.({ phase: 'folder', done, total });
  return result;
}
