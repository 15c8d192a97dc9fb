import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BriefingRequest, PackRequest, type ExportedFile, type ExportLogEntry,
} from '../../../shared/api/exports.js';
import type { SyncProgress } from '../../../shared/api/sync.js';
import { dispatch } from '../../../electron/api/dispatch.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { exportBriefing, exportPack, listExports } from '../../../electron/services/exports.js';
import { tasksAgencySees } from '../../helpers/need-to-know.js';
import { openTempContext, tempDataDir, type TempContext } from '../../helpers/temp-context.js';

let tc: TempContext;
let out: string;
let operationId: string;

// 00:30 on 7 December in Kyiv, still the 6th in UTC: file names carry the operation's day.
const START = Date.parse('2026-12-06T22:30:00.000Z');
let tick = 0;

beforeAll(() => {
  tc = openTempContext({ now: () => new Date(START + tick++) });
  out = tempDataDir('spilno-pack-');
  operationId = loadDemo(tc.ctx).operationId;
});
afterAll(() => {
  tc.cleanup();
  fs.rmSync(out, { recursive: true, force: true });
});

async function keyPair(name: string): Promise<{ keyFile: string; recipient: string }> {
  const identity = await generateX25519Identity();
  const keyFile = path.join(out, `${name}.key`);
  fs.writeFileSync(keyFile, `${identity}\n`, { mode: 0o600 });
  return { keyFile, recipient: await identityToRecipient(identity) };
}

const DAY = 'YANTARNYI-SHLIAKH-DMS-2026-12-07';

