import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNativeBinding, nativeBindingCandidates } from '../../../electron/main/native-binding.js';

const places = { resourcesPath: '/opt/Spilno/resources', appPath: '/opt/Spilno/resources/app.asar', platform: 'linux', arch: 'x64' };

describe('native binding location', () => {
  it('prefers the packaged extra resource, then the repository folder', () => {
    expect(nativeBindingCandidates(places)).toEqual([
      path.join('/opt/Spilno/resources', 'native', 'linux-x64', 'better_sqlite3.node'),
      path.join('/opt/Spilno/resources/app.asar', 'resources', 'native', 'linux-x64', 'better_sqlite3.node'),
    ]);
  });

  it('answers the first existing file, or undefined so better-sqlite3 falls back to its own build', () => {
    const [packaged, dev] = nativeBindingCandidates(places);
    expect(findNativeBinding(places, (f) => f === dev)).toBe(dev);
    expect(findNativeBinding(places, () => true)).toBe(packaged);
    expect(findNativeBinding(places, () => false)).toBeUndefined();
  });
});
