import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskCreate } from '../../../shared/api/tasks.js';
import { PersonDraft } from '../../../shared/domain/directory.js';
import { OperationDraft } from '../../../shared/domain/operation.js';
import { runCli } from '../../../electron/cli/main.js';
import { scanOperation } from '../../../electron/services/conflicts.js';
import { openServiceContext } from '../../../electron/services/context.js';
import { createPerson } from '../../../electron/services/directory.js';
import { createOperation } from '../../../electron/services/operations.js';
import { createTask } from '../../../electron/services/tasks.js';
import { describeConflict } from '../../../shared/scheduling/describe.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Two operations sharing an investigator at overlapping times (accepted with an override). */
function seed(): { dir: string; opA: string } {
  const dir = tempDataDir('spilno-cli-conflicts-');
  dirs.push(dir);
  const ctx = openServiceContext({ dataDir: dir, mode: 'cli' });
  try {
    const op = (codeName: string) => createOperation(ctx, OperationDraft.parse({
      codeName, type: 'joint_patrol', leadAgencyId: 'NPU', formality: 'informal',
      startsAt: '2030-01-05T00:00:00Z', endsAt: '2030-01-06T00:00:00Z',
      subjects: [{ kind: 'container', number: 'CSQU3054383' }],
    })).id;
    const opA = op('АЛЬФА');
    const opB = op('БЕТА');
    const p = createPerson(ctx, PersonDraft.parse({ agencyId: 'NPU', fullName: 'Бондар Сергій' })).id;
    const task = (operationId: string, extra: object = {}) => createTask(ctx, TaskCreate.parse({
      operationId, title: `Патруль ${operationId === opA ? 'А' : 'Б'}`, type: 'patrol', accountableAgencyId: 'NPU',
      personIds: [p], startsAt: '2030-01-05T08:00:00Z', endsAt: '2030-01-05T10:00:00Z', ...extra,
    }));
    task(opA);
    task(opB, { override: { reason: 'Резерв відсутній' } });
    return { dir, opA };
  } finally {
    ctx.db.close();
  }
}

describe('spilno conflicts', () => {
  it('prints the same conflict text the workspace shows, in Ukrainian by default and in English', async () => {
    const { dir, opA } = seed();
    const uk = await cli('conflicts', '--data-dir', dir);
    expect(uk.code).toBe(0);
    expect(uk.out).toContain('Блокують: 1');
    expect(uk.out).toContain('Бондар Сергій одночасно залучений(а)');
    expect(uk.out).toContain('Прийнято з обґрунтуванням: Резерв відсутній');
    expect(uk.out).toContain('Спільний об’єкт інтересу: CSQU3054383');
    const en = await cli('conflicts', '--data-dir', dir, '--lang', 'en', '--operation', opA);
    expect(en.out).toContain('Бондар Сергій is booked for');
    expect(en.out).toContain('Shared subject of interest: CSQU3054383');

    const ctx = openServiceContext({ dataDir: dir, mode: 'cli' });
    const ui = scanOperation(ctx, opA).conflicts.map((c) => describeConflict('en', c).message);
    ctx.db.close();
    for (const line of ui) expect(en.out).toContain(line);
  });

  it('answers JSON with conflicts, their text and the alerts', async () => {
    const { dir } = seed();
    const r = await cli('conflicts', '--data-dir', dir, '--json', '--lang', 'en');
    const parsed = JSON.parse(r.out) as { blocking: number; conflicts: { rule: string; text: { message: string } }[]; alerts: { kind: string }[] };
    expect(parsed.blocking).toBe(1);
    expect(parsed.conflicts[0]!.rule).toBe('double_booking');
    expect(parsed.conflicts[0]!.text.message).toContain('is booked for');
    expect(parsed.alerts.map((a) => a.kind)).toEqual(['subject']);
  });

  it('rejects an unknown language and an unknown operation', async () => {
    const { dir } = seed();
    expect((await cli('conflicts', '--data-dir', dir, '--lang', 'de')).code).toBe(2);
    const missing = await cli('conflicts', '--data-dir', dir, '--operation', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('not_found');
  });

  it('runs from the built binary', () => {
    const { dir } = seed();
    const bin = path.resolve('bin/spilno.js');
    const r = spawnSync(process.execPath, [bin, 'conflicts', '--data-dir', dir, '--lang', 'en'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Blocking: 1, warnings: 0');
  });
});
