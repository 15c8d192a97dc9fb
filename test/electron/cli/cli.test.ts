import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/main.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = tempDataDir('spilno-cli-');
  dirs.push(d);
  return d;
}

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('spilno CLI', () => {
  it('prints help listing the foundation commands', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['init', 'demo', 'operations list', 'web']) expect(r.out).toContain(c);
  });

  it('init → demo → operations list (text and JSON) over one data folder', async () => {
    const d = dataDir();
    expect((await cli('init', '--data-dir', d, '--agency', 'NPU', '--unit', 'ГУНП у Волинській області')).out).toContain('agency NPU');
    const demo = JSON.parse((await cli('demo', '--data-dir', d, '--json')).out) as { operationId: string };
    const text = await cli('operations', 'list', '--data-dir', d);
    expect(text.out).toContain('ЯНТАРНИЙ ШЛЯХ');
    const json = JSON.parse((await cli('operations', 'list', '--data-dir', d, '--json')).out) as { id: string; taskCount: number }[];
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ id: demo.operationId, taskCount: 11 });
  });

  it('errors go to stderr with a non-zero exit code', async () => {
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown command');
    const badOption = await cli('operations', 'list', '--nope');
    expect(badOption.code).toBe(2);
    expect(badOption.err).toMatch(/Unknown option/);
    const badAgency = await cli('init', '--data-dir', dataDir(), '--agency', 'XX');
    expect(badAgency.code).toBe(1);
    expect(badAgency.err).toContain('not_found');
  });

  it('the installed bin runs the built CLI as a separate process', () => {
    const bin = path.resolve('bin/spilno.js');
    const d = dataDir();
    execFileSync(process.execPath, [bin, 'demo', '--data-dir', d]);
    const list = execFileSync(process.execPath, [bin, 'operations', 'list', '--data-dir', d], { encoding: 'utf8' });
    expect(list).toContain('ЯНТАРНИЙ ШЛЯХ');
    const bad = spawnSync(process.execPath, [bin, 'nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Unknown command');
    expect(bad.stdout).toBe('');
  });
});
