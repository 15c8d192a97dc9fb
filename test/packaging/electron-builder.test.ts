import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// electron-builder's own loader and JSON-schema validator, offline: no packaging, no downloads.
const require = createRequire(import.meta.url);
// electron-builder's configuration is untyped JSON here (its own types are not exported).
/* eslint-disable @typescript-eslint/no-explicit-any */
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Record<string, any>>;
  validateConfiguration(config: Record<string, any>, logger: unknown): Promise<void>;
};
/* eslint-enable @typescript-eslint/no-explicit-any */
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONFIG = path.join(ROOT, 'electron-builder.yml');

async function load(file: string) {
  const config = await getConfig(ROOT, file, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('electron-builder.yml', () => {
  it('matches electron-builder’s schema', async () => {
    await expect(load(CONFIG)).resolves.toBeTruthy();
  });

  it('builds AppImage and deb, NSIS, dmg from an ASAR, without rebuilding native modules', async () => {
    const c = await load(CONFIG);
    expect(c.linux.target).toEqual(['AppImage', 'deb']);
    expect(c.win.target).toEqual(['nsis']);
    expect(c.mac.target).toEqual(['dmg']);
    expect(c.asar).toBe(true);
    expect(c.npmRebuild).toBe(false);
    expect(c.nodeGypRebuild).toBe(false);
    // getConfig normalises the list into one file set.
    const files = (c.files as { filter: string[] }[]).flatMap((set) => set.filter);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/electron/**/*', 'dist/renderer/**/*']));
    expect(files.filter((f) => !f.startsWith('!') && !f.startsWith('dist/') && f !== 'package.json')).toEqual([]);
    expect(c.extraResources).toEqual([{ from: 'resources/native', to: 'native', filter: ['**/*.node'] }]);
  });

  it('gives the installers the app icon: a 512×512 PNG in the build resources', async () => {
    const c = await load(CONFIG);
    const png = fs.readFileSync(path.join(ROOT, c.directories.buildResources as string, 'icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('flips the fuses that close code-injection paths', async () => {
    const c = await load(CONFIG);
    expect(c.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('the validator does reject a misspelt option (so the checks above mean something)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spilno-builder-'));
    try {
      const bad = path.join(dir, 'bad.yml');
      fs.writeFileSync(bad, fs.readFileSync(CONFIG, 'utf8').replace('runAsNode: false', 'runAsNod: false'));
      await expect(load(bad)).rejects.toThrow(/electronFuses/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
