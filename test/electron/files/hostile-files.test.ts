/**
 * Hostile files (issue 15): a FIFO (opening it for reading used to block the whole server),
 * /dev/zero (read until 8.5 GB), a directory, a symlink, an oversized file; and writes through
 * a symlink planted at the old predictable temporary name `<target>.part-<pid>` or at the
 * target itself. Each is tried on the file primitives, on the services that read and write
 * user-named files (contact cards, bundles, the folder exchange) and on the CLI.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/api/errors.js';
import { runCli } from '../../../electron/cli/main.js';
import { AtomicFile, openRegularFile, readRegularFile, regularFileChunks, writeFileAtomic } from '../../../electron/files/safe-fs.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { addPeerFromFile, exportCardToFile } from '../../../electron/sync/service.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { openUnit, withIdentity, TEST_PASSPHRASE, type Unit } from '../sync/sync-helpers.js';

let dir: string;
let fifo: string;
let folder: string;
let victim: string;
let regular: string;
let link: string;
const VICTIM_TEXT = 'victim: must never change\n';

beforeAll(() => {
  dir = tempDataDir('spilno-hostile-');
  fifo = path.join(dir, 'pipe.spilno');
  execFileSync('mkfifo', [fifo]);
  folder = path.join(dir, 'folder.spilno');
  fs.mkdirSync(folder);
  victim = path.join(dir, 'victim.txt');
  fs.writeFileSync(victim, VICTIM_TEXT);
  regular = path.join(dir, 'regular.txt');
  fs.writeFileSync(regular, 'hello');
  link = path.join(dir, 'link.spilno');
  fs.symlinkSync(regular, link);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The typed error a call threw, or null; fails the test if it took longer than `ms`. */
async function refusal(fn: () => unknown, ms = 3000): Promise<DomainError> {
  const t0 = performance.now();
  let caught: unknown = null;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(performance.now() - t0).toBeLessThan(ms);
  expect(caught).toBeInstanceOf(DomainError);
  return caught as DomainError;
}

describe('opening a file someone named', () => {
  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const e = await refusal(() => openRegularFile(fifo, 1024));
    expect(e.details).toMatchObject({ messageKey: 'file.notRegular' });
  });

  it('refuses /dev/zero, a directory and a symlink, typed', async () => {
    expect((await refusal(() => readRegularFile('/dev/zero', 1024))).details).toMatchObject({ messageKey: 'file.notRegular' });
    expect((await refusal(() => readRegularFile(folder, 1024))).details).toMatchObject({ messageKey: 'file.notRegular' });
    expect((await refusal(() => readRegularFile(link, 1024))).details).toMatchObject({ messageKey: 'file.symlink' });
    expect((await refusal(() => readRegularFile(path.join(dir, 'nope'), 1024))).code).toBe('not_found');
  });

  it('refuses a file over the limit without reading it (a 3 GB sparse file)', async () => {
    const big = path.join(dir, 'big.spilno');
    const fd = fs.openSync(big, 'w');
    fs.ftruncateSync(fd, 3 * 1024 ** 3);
    fs.closeSync(fd);
    const rss = process.memoryUsage().rss;
    const e = await refusal(async () => {
      for await (const chunk of regularFileChunks(big, 2 * 1024 **3)) void chunk;
    });
    expect(e.code).toBe('too_large');
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1024 * 1024);
    fs.rmSync(big);
  });

  it('stops reading at the limit even when the file grows after it was checked', async () => {
    const growing = path.join(dir, 'growing.txt');
    fs.writeFileSync(growing, 'x'.repeat(10));
    const e = await refusal(async () => {
      let first = true;
      for await (const chunk of regularFileChunks(growing, 100)) {
        void chunk;
        if (first) fs.appendFileSync(growing, 'y'.repeat(1000));
        first = false;
      }
    });
    expect(e.code).toBe('too_large');
  });
});

