/**
 * Files over the API by handle only (issue 15): no method takes a path any more; a bundle is
 * uploaded in pieces (browser mode) or granted by the shell (a dialog), an export comes back as
 * a download or goes to a file the shell granted, and every hostile case answers a typed error.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import type { ServiceContext } from '../../../electron/services/context.js';
import { TRANSFER_CHUNK_BYTES } from '../../../shared/api/files.js';
import { newOperation, send, syncFixtures, trustAll } from '../sync/sync-helpers.js';

const fx = syncFixtures();

async function ok<T>(ctx: ServiceContext, domain: string, method: string, input: unknown): Promise<T> {
  const r = await dispatch(ctx, domain, method, input, () => {});
  if (!r.ok) throw new Error(`${domain}.${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function upload(ctx: ServiceContext, bytes: Buffer, name = 'in.spilno', piece = TRANSFER_CHUNK_BYTES): Promise<string> {
  const { handle } = await ok<{ handle: string }>(ctx, 'files', 'beginUpload', { name, size: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += piece) {
    await ok(ctx, 'files', 'uploadChunk', { handle, offset, base64: bytes.subarray(offset, offset + piece).toString('base64') });
  }
  return handle;
}

describe('files by handle', () => {
  it('no sync method takes a path: the old inputs are refused before any file is touched', async () => {
    const a = await fx.unit('NPU');
    for (const [method, input] of [
      ['addPeer', { path: '/dev/zero' }], ['previewImport', { path: '/dev/zero' }], ['importBundle', { path: '/tmp/x.spilno' }],
      ['exportCard', { path: '/tmp/card' }], ['exportBundle', { peers: ['x'], path: '/tmp/out' }],
      ['syncFolders', { outbox: '/tmp', inbox: '/tmp' }],
    ] as const) {
      const r = await dispatch(a.ctx, 'sync', method, input, () => {});
      expect(r.ok, method).toBe(false);
      expect(!r.ok && r.error.code, method).toBe('invalid_input');
    }
  });

  it('a bundle uploaded in pieces imports like the file itself', async () => {
    const a = await fx.unit('NPU');
    const b = await fx.unit('DMS');
    trustAll([a, b]);
    newOperation(a.ctx);
    const sent = await send(a, [b], fx.dir());
    const bytes = fs.readFileSync(sent.file);
    const handle = await upload(b.ctx, bytes, 'from-police.spilno', 1000);
    const preview = await ok<{ added: number; status: string }>(b.ctx, 'sync', 'previewImport', { file: handle });
    expect(preview.status).toBe('new');
    const applied = await ok<{ added: number }>(b.ctx, 'sync', 'importBundle', { file: handle });
    expect(applied.added).toBe(sent.changeCount);
  });

  it('an upload must arrive in order, within its declared size, and whole before it is used', async () => {
    const a = await fx.unit('NPU');
    const { handle } = await ok<{ handle: string }>(a.ctx, 'files', 'beginUpload', { name: 'x.spilno', size: 10 });
    const chunk = (offset: number, text: string) => dispatch(a.ctx, 'files', 'uploadChunk', { handle, offset, base64: Buffer.from(text).toString('base64') }, () => {});
    expect(await chunk(5, 'abc')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await chunk(0, 'abcde')).toMatchObject({ ok: true, value: { received: 5, complete: false } });
    expect(await dispatch(a.ctx, 'sync', 'previewImport', { file: handle }, () => {}))
      .toMatchObject({ ok: false, error: { code: 'invalid_input', details: { messageKey: 'file.uploadIncomplete' } } });
    expect(await chunk(5, 'fghijkl')).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(await dispatch(a.ctx, 'files', 'beginUpload', { name: 'huge.spilno', size: 3 * 1024 ** 3 }, () => {}))
      .toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(a.ctx, 'sync', 'previewImport', { file: 'fh_AAAAAAAAAAAAAAAAAAAAAA' }, () => {}))
      .toMatchObject({ ok: false, error: { code: 'not_found', details: { messageKey: 'file.handleUnknown' } } });
    // A handle from another core means nothing here.
    const b = await fx.unit('DMS');
    expect(await dispatch(b.ctx, 'files', 'release', { handle }, () => {})).toEqual({ ok: true, value: { released: false } });
  });

  it('an export without a chosen file is staged for download and read back exactly; release deletes it', async () => {
    const a = await fx.unit('NPU');
    const b = await fx.unit('DMS');
    trustAll([a, b]);
    newOperation(a.ctx);
    const r = await ok<{ fileName: string; bytes: number; download: { handle: string; name: string; size: number } }>(
      a.ctx, 'sync', 'exportBundle', { peers: [b.ctx.siteId] });
    expect(r.download).toMatchObject({ name: r.fileName, size: r.bytes });
    const parts: Buffer[] = [];
    for (let offset = 0; ; offset += 100) {
      const c = await ok<{ base64: string; done: boolean }>(a.ctx, 'files', 'downloadChunk', { handle: r.download.handle, offset, length: 100 });
      parts.push(Buffer.from(c.base64, 'base64'));
      if (c.done) break;
    }
    const bytes = Buffer.concat(parts);
    expect(bytes.length).toBe(r.bytes);
    // What was downloaded is a bundle the peer imports.
    const file = path.join(fx.dir(), r.fileName);
    fs.writeFileSync(file, bytes);
    const applied = await ok<{ added: number }>(b.ctx, 'sync', 'importBundle', { file: b.ctx.files.grant({ kind: 'read', path: file }).handle });
    expect(applied.added).toBeGreaterThan(0);
    expect(await ok(a.ctx, 'files', 'release', { handle: r.download.handle })).toEqual({ released: true });
    expect(await dispatch(a.ctx, 'files', 'downloadChunk', { handle: r.download.handle, offset: 0, length: 10 }, () => {}))
      .toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(createHash('sha256').update(bytes).digest('hex')).toHaveLength(64);
  });

  it('an export to a file chosen in the save dialog replaces a planted link there instead of writing through it', async () => {
    const a = await fx.unit('NPU');
    const b = await fx.unit('DMS');
    trustAll([a, b]);
    newOperation(a.ctx);
    const dir = fx.dir();
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'keep me');
    const target = path.join(dir, 'out.spilno');
    fs.symlinkSync(victim, target);
    const to = a.ctx.files.grant({ kind: 'write', path: target }).handle;
    const r = await ok<{ fileName: string; download: unknown }>(a.ctx, 'sync', 'exportBundle', { peers: [b.ctx.siteId], to });
    expect(r).toMatchObject({ fileName: 'out.spilno', download: null });
    expect(fs.lstatSync(target).isFile()).toBe(true);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me');
    // The save grant is spent.
    expect(await dispatch(a.ctx, 'sync', 'exportBundle', { peers: [b.ctx.siteId], to }, () => {}))
      .toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('a chosen file swapped afterwards for a FIFO, a link to /dev/zero or a folder is refused at use, at once', async () => {
    const b = await fx.unit('DMS');
    const dir = fx.dir();
    const file = path.join(dir, 'chosen.spilno');
    for (const swap of [
      () => execFileSync('mkfifo', [file]),
      () => fs.symlinkSync('/dev/zero', file),
      () => fs.mkdirSync(file),
    ]) {
      fs.writeFileSync(file, 'a bundle, when the dialog closed');
      const handle = b.ctx.files.grant({ kind: 'read', path: file }).handle;
      fs.rmSync(file);
      swap();
      const t0 = performance.now();
      const r = await dispatch(b.ctx, 'sync', 'previewImport', { file: handle }, () => {});
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.details?.['messageKey']).toMatch(/^file\.(notRegular|symlink)$/);
      fs.rmSync(file, { recursive: true, force: true });
    }
  });

  it('an inbox holding a FIFO, a link to /dev/zero and a folder named like bundles: each refused with its reason, the run completes', async () => {
    const a = await fx.unit('NPU');
    const dir = fx.dir();
    const outbox = path.join(dir, 'out');
    const inbox = path.join(dir, 'in');
    fs.mkdirSync(outbox);
    fs.mkdirSync(inbox);
    execFileSync('mkfifo', [path.join(inbox, 'a-pipe.spilno')]);
    fs.symlinkSync('/dev/zero', path.join(inbox, 'b-zero.spilno'));
    fs.mkdirSync(path.join(inbox, 'c-folder.spilno'));
    const t0 = performance.now();
    const r = await ok<{ refused: { file: string; messageKey?: string }[] }>(a.ctx, 'sync', 'syncFolders', {
      outbox: a.ctx.files.grant({ kind: 'folder', path: outbox, role: 'outbox' }).handle,
      inbox: a.ctx.files.grant({ kind: 'folder', path: inbox, role: 'inbox' }).handle,
      autoImport: true,
    });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.refused.map((f) => [f.file, f.messageKey])).toEqual([
      ['refused/a-pipe.spilno', 'file.notRegular'], ['refused/b-zero.spilno', 'file.symlink'], ['refused/c-folder.spilno', 'file.notRegular'],
    ]);
    expect(fs.readFileSync(path.join(inbox, 'refused', 'b-zero.spilno.reason.txt'), 'utf8')).toMatch(/symbolic link/);
  });

  it('a contact card travels as text and comes back as text; a handle of the wrong kind is refused', async () => {
    const a = await fx.unit('NPU');
    const b = await fx.unit('DMS');
    const card = await ok<{ text: string; fileName: string }>(b.ctx, 'sync', 'exportCard', {});
    expect(card.fileName).toMatch(/\.card$/);
    expect(await ok(a.ctx, 'sync', 'addPeer', { card: card.text })).toMatchObject({ siteId: b.ctx.siteId, status: 'pending' });
    const folder = a.ctx.files.grant({ kind: 'folder', path: fx.dir() }).handle;
    expect(await dispatch(a.ctx, 'sync', 'previewImport', { file: folder }, () => {}))
      .toMatchObject({ ok: false, error: { code: 'invalid_input', details: { messageKey: 'file.handleKind' } } });
  });
});
