#!/usr/bin/env node
// The `spilno` command. Runs the compiled CLI (npm install builds it through `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/electron/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('Spilno is not built yet: run "npm run build" first.\n');
  process.exit(1);
}
// A reader that stops early (`spilno inbox | head`) closes the pipe: the listing ends there,
// quietly, instead of dying on the next write with an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const { runCli, processIo } = await import(entry.href);
process.exitCode = await runCli(process.argv.slice(2), processIo);
