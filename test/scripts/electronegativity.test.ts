import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/electronegativity.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spilno-eng-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function runGate(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, ...args], { cwd: ROOT });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout };
  }
}

// One scan is ~11–20 s (the tool tries the network and gives up); both run at once.
describe('Electronegativity gate', () => {
  it('passes the shell, fails a deliberately insecure main process, and refuses files it would skip', async () => {
    const insecure = path.join(tmp, 'insecure');
    fs.mkdirSync(insecure);
    fs.writeFileSync(
      path.join(insecure, 'main.js'),
      "const { BrowserWindow } = require('electron');\n" +
        "const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });\n" +
        "win.loadURL('http://example.org/');\n",
    );
    // Syntax the tool's parser rejects: it would skip the file silently; the gate must not.
    const unparsable = path.join(tmp, 'unparsable');
    fs.mkdirSync(unparsable);
    fs.writeFileSync(path.join(unparsable, 'main.js'), 'class Store { static accessor cache = new Map(); }\n');
    fs.writeFileSync(path.join(unparsable, 'preload.cjs'), "require('electron');\n");
    const [shell, bad, skipped] = await Promise.all([runGate(), runGate(insecure), runGate(unparsable)]);

    expect(shell.stdout).toMatch(/Electronegativity: 0 finding\(s\), \d+ reviewed\./);
    expect(shell.stdout).not.toContain('FINDING');
    expect(shell.code).toBe(0);

    expect(bad.code).toBe(1);
    for (const rule of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'HTTP_RESOURCES_JS_CHECK']) {
      expect(bad.stdout).toMatch(new RegExp(`FINDING\\s+${rule} main\\.js`));
    }

    expect(skipped.code).toBe(1);
    expect(skipped.stdout).toMatch(/UNSCANNED main\.js: cannot be parsed/);
    expect(skipped.stdout).toMatch(/UNSCANNED preload\.cjs: extension not scanned/);
  }, 240_000);
});