describe('writing a file in place', () => {
  it('never writes through a symlink planted at the old predictable temporary name', () => {
    const target = path.join(dir, 'card.json');
    fs.symlinkSync(victim, `${target}.part-${process.pid}`);
    writeFileAtomic(target, 'new content');
    expect(fs.readFileSync(target, 'utf8')).toBe('new content');
    expect(fs.readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
  });

  it('replaces a symlink at the target instead of writing through it', () => {
    const target = path.join(dir, 'linked-target.txt');
    fs.symlinkSync(victim, target);
    writeFileAtomic(target, 'replaced');
    expect(fs.lstatSync(target).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(target, 'utf8')).toBe('replaced');
    expect(fs.readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
  });

  it('creates its temporary file exclusively, under a random name in the target folder, and leaves none behind', () => {
    const target = path.join(dir, 'out', 'bundle.spilno');
    fs.mkdirSync(path.dirname(target));
    const a = AtomicFile.create(target, 0o600);
    const b = AtomicFile.create(target, 0o600);
    expect(a.tmp).not.toBe(b.tmp);
    expect(path.dirname(a.tmp)).toBe(path.dirname(target));
    expect(fs.statSync(a.tmp).mode & 0o777).toBe(0o600);
    a.write('a');
    b.abort();
    a.commit();
    expect(fs.readdirSync(path.dirname(target))).toEqual(['bundle.spilno']);
  });

  it('refuses a directory as the target, typed, and leaves it as it was', async () => {
    const e = await refusal(() => writeFileAtomic(folder, 'x'));
    expect(e.details).toMatchObject({ messageKey: 'file.notRegular' });
    expect(fs.statSync(folder).isDirectory()).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});

describe('services and the CLI on hostile files', () => {
  let unit: Unit;
  beforeAll(async () => {
    unit = await withIdentity(openUnit('DMS'));
  });
  afterAll(() => unit.cleanup());

  it.each([['FIFO', () => fifo], ['/dev/zero', () => '/dev/zero'], ['a directory', () => folder]])(
    'a contact card or a bundle that is %s is refused with a typed error, at once',
    async (_name, file) => {
      expect((await refusal(() => addPeerFromFile(unit.ctx, file()))).details).toMatchObject({ messageKey: 'file.notRegular' });
      expect((await refusal(() => importBundle(unit.ctx, { path: file(), dryRun: true }))).details).toMatchObject({ messageKey: 'file.notRegular' });
    },
  );

  it('a symlink to a genuine contact card is refused: the link is not the file the user chose', async () => {
    const other = await withIdentity(openUnit('NPU'));
    try {
      const card = path.join(dir, 'police.card');
      exportCardToFile(other.ctx, card);
      const cardLink = path.join(dir, 'police-link.card');
      fs.symlinkSync(card, cardLink);
      expect((await refusal(() => addPeerFromFile(unit.ctx, cardLink))).details).toMatchObject({ messageKey: 'file.symlink' });
      expect(addPeerFromFile(unit.ctx, card).status).toBe('pending');
    } finally {
      other.cleanup();
    }
  });

  it('the card export writes through no planted link', () => {
    const target = path.join(dir, 'unit.card');
    fs.symlinkSync(victim, `${target}.part-${process.pid}`);
    exportCardToFile(unit.ctx, target);
    expect(JSON.parse(fs.readFileSync(target, 'utf8'))).toMatchObject({ format: 'spilno-contact-card' });
    expect(fs.readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
  });

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const t0 = performance.now();
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n'), ms: performance.now() - t0 };
  }

  it('the CLI refuses a FIFO, /dev/zero and a directory as a card or a bundle, quickly', async () => {
    process.env.SPILNO_PASSPHRASE = TEST_PASSPHRASE;
    try {
      for (const file of [fifo, '/dev/zero', folder]) {
        for (const argv of [['peers', 'add', file], ['bundle', 'import', file, '--dry-run']]) {
          const r = await cli(...argv, '--data-dir', unit.dataDir);
          expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(1);
          expect(r.err).toMatch(/not a regular file/);
          expect(r.ms).toBeLessThan(5000);
        }
      }
    } finally {
      delete process.env.SPILNO_PASSPHRASE;
    }
  });

  it('the CLI writes the private age key owner-only and through no planted link', async () => {
    process.env.SPILNO_PASSPHRASE = TEST_PASSPHRASE;
    try {
      const out = path.join(dir, 'age.key');
      fs.symlinkSync(victim, `${out}.part-${process.pid}`);
      const r = await cli('identity', 'export-age-key', '--out', out, '--data-dir', unit.dataDir);
      expect(r.code).toBe(0);
      expect(fs.readFileSync(out, 'utf8')).toContain('AGE-SECRET-KEY-');
      expect(fs.statSync(out).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
    } finally {
      delete process.env.SPILNO_PASSPHRASE;
    }
  });
});
