/**
 * Where the Electron build of better-sqlite3 lives.
 *
 * The addon in node_modules is compiled for Node (tests, CLI, browser mode); Electron needs one
 * compiled for its own ABI, built on a machine with internet by scripts/build-native-electron.sh
 * into `resources/native/<platform>-<arch>/`. Packaged apps carry that folder as an extra
 * resource outside the ASAR (a .node file cannot be loaded from inside one); development runs
 * take it from the repository. Keeping the two builds apart means no "rebuild" step can ever
 * replace the Node build the tests use.
 */
import fs from 'node:fs';
import path from 'node:path';

export const NATIVE_ADDON_FILE = 'better_sqlite3.node';

export interface NativeBindingPlaces {
  /** `process.resourcesPath` of the running Electron. */
  resourcesPath: string;
  /** `app.getAppPath()`: the repository in development, app.asar when packaged. */
  appPath: string;
  platform: string;
  arch: string;
}

export function nativeBindingCandidates(p: NativeBindingPlaces): string[] {
  const folder = `${p.platform}-${p.arch}`;
  return [
    path.join(p.resourcesPath, 'native', folder, NATIVE_ADDON_FILE),
    path.join(p.appPath, 'resources', 'native', folder, NATIVE_ADDON_FILE),
  ];
}

/** The first existing candidate, or undefined (better-sqlite3 then tries its own build). */
export function findNativeBinding(p: NativeBindingPlaces, exists: (file: string) => boolean = fs.existsSync): string | undefined {
  return nativeBindingCandidates(p).find((file) => exists(file));
}
