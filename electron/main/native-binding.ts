/**
 * Where the Electron builds of the SQLite addons live.
 *
 * The addons in node_modules are compiled for Node (tests, CLI, browser mode); Electron needs
 * builds for its own ABI, made on a machine with internet by scripts/build-native-electron.mjs
 * into `resources/native/<platform>-<arch>/`. Packaged apps carry that folder as an extra
 * resource outside the ASAR (a .node file cannot be loaded from inside one); development runs
 * take it from the repository. Keeping the builds apart means no "rebuild" step can ever
 * replace the Node builds the tests use.
 */
import fs from 'node:fs';
import path from 'node:path';

/** File names in resources/native/<platform>-<arch>/ (scripts/build-native-electron.mjs writes them). */
export const NATIVE_ADDON_FILES = {
  /** better-sqlite3: the plain store. */
  sqlite: 'better_sqlite3.node',
  /** better-sqlite3-multiple-ciphers: the store encrypted at rest. */
  cipher: 'better_sqlite3_multiple_ciphers.node',
} as const;
export type NativeAddon = keyof typeof NATIVE_ADDON_FILES;

export interface NativeBindingPlaces {
  /** `process.resourcesPath` of the running Electron. */
  resourcesPath: string;
  /** `app.getAppPath()`: the repository in development, app.asar when packaged. */
  appPath: string;
  platform: string;
  arch: string;
}

export function nativeBindingCandidates(p: NativeBindingPlaces, addon: NativeAddon): string[] {
  const folder = `${p.platform}-${p.arch}`;
  const file = NATIVE_ADDON_FILES[addon];
  return [
    path.join(p.resourcesPath, 'native', folder, file),
    path.join(p.appPath, 'resources', 'native', folder, file),
  ];
}

/** The first existing candidate, or undefined (the driver then tries its own build). */
export function findNativeBinding(
  p: NativeBindingPlaces,
  addon: NativeAddon,
  exists: (file: string) => boolean = fs.existsSync,
): string | undefined {
  return nativeBindingCandidates(p, addon).find((file) => exists(file));
}
