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
import type { ImportPreview } from '../../shared/api/sync.js';
import type { ServiceContext } from '../services/context.js';
import { BUNDLE_EXTENSION, exportBundle, importBundle } from './bundle.js';
import { listPeers } from './identity.js';

export interface FolderSyncResult {
  exported: { peer: string; file: string; changes: number }[];
  imported: { file: string; preview: ImportPreview }[];
  awaitingReview: { file: string; preview: ImportPreview }[];
  refused: { file: string; reason: string }[];
}

function moveTo(dir: string, file: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, path.basename(file));
  fs.renameSync(file, target);
  return target;
}

export async function syncFolders(
  ctx: ServiceContext,
  opts: { outbox: string; inbox: string; autoImport: boolean },
): Promise<FolderSyncResult> {
  const result: FolderSyncResult = { exported: [], imported: [], awaitingReview: [], refused: [] };
  for (const peer of listPeers(ctx).filter((p) => p.status === 'trusted')) {
    const dir = path.join(path.resolve(opts.outbox), peer.siteId);
    fs.mkdirSync(dir, { recursive: true });
    const stamp = ctx.now().toISOString().replace(/[:.]/g, '-');
    const file = path.join(dir, `${stamp}-${ctx.siteId}${BUNDLE_EXTENSION}`);
    const r = await exportBundle(ctx, { peers: [peer.siteId], outPath: file });
    if (r.changeCount === 0) fs.rmSync(file);
    else result.exported.push({ peer: peer.siteId, file, changes: r.changeCount });
  }
  const inbox = path.resolve(opts.inbox);
  if (!fs.existsSync(inbox)) return result;
  const files = fs.readdirSync(inbox).filter((f) => f.endsWith(BUNDLE_EXTENSION)).sort().map((f) => path.join(inbox, f));
  for (const file of files) {
    try {
      const preview = await importBundle(ctx, { path: file, dryRun: true });
      const clean = preview.status === 'replay' || preview.quarantinedCount === 0;
      if (opts.autoImport && clean) {
        const applied = await importBundle(ctx, { path: file });
        result.imported.push({ file: moveTo(path.join(inbox, 'processed'), file), preview: applied });
      } else {
        result.awaitingReview.push({ file, preview });
      }
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const moved = moveTo(path.join(inbox, 'refused'), file);
      fs.writeFileSync(`${moved}.reason.txt`, `${e.message}\n`);
      result.refused.push({ file: moved, reason: e.message });
    }
  }
  return result;
}
