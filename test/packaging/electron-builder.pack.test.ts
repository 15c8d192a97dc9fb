import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// Packs the app offline the way electron-builder would on a build machine, minus the installer
// formats (they download their tools): the `dir` target with a stand-in Electron binary that
// carries a real fuse wire, so the fuses electron-builder flips can be read back.
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(archive: string): string[] };
const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses') as {
  getCurrentFuseWire(binary: string): Promise<Record<number, number>>;
  FuseV1Options: Record<string, number>;
};

const ROOT = path.resolve(import.meta.dirname, '../..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const [DISABLED, ENABLED] = ['0'.charCodeAt(0), '1'.charCodeAt(0)];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spilno-pack-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** An "Electron" whose fuse wire is Electron's defaults: RunAsNode, NODE_OPTIONS, inspect on. */
function stubElectronDist(): string {
  const dist = path.join(tmp, 'electron-dist');
  fs.mkdirSync(dist);
  const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001')]);
  fs.writeFileSync(path.join(dist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), wire]), { mode: 0o755 });
  fs.writeFileSync(path.join(dist, 'version'), require('electron/package.json').version);
  fs.writeFileSync(path.join(dist, 'LICENSE'), '');
  return dist;
}

describe('electron-builder packing (dir target, stand-in Electron)', () => {
  it('packs the built app into app.asar without Node addons, and flips the configured fuses', async () => {
    const out = path.join(tmp, 'release');
    await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', '--x64',
        `-c.electronDist=${stubElectronDist()}`, `-c.directories.output=${out}`],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    const unpacked = path.join(out, 'linux-unpacked');
    const files = asar.listPackage(path.join(unpacked, 'resources', 'app.asar'));
    for (const f of ['/package.json', '/dist/electron/main/main.js', '/dist/electron/preload/preload.cjs', '/dist/renderer/index.html', '/dist/electron/db/migrations']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('/dist/') && (f.endsWith('.map') || f.includes('.tsbuild')))).toEqual([]);
    expect(files.filter((f) => !/^\/(dist|node_modules)(\/|$)/.test(f) && f !== '/package.json')).toEqual([]);
    const nodeAddons = fs.readdirSync(path.join(unpacked, 'resources'), { recursive: true }).map(String).filter((f) => f.endsWith('.node'));
    expect([...files.filter((f) => f.endsWith('.node')), ...nodeAddons]).toEqual([]);

    const wire = await getCurrentFuseWire(path.join(unpacked, 'spilno'));
    expect(wire[FuseV1Options.RunAsNode!]).toBe(DISABLED);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable!]).toBe(DISABLED);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments!]).toBe(DISABLED);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar!]).toBe(ENABLED);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation!]).toBe(ENABLED);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges!]).toBe(DISABLED);
  }, 300_000);
});
