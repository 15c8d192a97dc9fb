import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NATIVE_ADDON_FILES, findNativeBinding, nativeBindingCandidates } from '../../../electron/main/native-binding.js';

const places = { resourcesPath: '/opt/Spilno/resources', appPath: '/opt/Spilno/resources/app.asar', platform: 'linux', arch: 'x64' };

describe('native binding location', () => {
  it('prefers the packaged extra resource, then the repository folder', () => {
    expect(nativeBindingCandidates(places, 'sqlite')).toEqual([
      path.join('/opt/Spilno/resources', 'native', 'linux-x64', 'better_sqlite3.node'),
      path.join('/opt/Spilno/resources/app.asar', 'resources', 'native', 'linux-x64', 'better_sqlite3.node'),
    ]);
    expect(nativeBindingCandidates(places, 'cipher')[0]).toBe(
      path.join('/opt/Spilno/resources', 'native', 'linux-x64', 'better_sqlite3_multiple_ciphers.node'),
    );
  });

  it('answers the first existing file, or undefined so better-sqlite3 falls back to its own build', () => {
    const [packaged, dev] = nativeBindingCandidates(places, 'sqlite');
    expect(findNativeBinding(places, 'sqlite', (f) => f === dev)).toBe(dev);
    expect(findNativeBinding(places, 'sqlite', () => true)).toBe(packaged);
    expect(findNativeBinding(places, 'sqlite', () => false)).toBeUndefined();
  });
});

describe('native build script', () => {
  it('builds every addon the main process looks for, from packages the app depends on', () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const script = fs.readFileSync(path.join(root, 'scripts/build-native-electron.mjs'), 'utf8');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const written = [...script.matchAll(/'([\w-]+)': '([\w.]+\.node)'/g)].map((m) => [m[1]!, m[2]!] as const);
    expect(written.map(([, file]) => file).sort()).toEqual(Object.values(NATIVE_ADDON_FILES).sort());
    for (const [name] of written) expect(pkg.dependencies[name], name).toBeDefined();
  });
});
