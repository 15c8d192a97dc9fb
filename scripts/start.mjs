// `npm start`: build if needed, then run the desktop app if the Electron runtime is installed,
// otherwise say so in one line and serve browser mode instead (same UI, same API, same data
// folder options). Arguments after `npm start --` go to browser mode (--data-dir, --port).
//
// The runtime is detected without `require('electron')`: that module tries to download the
// binary when it is missing, which hangs or fails on an offline machine.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SOURCES = ['shared', 'electron', 'renderer'].map((d) => path.join(root, d));
const OUTPUTS = ['dist/electron/main/main.js', 'dist/electron/preload/preload.cjs', 'dist/electron/cli/main.js', 'dist/renderer/index.html']
  .map((f) => path.join(root, f));
// Written by every build (tsc -b touches its build info even when no output changed).
const STAMPS = ['dist/.tsbuild/shared.tsbuildinfo', 'dist/.tsbuild/electron.tsbuildinfo', 'dist/renderer/index.html']
  .map((f) => path.join(root, f));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  if (![...OUTPUTS, ...STAMPS].every((f) => fs.existsSync(f))) return true;
  const built = Math.min(...STAMPS.map((f) => fs.statSync(f).mtimeMs));
  return Math.max(...SOURCES.map(newestMtime)) > built;
}

/** The Electron executable if its runtime is installed, else null (mirrors electron/index.js). */
function electronBinary() {
  let pkgDir;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const relative = fs.readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist');
  const binary = path.join(dist, relative);
  return fs.existsSync(binary) ? binary : null;
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  // npm and terminals send the signal to the whole group; forwarding covers a plain `kill`.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (buildIsStale()) {
  try {
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  } catch {
    console.error('The build failed (errors above); nothing was started.');
    process.exit(1);
  }
}

const args = process.argv.slice(2);
const electron = electronBinary();
if (electron) {
  run(electron, [root, ...args]);
} else {
  console.log('Electron runtime is not installed (node_modules/electron has no binary); starting browser mode instead.');
  run(process.execPath, [path.join(root, 'bin/spilno.js'), 'web', ...args]);
}