describe('encrypted briefing pack', () => {
  it('the age CLI decrypts it with either recipient\'s identity, and tar lists PDF, calendar and contacts', async () => {
    const dms = await keyPair('dms');
    const other = await keyPair('other');
    const r = await exportPack(tc.ctx, PackRequest.parse({
      operationId, agencyId: 'DMS', lang: 'uk', recipients: [dms.recipient, other.recipient],
    }));
    // Code name transliterated by the 2010 rules, the agency, the operation's day (see START).
    expect(r.fileName).toBe('YANTARNYI-SHLIAKH-DMS-2026-12-07-pack-copy3-uk.tar.age');
    const sealed = path.join(out, r.fileName);
    fs.writeFileSync(sealed, r.bytes);
    expect(Buffer.from(r.bytes).subarray(0, 21).toString()).toBe('age-encryption.org/v1');

    for (const key of [dms, other]) {
      const dir = fs.mkdtempSync(path.join(out, 'x-'));
      const tar = path.join(dir, 'pack.tar');
      execFileSync('age', ['-d', '-i', key.keyFile, '-o', tar, sealed]);
      expect(execFileSync('tar', ['-tf', tar], { encoding: 'utf8' }).trim().split('\n'))
        .toEqual([`${DAY}-briefing-copy3-uk.pdf`, `${DAY}-calendar.ics`, `${DAY}-contacts.vcf`]);
      execFileSync('tar', ['-xf', tar, '-C', dir]);
      expect(fs.readFileSync(path.join(dir, `${DAY}-briefing-copy3-uk.pdf`)).subarray(0, 5).toString()).toBe('%PDF-');
      const cal = new ICAL.Component(ICAL.parse(fs.readFileSync(path.join(dir, `${DAY}-calendar.ics`), 'utf8')));
      const summaries = cal.getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('summary')));
      const short: Record<string, string> = { NPU: 'НПУ', DMS: 'ДМС' };
      expect(summaries.sort()).toEqual(tasksAgencySees(tc.ctx.db, operationId, 'DMS').map((x) => `[${short[x.agencyId!]}] ${x.title}`).sort());
      // Customs' copy of the police-led demo: its own tasks, and the briefing its post chief attends.
      expect(summaries.filter((s) => !s.startsWith('[ДМС] '))).toEqual(['[НПУ] Інструктаж учасників у штабі']);
    }
  });

  it('does not open with an identity it was not encrypted to', async () => {
    const npu = await keyPair('npu2');
    const stranger = await keyPair('stranger');
    const r = await exportPack(tc.ctx, PackRequest.parse({ operationId, agencyId: 'NPU', recipients: [npu.recipient] }));
    const sealed = path.join(out, 'stranger.age');
    fs.writeFileSync(sealed, r.bytes);
    const res = spawnSync('age', ['-d', '-i', stranger.keyFile, sealed]);
    expect(res.status).not.toBe(0);
    expect(res.stdout.length).toBe(0);
  });

  it('rejects a recipient string that is not an age X25519 key', async () => {
    const res = await dispatch(tc.ctx, 'exports', 'pack', { operationId, recipients: ['ssh-ed25519 AAAA'] });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('export log', () => {
  it('records who, for whom, when, which operation and the hash of the bytes handed out', async () => {
    const before = listExports(tc.ctx, operationId, 1000).length;
    const r = await exportBriefing(tc.ctx, BriefingRequest.parse({ operationId, agencyId: 'SBU', lang: 'en' }));
    const [last] = listExports(tc.ctx, operationId, 1);
    expect(listExports(tc.ctx, operationId, 1000).length).toBe(before + 1);
    expect(last).toMatchObject({
      id: r.exportId, operationId, kind: 'briefing', recipientAgencyId: 'SBU', lang: 'en',
      siteId: tc.ctx.siteId, siteAgencyId: tc.ctx.agencyId, byteSize: r.bytes.length, encryptedTo: 0,
    });
    expect(last!.sha256).toBe(createHash('sha256').update(r.bytes).digest('hex'));
    expect(r.fileName).toBe('YANTARNYI-SHLIAKH-SBU-2026-12-07-briefing-copy6-en.pdf');
  });

  it('answers over the API with the file as base64 and lists the log', async () => {
    const res = await dispatch(tc.ctx, 'exports', 'briefing', { operationId, lang: 'uk' });
    if (!res.ok) throw new Error(res.error.message);
    const file = res.value as ExportedFile;
    const bytes = Buffer.from(file.base64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    // The whole plan's copy names no agency.
    expect(file.fileName).toBe('YANTARNYI-SHLIAKH-2026-12-07-briefing-copy1-uk.pdf');
    const log = await dispatch(tc.ctx, 'exports', 'log', { operationId });
    if (!log.ok) throw new Error(log.error.message);
    expect((log.value as ExportLogEntry[])[0]).toMatchObject({ id: file.exportId, recipientAgencyId: null });
  });
});

describe('progress of a long export', () => {
  it('a briefing and an encrypted pack report every page as it is drawn, then the sealing, on the event channel', async () => {
    const seen = new Map<string, SyncProgress[]>();
    const stop = tc.ctx.events.subscribe((e) => {
      if (e.type === 'progress') seen.set(e.jobId, [...(seen.get(e.jobId) ?? []), e.progress]);
    });
    try {
      const briefingId = randomUUID();
      const res = await dispatch(tc.ctx, 'exports', 'briefing', { operationId, lang: 'uk', progressId: briefingId });
      if (!res.ok) throw new Error(res.error.message);
      const pdf = path.join(out, 'progress.pdf');
      fs.writeFileSync(pdf, Buffer.from((res.value as ExportedFile).base64, 'base64'));
      // The page count as a tool we did not write reads it.
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())![1]);
      const reports = seen.get(briefingId)!;
      const drawn = reports.filter((p) => p.phase === 'render' && !p.finished).map((p) => p.done);
      expect(drawn).toEqual(Array.from({ length: pages }, (_, i) => i + 1));
      expect(reports.at(-1)).toMatchObject({ finished: true, failed: false, done: pages });

      const packId = randomUUID();
      const { recipient } = await keyPair('progress');
      expect((await dispatch(tc.ctx, 'exports', 'pack', { operationId, agencyId: 'NPU', recipients: [recipient], progressId: packId })).ok).toBe(true);
      const phases = seen.get(packId)!.map((p) => p.phase);
      expect(phases.indexOf('seal')).toBeGreaterThan(phases.lastIndexOf('render'));
      const last = await dispatch(tc.ctx, 'sync', 'jobProgress', { id: packId });
      if (!last.ok) throw new Error(last.error.message);
      expect(last.value).toMatchObject({ phase: 'seal', finished: true, failed: false });
    } finally {
      stop();
    }
  });
});
