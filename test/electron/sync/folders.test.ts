import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syncFolders } from '../../../electron/sync/folders.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { dumpSyncedTables, newOperation, openUnit, trustAll, withIdentity, type Unit } from './sync-helpers.js';

const units: Unit[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const u of units.splice(0)) u.cleanup();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('outbox/inbox folders', () => {
  it('carry bundles both ways through a shared folder; review unless auto; refusals kept with their reason', async () => {
    const a = await withIdentity(openUnit('NPU'));
    const b = await withIdentity(openUnit('DMS'));
    units.push(a, b);
    trustAll([a, b]);
    const shared = tempDataDir('spilno-shared-');
    dirs.push(shared);
    newOperation(a.ctx);
    const out = await syncFolders(a.ctx, { outbox: path.join(shared, 'a-out'), inbox: path.join(shared, 'a-in'), autoImport: true });
    expect(out.exported).toHaveLength(1);
    // The folder-sync tool delivers a's outbox for b as b's inbox.
    const bInbox = path.join(shared, 'a-out', b.ctx.siteId);
    const review = await syncFolders(b.ctx, { outbox: path.join(shared, 'b-out'), inbox: bInbox, autoImport: false });
    expect(review.awaitingReview).toHaveLength(1);
    expect(dumpSyncedTables(b.ctx)).not.toBe(dumpSyncedTables(a.ctx));
    const auto = await syncFolders(b.ctx, { outbox: path.join(shared, 'b-out'), inbox: bInbox, autoImport: true });
    expect(auto.imported).toHaveLength(1);
    expect(fs.readdirSync(path.join(bInbox, 'processed'))).toHaveLength(1);
    expect(dumpSyncedTables(b.ctx)).toBe(dumpSyncedTables(a.ctx));

    fs.writeFileSync(path.join(bInbox, 'junk.spilno'), 'not a bundle');
    const refused = await syncFolders(b.ctx, { outbox: path.join(shared, 'b-out'), inbox: bInbox, autoImport: true });
    expect(refused.refused).toHaveLength(1);
    expect(fs.readFileSync(path.join(bInbox, 'refused', 'junk.spilno.reason.txt'), 'utf8')).toMatch(/decrypt/i);
  });
});
