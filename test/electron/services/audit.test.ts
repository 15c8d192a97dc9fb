import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import type { CliIo } from '../../../electron/cli/cli-kit.js';
import { runCli } from '../../../electron/cli/main.js';
import { listAudit, recordAudit, verifyAudit } from '../../../electron/services/audit.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
beforeEach(() => {
  t = openTempContext();
});
afterEach(() => t.cleanup());

const silent = () => {};
const draft = {
  codeName: 'ГРАНІТ', type: 'joint_search', leadAgencyId: 'NPU', participatingAgencyIds: ['DMS', 'NPU'],
  startsAt: '2026-12-05T06:00:00Z', endsAt: '2026-12-05T18:00:00Z', legalBasis: 'ухвала слідчого судді',
};

async function createOps(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await dispatch(t.ctx, 'operations', 'create', { ...draft, codeName: `ОП-${i}` }, silent);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    ids.push((r.value as { id: string }).id);
  }
  return ids;
}

function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) };
  t.ctx.db.close();
  return runCli([...argv, '--data-dir', t.dataDir], io).then((code) => ({ code, out, err }));
}

describe('audit trail', () => {
  it('records each API mutation with who, where, what and which records, in the same transaction', async () => {
    const [id] = await createOps(1);
    const entries = listAudit(t.ctx.db, { limit: 10 });
    expect(entries).toHaveLength(1);
    const e = entries[0]!;
    expect(e).toMatchObject({ seq: 1, action: 'operations.create', operationId: id, siteId: t.ctx.siteId, agencyId: t.ctx.agencyId });
    expect(e.affected).toContain(`operation:${id}`);
    expect(e.actor.length).toBeGreaterThan(0);
    expect(e.inputDigest).toMatch(/^[0-9a-f]{64}$/);
    // Reads leave no entry; a failed mutation leaves none either.
    await dispatch(t.ctx, 'operations', 'list', {}, silent);
    const bad = await dispatch(t.ctx, 'operations', 'update', { id: 'nope', patch: { codeName: 'X' } }, silent);
    expect(bad.ok).toBe(false);
    expect(listAudit(t.ctx.db, { limit: 10 })).toHaveLength(1);
  });

  it('an audit entry never outlives a rolled-back mutation', async () => {
    await createOps(1);
    const pages = t.ctx.db.pragma('page_count', { simple: true }) as number;
    t.ctx.db.pragma(`max_page_count = ${pages}`);
    const r = await dispatch(t.ctx, 'system', 'loadDemo', {}, silent);
    expect(r.ok).toBe(false);
    t.ctx.db.pragma('max_page_count = 1073741823');
    expect(listAudit(t.ctx.db, { limit: 10 }).map((e) => e.action)).toEqual(['operations.create']);
    expect(verifyAudit(t.ctx.db).ok).toBe(true);
  });

  it('filters by operation, person and action', async () => {
    const [a, b] = await createOps(2);
    await dispatch(t.ctx, 'operations', 'update', { id: a, patch: { codeName: 'НОВА' } }, silent);
    recordAudit(t.ctx, { action: 'exports.briefing', operationId: b!, affected: [`operation:${b}`] });
    expect(listAudit(t.ctx.db, { operationId: a!, limit: 10 }).map((e) => e.action)).toEqual(['operations.update', 'operations.create']);
    expect(listAudit(t.ctx.db, { action: 'exports.', limit: 10 })).toHaveLength(1);
    const actor = listAudit(t.ctx.db, { limit: 1 })[0]!.actor;
    expect(listAudit(t.ctx.db, { actor, limit: 10 })).toHaveLength(4);
    expect(listAudit(t.ctx.db, { actor: `${actor}-someone-else`, limit: 10 })).toHaveLength(0);
    const facets = await dispatch(t.ctx, 'audit', 'facets', {}, silent);
    expect(facets.ok && (facets.value as { actions: string[] }).actions).toEqual(['exports.briefing', 'operations.create', 'operations.update']);
  });

  it('verify finds an edited entry and says where', async () => {
    await createOps(4);
    expect(verifyAudit(t.ctx.db)).toMatchObject({ ok: true, entries: 4 });
    t.ctx.db.prepare("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2").run();
    expect(verifyAudit(t.ctx.db)).toMatchObject({ ok: false, brokenAt: 2, problem: 'edited' });
  });

  it('verify finds an entry re-hashed after editing: the next link breaks', async () => {
    await createOps(4);
    const { entryHash } = await import('../../../electron/services/audit.js');
    const row = t.ctx.db.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as Parameters<typeof entryHash>[0] & { hash: string };
    const forged = { ...row, action: 'operations.remove' };
    t.ctx.db.prepare('UPDATE audit_log SET action = ?, hash = ? WHERE seq = 2').run(forged.action, entryHash(forged));
    expect(verifyAudit(t.ctx.db)).toMatchObject({ ok: false, brokenAt: 3, problem: 'reordered' });
  });

  it('verify finds a deleted entry', async () => {
    await createOps(5);
    t.ctx.db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(verifyAudit(t.ctx.db)).toMatchObject({ ok: false, brokenAt: 3, problem: 'missing' });
  });

  it('verify finds swapped entries', async () => {
    await createOps(4);
    const db = t.ctx.db;
    // Swap the content of entries 2 and 3, keeping their numbers.
    db.transaction(() => {
      db.prepare('UPDATE audit_log SET seq = 100 WHERE seq = 2').run();
      db.prepare('UPDATE audit_log SET seq = 2 WHERE seq = 3').run();
      db.prepare('UPDATE audit_log SET seq = 3 WHERE seq = 100').run();
    })();
    expect(verifyAudit(db)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('verify finds a truncated tail', async () => {
    await createOps(4);
    t.ctx.db.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    expect(verifyAudit(t.ctx.db)).toMatchObject({ ok: false, brokenAt: 4, problem: 'truncated' });
  });

  it('spilno audit verify exits 1 and names the break; exits 0 on an intact trail', async () => {
    await createOps(3);
    const ok = await cli(['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/All 3 entries are intact/);
    const ctx = t.reopen();
    ctx.db.prepare("UPDATE audit_log SET detail = 'x' WHERE seq = 2").run();
    const broken = await cli(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/BROKEN at entry 2 \(edited\)/);
    t.reopen();
  });

  it('exports are audited with the operation they export', async () => {
    const [id] = await createOps(1);
    const r = await dispatch(t.ctx, 'exports', 'ics', { operationId: id }, silent);
    expect(r.ok).toBe(true);
    const e = listAudit(t.ctx.db, { limit: 1 })[0]!;
    expect(e.action).toBe('exports.ics');
    expect(e.affected.join(' ')).toContain(id);
    expect(verifyAudit(t.ctx.db).ok).toBe(true);
  });

  it('records the operator set for this workstation, and the change of operator itself', async () => {
    expect(await dispatch(t.ctx, 'audit', 'setOperator', { name: 'ст. лейтенант Коваль' }, silent)).toMatchObject({ ok: true });
    await createOps(1);
    const [op, set] = listAudit(t.ctx.db, { limit: 2 });
    expect(op).toMatchObject({ action: 'operations.create', actor: 'ст. лейтенант Коваль' });
    expect(set!.action).toBe('audit.setOperator');
    expect(verifyAudit(t.ctx.db).ok).toBe(true);
  });

  it('CLI commands that write are audited under their name', async () => {
    const r = await cli(['demo']);
    expect(r.code).toBe(0);
    const ctx = t.reopen();
    expect(listAudit(ctx.db, { limit: 5 })[0]).toMatchObject({ action: 'cli.demo' });
  });
});
