import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ExchangeDraft } from '../../../shared/domain/exchange.js';
import { OperationDraft } from '../../../shared/domain/operation.js';
import { runCli } from '../../../electron/cli/main.js';
import { openServiceContext } from '../../../electron/services/context.js';
import { createExchange } from '../../../electron/services/exchange.js';
import { createOperation } from '../../../electron/services/operations.js';
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

/** Two operations in May 2030 and one late notification. */
function seed(): string {
  const dir = tempDataDir('spilno-cli-stats-');
  dirs.push(dir);
  const ctx = openServiceContext({ dataDir: dir, mode: 'cli' });
  try {
    for (const [codeName, day] of [['АЛЬФА', '05'], ['БЕТА', '20']] as const) {
      createOperation(ctx, OperationDraft.parse({
        codeName, type: 'joint_patrol', leadAgencyId: 'DPSU', participatingAgencyIds: ['DMS'], formality: 'informal',
        startsAt: `2030-05-${day}T06:00:00Z`, endsAt: `2030-05-${day}T18:00:00Z`,
      }));
    }
    createExchange(ctx, ExchangeDraft.parse({
      kind: 'art558_notification', fromAgencyId: 'DMS', toAgencyId: 'NPU', subject: 'Повідомлення', legalBasis: 'ст. 558 МК України',
      sentAt: '2030-05-06T09:00:00Z', dueAt: '2030-05-07T09:00:00Z', acknowledgedAt: '2030-05-08T09:00:00Z',
    }));
  } finally {
    ctx.db.close();
  }
  return dir;
}

describe('spilno stats', () => {
  it('prints the figures as text, JSON and CSV', async () => {
    const dir = seed();
    const text = await cli('stats', '--from', '2030-05-01', '--to', '2030-05-31', '--data-dir', dir);
    expect(text.code).toBe(0);
    expect(text.out).toContain('2 операції, 0 завдань; ст. 558: вчасно 0, із запізненням 1, відсутні 0');
    expect(text.out).toContain('Операції за видом:\n  Спільне патрулювання: 2');
    const json = await cli('stats', '--from', '2030-05-01', '--to', '2030-05-10', '--json', '--data-dir', dir);
    const s = JSON.parse(json.out) as { operations: { total: number }; art558: { late: number } };
    expect([s.operations.total, s.art558.late]).toEqual([1, 1]);
    const csv = await cli('stats', '--from', '2030-05-01', '--to', '2030-05-31', '--csv', '--lang', 'en', '--data-dir', dir);
    expect(csv.out.split('\r\n')).toContain('Operations by agency: led or took part,SBGS,Led,2');
    expect(csv.out.split('\r\n')).toContain('Formal and informal interaction,Informal,Operations,2');
  });

  it('refuses a malformed or reversed period with usage', async () => {
    const dir = seed();
    const bad = await cli('stats', '--from', '2030-02-30', '--to', '2030-05-31', '--data-dir', dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Usage: spilno stats');
    const reversed = await cli('stats', '--from', '2030-05-31', '--to', '2030-05-01', '--data-dir', dir);
    expect(reversed.code).toBe(2);
    expect((await cli('stats', '--from', '2030-05-01', '--to', '2030-05-31', '--json', '--csv', '--data-dir', dir)).code).toBe(2);
  });
});
