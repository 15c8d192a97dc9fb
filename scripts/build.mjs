// Builds everything the app, the CLI and the end-to-end tests run: TypeScript projects
// (shared, electron, renderer type-check, and test/ type-checked), the SQL migrations beside
// the compiled code, and the renderer bundle.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

run(process.execPath, [bin('tsc'), '-b']);
// The tests are code too: type-checked with every build, not only when someone runs typecheck.
run(process.execPath, [bin('tsc'), '-p', 'test/tsconfig.json', '--noEmit']);
const from = path.join(root, 'electron/db/migrations');
const to = path.join(root, 'dist/electron/db/migrations');
// Mirrored, not only copied: a migration renumbered in a rebase must not linger under its old number.
fs.rmSync(to, { recursive: true, force: true });
fs.mkdirSync(to, { recursive: true });
for (const f of fs.readdirSync(from)) fs.copyFileSync(path.join(from, f), path.join(to, f));
if (!process.argv.includes('--no-renderer')) run(process.execPath, [bin('vite'), 'build', '--logLevel', 'warn']);
