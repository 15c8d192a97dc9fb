/**
 * Progress of a folder run: one step per trusted peer written and one per inbox bundle, reported
 * to the CLI-style callback and published as progress events while `sync.syncFolders` runs
 * (dispatch, as the core calls it). Real databases, real bundle files.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import type { ServiceContext } from '../../../electron/services/context.js';
import { syncFolders } from '../../../electron/sync/folders.js';
import { lockIdentity } from '../../../electron/sync/identity.js';
import type { Progress } from '../../../electron/services/progress.js';
import { callWatchingProgress, operationWithTasks, syncFixtures, trustAll } from './sync-helpers.js';

const fx = syncFixtures();


/**
 * b trusts a and c; b's inbox holds a real bundle from a (written by a's own folder run) and
 * one file that is no bundle at all. b's run therefore has 2 + 2 steps.
 */
async function scene(tasks = 3) {
  const a = await fx.unit('NPU');
  const b = await fx.unit('DMS', 'Митний пост');
  const c = await fx.unit('DPSU');
  trustAll([a, b, c]);
  operationWithTasks(a, tasks);
  const shared = fx.dir('spilno-folders-');
  const sent = await syncFolders(a.ctx, { outbox: path.join(shared, 'a-out'), inbox: path.join(shared, 'a-in'), autoImport: false });
  const inbox = path.join(shared, 'a-out', b.ctx.siteId);
  const bundle = sent.exported.find((e) => e.peer === b.ctx.siteId)!;
  fs.writeFileSync(path.join(inbox, 'zz-junk.spilno'), 'not a bundle');
  return { a, b, c, outbox: path.join(shared, 'b-out'), inbox, bundleName: path.basename(bundle.file), bundleChanges: bundle.changes };
}

/** Steps never go back: `done` never decreases and never passes `total`, which stays fixed. */
function expectForward(reports: readonly Pick<Progress, 'done' | 'total'>[]): void {
  for (let i = 1; i < reports.length; i++) {
    expect(reports[i]!.total).toBe(reports[0]!.total);
    expect(reports[i]!.done).toBeGreaterThanOrEqual(reports[i - 1]!.done);
  }
  for (const r of reports) expect(r.done).toBeLessThanOrEqual(r.total);
}

/** Each step as the user reads it ("export DMS", "preview file"), once per run of equal reports. */
function stepNames(reports: readonly Pick<Progress, 'done' | 'step'>[]): string[] {
  const names: string[] = [];
  for (const r of reports) {
    const s = r.step;
    const name = !s ? `end ${r.done}` : s.kind === 'export' ? `${r.done} export ${s.peerUnit}` : `${r.done} ${s.kind} ${s.file}`;
    if (names.at(-1) !== name) names.push(name);
  }
  return names;
}

/** The two folders as the shell grants them (a dialog, or \`spilno web --outbox --inbox\`). */
function grantFolders(ctx: ServiceContext, outbox: string, inbox: string) {
  fs.mkdirSync(outbox, { recursive: true });
  return {
    outbox: ctx.files.grant({ kind: 'folder', path: outbox, role: 'outbox' }).handle,
    inbox: ctx.files.grant({ kind: 'folder', path: inbox, role: 'inbox' }).handle,
  };
}

