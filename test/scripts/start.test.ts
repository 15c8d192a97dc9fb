import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spilno-start-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('npm start without the Electron runtime', () => {
  it('says so in one line, serves browser mode on the given port and data dir, and stops on SIGTERM', async () => {
    const dataDir = path.join(tmp, 'data');
    // An empty Electron dist folder: the runtime is "not installed" even on a machine that has it.
    const noElectron = fs.mkdtempSync(path.join(tmp, 'electron-dist-'));
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs'), '--data-dir', dataDir, '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: noElectron },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        const m = /Spilno browser mode: (\S+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`start.mjs exited with ${code}\n${stdout}\n${stderr}`)));
    });
    try {
      const lines = stdout.split('\n').filter(Boolean);
      const notices = lines.filter((l) => /Electron runtime is not installed/.test(l));
      expect(notices).toHaveLength(1);
      expect(lines.indexOf(notices[0]!)).toBeLessThan(lines.findIndex((l) => l.startsWith('Spilno browser mode:')));
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+$/);

      const origin = new URL(url).origin;
      const token = /#token=(.+)$/.exec(url)![1]!;
      const page = await fetch(`${origin}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('<div id="root">');

      const api = (headers: Record<string, string>) =>
        fetch(`${origin}/api/system/info`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
      expect((await api({})).status).toBe(401);
      const info = await api({ 'x-spilno-token': token });
      expect(info.status).toBe(200);
      expect(await info.json()).toMatchObject({ ok: true, value: { mode: 'browser', dataDir } });
      expect(fs.existsSync(path.join(dataDir, 'spilno.db'))).toBe(true);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 300_000);
});
