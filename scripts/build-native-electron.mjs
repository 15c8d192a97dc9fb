// Builds the SQLite addons (better-sqlite3, and better-sqlite3-multiple-ciphers for stores
// encrypted at rest) for the Electron version in package.json and puts them in
// resources/native/<platform>-<arch>/ under the names electron/main/native-binding.ts expects,
// where the main process loads them through `nativeBinding` and electron-builder packs them
// beside app.asar.
//
// Run it ON A MACHINE WITH INTERNET, once per target platform/arch, before electron-builder:
//   node scripts/build-native-electron.mjs            (this machine's arch)
//   node scripts/build-native-electron.mjs --arch arm64
// It works on temporary copies of the packages, so the Node builds in node_modules (used by
// the tests, the CLI and browser mode) is never touched. It first asks prebuild-install for
// the published Electron binary of this ABI and falls back to compiling against Electron's
// headers with @electron/rebuild (needs Python and a C++ toolchain). Never run it on the
// offline build machine: both steps download, and npm there points node-gyp at Node's headers.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { values } = parseArgs({ options: { arch: { type: 'string', default: process.arch } } });
const arch = values.arch;
const electronVersion = require('electron/package.json').version;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Package → file name in resources/native/<platform>-<arch>/ (NATIVE_ADDON_FILES in native-binding.ts). */
const ADDONS = {
  'better-sqlite3': 'better_sqlite3.node',
  'better-sqlite3-multiple-ciphers': 'better_sqlite3_multiple_ciphers.node',
};

// Node's headers must not leak in from the npm config (npm_config_nodedir and friends).
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|arch)$/i.test(k)));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, env, stdio: 'inherit', shell: process.platform === 'win32' });
const target = path.join(root, 'resources', 'native', `${process.platform}-${arch}`);

for (const [pkg, file] of Object.entries(ADDONS)) {
  const version = require(`${pkg}/package.json`).version;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'spilno-native-'));
  try {
    fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'native-build', private: true }));
    run(npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund', `${pkg}@${version}`], work);
    const moduleDir = path.join(work, 'node_modules', pkg);
    try {
      run(npx, ['--yes', 'prebuild-install@7', '--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--verbose'], moduleDir);
    } catch {
      console.log(`No prebuilt ${pkg} for this Electron ABI; compiling against Electron headers.`);
      run(npx, ['--yes', '@electron/rebuild', '--version', electronVersion, '--arch', arch, '--module-dir', work, '--only', pkg, '--force'], work);
    }
    fs.mkdirSync(target, { recursive: true });
    fs.copyFileSync(path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), path.join(target, file));
    console.log(`${pkg} ${version} for Electron ${electronVersion} (${process.platform}-${arch}) → ${path.relative(root, path.join(target, file))}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
