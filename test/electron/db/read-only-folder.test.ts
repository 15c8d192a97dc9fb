/**
 * A data folder the user cannot write, for real: tests run as root (where chmod blocks
 * nothing), so the check runs in a child process as uid nobody over a folder made read-only.
 * The file stays in WAL mode, as the app leaves it: SQLite must still read it without being
 * able to create the -shm file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath } from '../../../electron/db/connection.js';
import { openServiceContext } from '../../../electron/services/context.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const CHILD = fileURLToPath(new URL('../../helpers/read-only-child.mjs', import.meta.url));
const NOBODY = 65534;
const draft = {
  codeName: 'ГРАНІТ', type: 'joint_search', leadAgencyId: 'NPU', participatingAgencyIds: ['DMS', 'NPU'],
  startsAt: '2026-12-05T06:00:00Z', endsAt: '2026-12-05T18:00:00Z', legalBasis: 'ухвала',
};

/**
 * The child (uid nobody) must reach the checkout to load dist/ and node_modules; a checkout in
 * a mktemp folder (mode 0700) hides it. Grant search (o+x, not read) on the ancestors that lack
 * it for the duration of the test, and put the modes back afterwards.
 */
function letOthersTraverse(from: string): Array<[string, number]> {
  const changed: Array<[string, number]> = [];
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      fs.chmodSync(dir, mode | 0o001);
      changed.push([dir, mode]);
    }
    if (path.dirname(dir) === dir) return changed;
  }
}

describe('read-only data folder', () => {
  const dataDir = tempDataDir('spilno-ro-');
  const restoreModes = process.getuid?.() === 0 ? letOthersTraverse(fileURLToPath(new URL('../../..', import.meta.url))) : [];
  afterAll(() => {
    for (const [dir, mode] of restoreModes) fs.chmodSync(dir, mode);
    fs.chmodSync(dataDir, 0o755);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens read-only, answers read_only to writes, keeps reading, changes nothing', () => {
    const ctx = openServiceContext({ dataDir, mode: 'cli' });
    loadDemo(ctx);
    ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    ctx.db.close();
    const file = databasePath(dataDir);
    const before = fs.readFileSync(file);
    fs.chmodSync(file, 0o444);
    fs.chmodSync(dataDir, 0o555);
    const out = execFileSync(process.execPath, [CHILD, dataDir, JSON.stringify(draft)], {
      // As root chmod blocks nothing, so the child drops to nobody; anyone else is blocked as is.
      ...(process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {}), encoding: 'utf8', timeout: 60_000,
    });
    const r = JSON.parse(out) as {
      durability: { writable: boolean; blockedBy: string }; write: { ok: boolean; error?: { code: string } };
      readCount: number; status: string; exported: unknown;
    };
    expect(r.durability).toMatchObject({ writable: false, blockedBy: 'read_only' });
    expect(r.write).toMatchObject({ ok: false, error: { code: 'read_only' } });
    expect(r.readCount).toBe(1);
    expect(r.status).toBe('read_only');
    expect(r.exported).toMatchObject({ ok: false, error: { code: 'read_only', details: { messageKey: 'exports.cannotRecord' } } });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dataDir).filter((f) => f !== path.basename(file))).toEqual([]);
  });
});
