/**
 * `spilno inbox` speaks the planner's language — unit names, code names, task titles, field
 * labels, never site ids or row UUIDs — counts distinct problems, and survives a reader that
 * closes the pipe early (`spilno inbox | head`).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExchangeDraft } from '../../../shared/domain/exchange.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { runCli } from '../../../electron/cli/main.js';
import { appendChanges } from '../../../electron/db/repos/change-log.repo.js';
import { transact } from '../../../electron/services/context.js';
import { createTask, updateTask } from '../../../electron/services/tasks.js';
import { materialiseRows } from '../../../electron/sync/apply.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { newOperation, send, syncFixtures, trustAll, type Unit } from './sync-helpers.js';

const fx = syncFixtures();
const BIN = path.resolve('bin/spilno.js');

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Exchange entries between two other agencies, recorded by `u` past the local check (as an
 *  older or hostile build would): every peer refuses them. */
function entriesNobodyMayRecord(u: Unit, n: number): void {
  transact(u.ctx, () => {
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      const entry = { ...ExchangeDraft.parse({
        kind: 'art558_information', fromAgencyId: 'SBU', toAgencyId: 'DPSU', subject: `Відомості про вантаж ${i}`,
        legalBasis: 'ст. 558 МКУ', handlingCode: 'H0',
      }), createdAt: u.ctx.now().toISOString() };
      const hlc = u.ctx.clock.tick();
      appendChanges(u.ctx.db, Object.entries(entry).map(([field, v]) => ({
        hlc, siteId: u.ctx.siteId, entity: 'exchange' as const, rowId: id, field, value: JSON.stringify(v), operationId: null,
      })));
      materialiseRows(u.ctx.db, [{ entity: 'exchange', rowId: id }]);
    }
  });
}

describe('spilno inbox', () => {
  it('names units, operations, tasks and fields; counts distinct problems', async () => {
    const npu = await fx.unit('NPU', 'Відділ поліції «Ковель»');
    const sbu = await fx.unit('SBU', 'Управління СБУ у Волинській області');
    trustAll([npu, sbu]);
    const op = newOperation(npu.ctx, { codeName: 'ГРАНІТ', participatingAgencyIds: ['SBU'] });
    const task = createTask(npu.ctx, TaskDraft.parse({
      operationId: op.id, title: 'Супровід вантажу', type: 'escort', accountableAgencyId: null,
      startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
    }));
    const dir = fx.dir();
    await importBundle(sbu.ctx, { path: (await send(npu, [sbu], dir)).file });
    updateTask(npu.ctx, { id: task.id, patch: { startsAt: '2026-12-05T08:30:00Z' } });
    updateTask(sbu.ctx, { id: task.id, patch: { startsAt: '2026-12-05T09:00:00Z' } });
    entriesNobodyMayRecord(npu, 1);
    await importBundle(sbu.ctx, { path: (await send(npu, [sbu], dir)).file });
    // Brought again: still one problem.
    await importBundle(sbu.ctx, { path: (await send(npu, [sbu], dir, { full: true })).file });

    const ids = [npu.ctx.siteId, sbu.ctx.siteId, op.id, task.id];
    const uk = await cli('inbox', '--data-dir', sbu.dataDir);
    expect(uk.code).toBe(0);
    for (const id of ids) expect(uk.out).not.toContain(id);
    expect(uk.out).toContain('Конфлікти синхронізації: 1');
    expect(uk.out).toContain('1. завдання «Супровід вантажу» в операції ГРАНІТ — Початок');
    expect(uk.out).toMatch(/1\* 2026-12-05T09:00:00\.000Z — Управління СБУ у Волинській області \(СБУ\)/);
    expect(uk.out).toMatch(/2 {2}2026-12-05T08:30:00\.000Z — Відділ поліції «Ковель» \(НПУ\)/);
    expect(uk.out).toContain('Карантин: проблем — 1, змін — 17');
    expect(uk.out).toContain('✕ запис журналу обміну «Відомості про вантаж 0» [');
    expect(uk.out).toContain('Від органу');
    expect(uk.out).toContain('Ваш орган (НПУ) не є ні відправником, ні одержувачем цього запису обміну.');
    expect(uk.out).toMatch(/Від: Відділ поліції «Ковель» \(НПУ\); відхилено \(змін: 17; надходило разів: 2\)/);
    const en = await cli('inbox', '--data-dir', sbu.dataDir, '--lang', 'en');
    expect(en.out).toContain('1. task «Супровід вантажу» in operation ГРАНІТ — Start');
    expect(en.out).toContain('Quarantine: 1 problems, 17 changes');
    expect(en.out).toContain('Your agency (NPU) is neither the sender nor the recipient of this exchange entry.');
  });

  it('a reader that stops early ends the listing quietly, with no EPIPE stack trace', async () => {
    const npu = await fx.unit('NPU');
    const sbu = await fx.unit('SBU');
    trustAll([npu, sbu]);
    // Hundreds of problems: far more output than a pipe holds.
    entriesNobodyMayRecord(npu, 400);
    await importBundle(sbu.ctx, { path: (await send(npu, [sbu], fx.dir())).file });
    sbu.ctx.db.close();
    // The built CLI, as a user runs it (npm test builds first).
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" inbox --data-dir "${sbu.dataDir}" | head -n 3`], { encoding: 'utf8' });
    expect(r.stdout.split('\n').slice(0, 3).join('\n')).toMatch(/^Конфлікти синхронізації: 0\nВідкритих конфліктів немає\.\nКарантин: проблем — 400, змін — 6800$/);
    expect(r.stderr).toBe('');
  });
});
