// Builds better-sqlite3 for the Electron version in package.json and puts the addon in
// resources/native/<platform>-<arch>/better_sqlite3.node, where the main process loads it
// through `nativeBinding` and electron-builder packs it beside app.asar.
//
// Run it ON A MACHINE WITH INTERNET, once per target platform/arch, before electron-builder:
//   node scripts/build-native-electron.mjs            (this machine's arch)
//   node scripts/build-native-electron.mjs --arch arm64
// It works on a temporary copy of better-sqlite3, so the Node build in node_modules (used by
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
const sqliteVersion = require('better-sqlite3/package.json').version;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Node's headers must not leak in from the npm config (npm_config_nodedir and friends).
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|arch)$/i.test(k)));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, env, stdio: 'inherit', shell: process.platform === 'win32' });

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'spilno-native-'));
try {
  fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'native-build', private: true }));
  run(npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund', `better-sqlite3@${sqliteVersion}`], work);
  const moduleDir = path.join(work, 'node_modules', 'better-sqlite3');
  try {
    run(npx, ['--yes', 'prebuild-install@7', '--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--verbose'], moduleDir);
  } catch {
    console.log('No prebuilt binary for this Electron ABI; compiling against Electron headers.');
    run(npx, ['--yes', '@electron/rebuild', '--version', electronVersion, '--arch', arch, '--module-dir', work, '--only', 'better-sqlite3', '--force'], work);
  }
  const built = path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
  const target = path.join(root, 'resources', 'native', `${process.platform}-${arch}`);
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(built, path.join(target, 'better_sqlite3.node'));
  console.log(`better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${process.platform}-${arch}) → ${path.relative(root, target)}/better_sqlite3.node`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
