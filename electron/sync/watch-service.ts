/**
 * The app's automatic mode of the folder sync (watch.ts): on or off, and the two folders, are
 * kept in the database, so the core starts it again with the app; the page sees its state and
 * each trusted peer's last exchange. The folders come from the shell's grants (the page never
 * names a path); once chosen for this mode they are kept by path, as the CLI takes them.
 *
 * The running watcher belongs to its context and lives as long as it (ctx.session): a store
 * locked or restored under it is the same context, and the watcher waits while the keys or the
 * store are closed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import type { WatchState } from '../../shared/api/sync.js';
import { getMeta, setMeta } from '../db/repos/meta.repo.js';
import { lastBundlesByPeer, listPeerRows } from '../db/repos/sync.repo.js';
import { recordAudit } from '../services/audit.js';
import type { ServiceContext } from '../services/context.js';
import { FolderWatcher } from './watch.js';

const META = { enabled: 'sync_watch_enabled', outbox: 'sync_watch_outbox', inbox: 'sync_watch_inbox' } as const;

function configured(ctx: ServiceContext): { enabled: boolean; outbox: string | null; inbox: string | null } {
  return { enabled: getMeta(ctx.db, META.enabled) === '1', outbox: getMeta(ctx.db, META.outbox), inbox: getMeta(ctx.db, META.inbox) };
}

export function watchStatus(ctx: ServiceContext): WatchState {
  const c = configured(ctx);
  const s = ctx.session.folderWatcher?.status();
  const last = lastBundlesByPeer(ctx.db);
  const peers = listPeerRows(ctx.db).filter((p) => p.status === 'trusted').map((p) => {
    const of = (direction: 'in' | 'out') => {
      const r = last.find((x) => x.peer_site_id === p.site_id && x.direction === direction);
      return r ? { at: r.at, changes: r.change_count } : null;
    };
    const unsent = getMeta(ctx.db, `sync_watch_unsent:${p.site_id}`);
    return { siteId: p.site_id, unitName: p.unit_name, agencyId: p.agency_id, lastIn: of('in'), lastOut: of('out'), waiting: unsent !== null && fs.existsSync(unsent) };
  });
  return {
    enabled: c.enabled, state: s?.state ?? 'stopped',
    outbox: c.outbox ? path.basename(c.outbox) : null, inbox: c.inbox ? path.basename(c.inbox) : null,
    lastScanAt: s?.lastScanAt ?? null, settling: s?.settling ?? [], step: s?.step ?? null,
    imported: s?.imported ?? 0, exported: s?.exported ?? 0, refused: s?.refused ?? 0, peers,
  };
}

/** Starts the watcher when the mode is on (the core calls this as it starts). */
export function resumeWatch(ctx: ServiceContext): void {
  const c = configured(ctx);
  if (!c.enabled || !c.outbox || !c.inbox || ctx.session.folderWatcher) return;
  const w = new FolderWatcher(ctx, { outbox: c.outbox, inbox: c.inbox });
  ctx.session.folderWatcher = w;
  w.start();
}

export async function stopWatch(ctx: ServiceContext): Promise<void> {
  const w = ctx.session.folderWatcher;
  ctx.session.folderWatcher = null;
  await w?.stop();
}

/** On with these folders (or the ones kept), or off. */
export async function setWatch(ctx: ServiceContext, r: { enabled: boolean; outbox?: string | undefined; inbox?: string | undefined }): Promise<WatchState> {
  const c = configured(ctx);
  const outbox = r.outbox ?? c.outbox;
  const inbox = r.inbox ?? c.inbox;
  if (r.enabled && (!outbox || !inbox)) throw new DomainError('invalid_input', 'Choose the outbox and inbox folders first', { messageKey: 'sync.auto.needFolders' });
  if (r.enabled && path.resolve(outbox!) === path.resolve(inbox!)) throw new DomainError('invalid_input', 'The outbox and the inbox must be different folders', { messageKey: 'sync.auto.sameFolder' });
  await stopWatch(ctx);
  ctx.db.transaction(() => {
    setMeta(ctx.db, META.enabled, r.enabled ? '1' : '0');
    if (outbox) setMeta(ctx.db, META.outbox, outbox);
    if (inbox) setMeta(ctx.db, META.inbox, inbox);
    recordAudit(ctx, { action: 'sync.setWatch', detail: r.enabled ? `on: outbox ${outbox}, inbox ${inbox}` : 'off' });
  })();
  if (r.enabled) resumeWatch(ctx);
  return watchStatus(ctx);
}
