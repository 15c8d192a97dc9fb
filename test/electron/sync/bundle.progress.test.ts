/**
 * Progress of bundle export and import: the callback the CLI uses, and the same reports
 * published as progress events while `sync.importBundle` runs (dispatch, as the core calls it),
 * the last one still readable through `sync.jobProgress`.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncPhase, SyncProgress } from '../../../shared/api/sync.js';
import { dispatch } from '../../../electron/api/dispatch.js';
import { exportBundle } from '../../../electron/sync/bundle-export.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import type { Progress } from '../../../electron/services/progress.js';
import { callWatchingProgress, operationWithTasks, syncFixtures, trustAll } from './sync-helpers.js';

const fx = syncFixtures();

async function pair() {
  const a = await fx.unit('NPU');
  const b = await fx.unit('DMS');
  trustAll([a, b]);
  const d = fx.dir('spilno-progress-');
  return { a, b, dir: d };
}


const ORDER: readonly SyncPhase[] = ['select', 'write', 'decrypt', 'verify', 'validate', 'apply'];

/** Phases never go back; within a phase `done` never decreases and never passes `total`. */
function expectOrdered(reports: readonly Progress[]): void {
  for (let i = 1; i < reports.length; i++) {
    const [prev, cur] = [reports[i - 1]!, reports[i]!];
    expect(ORDER.indexOf(cur.phase)).toBeGreaterThanOrEqual(ORDER.indexOf(prev.phase));
    if (cur.phase === prev.phase && cur.total === prev.total) expect(cur.done).toBeGreaterThanOrEqual(prev.done);
  }
  for (const r of reports) if (r.total > 0) expect(r.done).toBeLessThanOrEqual(r.total);
}

function last(reports: readonly Progress[], phase: SyncPhase): Progress | undefined {
  return reports.filter((r) => r.phase === phase).at(-1);
}

describe('bundle progress', () => {
  it('export reports select then write up to the change count; import reports decrypt (bytes) → verify → validate → apply', async () => {
    const { a, b, dir } = await pair();
    operationWithTasks(a, 150);
    const file = path.join(dir, 'big.spilno');
    const out: Progress[] = [];
    const sent = await exportBundle(a.ctx, { peers: [b.ctx.siteId], outPath: file, onProgress: (p) => void out.push(p) });
    expect(sent.changeCount).toBeGreaterThan(2000);
    expectOrdered(out);
    expect([...new Set(out.map((p) => p.phase))]).toEqual(['select', 'write']);
    // Select counts the candidates: what goes in is known only after the ordered read (the
    // lead's need-to-know fields, for one, stay out of a participant's bundle).
    const selected = last(out, 'select')!;
    expect(selected.done).toBe(selected.total);
    expect(selected.total).toBeGreaterThanOrEqual(sent.changeCount);
    expect(selected.total - sent.changeCount).toBeLessThan(10);
    expect(last(out, 'write')).toEqual({ phase: 'write', done: sent.changeCount, total: sent.changeCount });
    expect(out.filter((p) => p.phase === 'write').length).toBeGreaterThan(2);

    const size = fs.statSync(file).size;
    for (const dryRun of [true, false]) {
      const got: Progress[] = [];
      const r = await importBundle(b.ctx, { path: file, dryRun, onProgress: (p) => void got.push(p) });
      expect(r.added).toBe(sent.changeCount);
      expectOrdered(got);
      expect([...new Set(got.map((p) => p.phase))]).toEqual(['decrypt', 'verify', 'validate', 'apply']);
      const decrypt = got.filter((p) => p.phase === 'decrypt');
      expect(decrypt.every((p) => p.total === size)).toBe(true);
      expect(decrypt.at(-1)!.done).toBe(size);
      expect(last(got, 'verify')).toEqual({ phase: 'verify', done: 1, total: 1 });
      const steps = Array.from({ length: Math.floor(sent.changeCount / 2000) }, (_, i) => (i + 1) * 2000);
      expect(got.filter((p) => p.phase === 'validate').map((p) => p.done)).toEqual([0, ...steps, sent.changeCount]);
      expect(got.at(-1)).toEqual({ phase: 'apply', done: sent.changeCount, total: sent.changeCount });
    }
  });

  it('a refused bundle stops reporting where it was refused', async () => {
    const { a, b, dir } = await pair();
    operationWithTasks(a, 5);
    const file = path.join(dir, 'flipped.spilno');
    await exportBundle(a.ctx, { peers: [b.ctx.siteId], outPath: file });
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 20]! ^= 1;
    fs.writeFileSync(file, bytes);
    const got: Progress[] = [];
    await expect(importBundle(b.ctx, { path: file, onProgress: (p) => void got.push(p) })).rejects.toThrow(/decrypt|damaged/i);
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((p) => p.phase === 'decrypt')).toBe(true);
  });

  it('progress events show the running import, phases in order, and sync.jobProgress its end', async () => {
    const { a, b, dir } = await pair();
    operationWithTasks(a, 150);
    const file = path.join(dir, 'ui.spilno');
    const sent = await exportBundle(a.ctx, { peers: [b.ctx.siteId], outPath: file });
    const id = randomUUID();
    expect(await dispatch(b.ctx, 'sync', 'jobProgress', { id })).toEqual({ ok: true, value: null });

    const { result, seen } = await callWatchingProgress(b.ctx, 'importBundle', { file: b.ctx.files.grant({ kind: 'read', path: file }).handle }, id);
    expect(result.ok).toBe(true);
    expectOrdered(seen);
    // Reports made inside the synchronous apply transaction are published as they happen.
    expect(seen.some((p) => p.phase === 'validate' && !p.finished)).toBe(true);
    expect(seen.some((p) => p.phase === 'decrypt')).toBe(true);
    const end = await dispatch(b.ctx, 'sync', 'jobProgress', { id });
    expect(end).toEqual({ ok: true, value: { phase: 'apply', done: sent.changeCount, total: sent.changeCount, finished: true, failed: false } });
  });

  it('a failed call is marked failed and its typed error comes with the call', async () => {
    const { b, dir } = await pair();
    const file = path.join(dir, 'junk.spilno');
    fs.writeFileSync(file, 'not a bundle');
    const id = randomUUID();
    const r = await dispatch(b.ctx, 'sync', 'previewImport', { file: b.ctx.files.grant({ kind: 'read', path: file }).handle, progressId: id });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('integrity');
    const p = await dispatch(b.ctx, 'sync', 'jobProgress', { id });
    expect(p.ok && (p.value as SyncProgress)).toMatchObject({ finished: true, failed: true });
    expect((await dispatch(b.ctx, 'sync', 'jobProgress', { id: 'nope' })).ok).toBe(false);
  });
});
