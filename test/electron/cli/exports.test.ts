import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/main.js';
import { tempDataDir } from '../../helpers/temp-context.js';

let dir: string;
let operationId: string;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  dir = tempDataDir('spilno-cli-exports-');
  operationId = (JSON.parse((await cli('demo', '--data-dir', dir, '--json')).out) as { operationId: string }).operationId;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('spilno briefing / ics / vcard', () => {
  it('writes an agency\'s English briefing PDF and reports its hash', async () => {
    const out = path.join(dir, 'npu.pdf');
    const r = await cli('briefing', '--operation', operationId, '--agency', 'npu', '--lang', 'en', '--valid-until', '2027-01-15T10:00:00Z', '--out', out, '--data-dir', dir, '--json');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.out) as { file: string; sha256: string };
    expect(info.file).toBe(out);
    expect(createHash('sha256').update(fs.readFileSync(out)).digest('hex')).toBe(info.sha256);
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    expect(text).toContain('Briefing pack');
    expect(text).toContain('NPU — National Police of Ukraine');
    // Valid until, in the operation's zone (Kyiv, UTC+2 in January).
    expect(text).toContain('15/01/2027, 12:00');
  });

  it('prints one numbered copy: --copy picks it off the distribution list, a bad number is a usage error', async () => {
    const out = path.join(dir, 'copy4.pdf');
    const r = await cli('briefing', '--operation', operationId, '--copy', '4', '--out', out, '--data-dir', dir);
    expect(r.code).toBe(0);
    const pages = execFileSync('pdftotext', ['-raw', out, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim() !== '');
    // Copy 4 of the default list (the file, the lead — police —, customs, then the border guard)
    // is the border guard's; every page says so.
    expect(pages[0]).toContain('ДПСУ — Державна прикордонна служба України');
    for (const page of pages) expect(page).toContain('Прим. № 4');
    expect((await cli('briefing', '--operation', operationId, '--copy', 'three', '--out', out, '--data-dir', dir)).code).toBe(2);
    const other = await cli('briefing', '--operation', operationId, '--agency', 'NPU', '--copy', '4', '--out', out, '--data-dir', dir);
    expect(other.code).not.toBe(0);
  });

  it('writes calendars and contacts for the operation and for one agency\'s view', async () => {
    const all = path.join(dir, 'all.ics');
    expect((await cli('ics', '--operation', operationId, '--out', all, '--data-dir', dir)).code).toBe(0);
    const events = (file: string) => new ICAL.Component(ICAL.parse(fs.readFileSync(file, 'utf8'))).getAllSubcomponents('vevent');
    expect(events(all)).toHaveLength(11);
    const sbu = path.join(dir, 'sbu.ics');
    expect((await cli('ics', '--operation', operationId, '--agency', 'SBU', '--out', sbu, '--data-dir', dir)).code).toBe(0);
    // The police-led tasks its officer acts in: the check of its information, the briefing, the
    // control over the movement (on the investigator's instruction).
    expect(events(sbu).map((e) => String(e.getFirstPropertyValue('summary')).slice(0, 6)).sort()).toEqual(['[НПУ] ', '[НПУ] ', '[НПУ] ']);
    const uid = String(events(sbu)[0]!.getFirstPropertyValue('uid'));
    expect(events(all).some((e) => e.getFirstPropertyValue('uid') === uid)).toBe(true);
    const vcf = path.join(dir, 'op.vcf');
    expect((await cli('vcard', '--operation', operationId, '--out', vcf, '--data-dir', dir)).code).toBe(0);
    expect(fs.readFileSync(vcf, 'utf8').match(/BEGIN:VCARD/g)!.length).toBeGreaterThan(5);
    expect(fs.readFileSync(vcf, 'utf8')).toContain('Мельник Андрій Ігорович');
    const sbuVcf = path.join(dir, 'sbu.vcf');
    expect((await cli('vcard', '--operation', operationId, '--agency', 'SBU', '--out', sbuVcf, '--data-dir', dir)).code).toBe(0);
    // The customs dog handler works on a customs-only task: not SBU's to know.
    expect(fs.readFileSync(sbuVcf, 'utf8')).toContain('Лисенко Дмитро Олександрович');
    expect(fs.readFileSync(sbuVcf, 'utf8')).not.toContain('Мельник');
  });

  it('fails with usage errors, not stack traces', async () => {
    const noOut = await cli('briefing', '--operation', operationId, '--data-dir', dir);
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('--out');
    const both = await cli('ics', '--operation', operationId, '--agency', 'SBU', '--person', 'x', '--out', path.join(dir, 'x.ics'), '--data-dir', dir);
    expect(both.code).toBe(2);
    const unknown = await cli('briefing', '--operation', operationId, '--agency', 'NOPE', '--out', path.join(dir, 'x.pdf'), '--data-dir', dir);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown agency');
    const absent = await cli('briefing', '--operation', operationId, '--agency', 'NABU', '--out', path.join(dir, 'x.pdf'), '--data-dir', dir);
    expect(absent.code).toBe(1);
    expect(absent.err).toContain('agencyId');
    expect(fs.existsSync(path.join(dir, 'x.pdf'))).toBe(false);
  });
});