describe('folder run progress', () => {
  it('reports one step per trusted peer and per inbox bundle, in order, naming each; the result is unchanged', async () => {
    const { a, b, c, outbox, inbox, bundleName, bundleChanges } = await scene();
    const reports: Progress[] = [];
    const r = await syncFolders(b.ctx, { outbox, inbox, autoImport: true, onProgress: (p) => void reports.push(p) });

    expect(reports.every((p) => p.phase === 'folder')).toBe(true);
    expectForward(reports);
    expect(reports[0]).toMatchObject({ done: 0, total: 4 });
    // Peers in the order the peer list shows them (by unit name); bundles by file name.
    const peers = [a, c].sort((x, y) => x.ctx.unitName.localeCompare(y.ctx.unitName));
    expect(stepNames(reports)).toEqual([
      `0 export ${peers[0]!.ctx.unitName}`, `1 export ${peers[1]!.ctx.unitName}`,
      `2 preview ${bundleName}`, `2 import ${bundleName}`,
      '3 preview zz-junk.spilno',
      'end 4',
    ]);
    expect(reports.at(-1)).toEqual({ phase: 'folder', done: 4, total: 4 });

    // The same result as a run without progress would give.
    expect(r.imported.map((i) => [path.basename(i.file), i.preview.added])).toEqual([[bundleName, bundleChanges]]);
    expect(r.awaitingReview).toEqual([]);
    expect(r.refused.map((f) => path.basename(f.file))).toEqual(['zz-junk.spilno']);
    expect(fs.readdirSync(path.join(inbox, 'processed'))).toEqual([bundleName]);
  });

  it('a run with nothing to do reports 0 of 0 and ends', async () => {
    const lone = await fx.unit('NPU');
    const dir = fx.dir('spilno-folders-');
    const reports: Progress[] = [];
    const r = await syncFolders(lone.ctx, { outbox: path.join(dir, 'out'), inbox: path.join(dir, 'missing'), autoImport: true, onProgress: (p) => void reports.push(p) });
    expect(r).toEqual({ exported: [], imported: [], awaitingReview: [], refused: [] });
    expect(reports).toEqual([{ phase: 'folder', done: 0, total: 0 }]);
  });

  it('progress events show the running folder run step by step, and sync.jobProgress its end', async () => {
    // Enough changes that decrypting and applying a's bundle spans many reports.
    const { b, outbox, inbox, bundleName } = await scene(150);
    const id = randomUUID();
    const folders = grantFolders(b.ctx, outbox, inbox);
    const { result, seen } = await callWatchingProgress(b.ctx, 'syncFolders', { ...folders, autoImport: true }, id);
    expect(result.ok).toBe(true);
    const value = result.ok ? (result.value as { imported: { file: string }[]; refused: unknown[] }) : null;
    // Named inside the inbox, never by a full path.
    expect(value?.imported.map((i) => i.file)).toEqual([`processed/${bundleName}`]);
    expect(value?.refused).toHaveLength(1);

    expect(seen.every((p) => p.phase === 'folder' && p.total === 4)).toBe(true);
    expectForward(seen);
    // The long step is seen while it runs, named, with the steps before it counted as done.
    expect(seen.some((p) => !p.finished && p.done === 2 && p.step?.kind === 'import' && p.step.file === bundleName)).toBe(true);
    const end = await dispatch(b.ctx, 'sync', 'jobProgress', { id });
    expect(end).toEqual({ ok: true, value: { phase: 'folder', done: 4, total: 4, finished: true, failed: false } });
  });

  it('with the keys locked the run answers the typed `locked` error, marked failed, and leaves the inbox alone', async () => {
    const { b, outbox, inbox, bundleName } = await scene();
    lockIdentity(b.ctx);
    const id = randomUUID();
    const r = await dispatch(b.ctx, 'sync', 'syncFolders', { progressId: id, ...grantFolders(b.ctx, outbox, inbox), autoImport: true });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('locked');
    expect(await dispatch(b.ctx, 'sync', 'jobProgress', { id })).toEqual({
      ok: true, value: { phase: 'folder', done: 0, total: 0, finished: true, failed: true },
    });
    // Refused before the first step: nothing written, nothing moved, no step ever reported.
    expect(fs.readdirSync(inbox).sort()).toEqual([bundleName, 'zz-junk.spilno']);
    expect(fs.readdirSync(outbox)).toEqual([]);

    // A unit with no trusted peer has no export to fail on first: the check alone keeps the
    // inbox from being emptied into refused/ with "unlock the keys" as every file's reason.
    const lone = await fx.unit('DPSU');
    lockIdentity(lone.ctx);
    await expect(syncFolders(lone.ctx, { outbox, inbox, autoImport: true })).rejects.toMatchObject({ code: 'locked' });
    expect(fs.readdirSync(inbox).sort()).toEqual([bundleName, 'zz-junk.spilno']);
  });
});
