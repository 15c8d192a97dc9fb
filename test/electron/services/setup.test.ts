import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import type { CliIo } from '../../../electron/cli/cli-kit.js';
import { runCli } from '../../../electron/cli/main.js';
import { listAudit } from '../../../electron/services/audit.js';
import { openServiceContext } from '../../../electron/services/context.js';
import { createIdentity } from '../../../electron/sync/identity.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';
import { testProtector } from '../sync/sync-helpers.js';

let t: TempContext;
beforeEach(() => {
  t = openTempContext();
});
afterEach(() => t.cleanup());

const silent = () => {};
async function call<T>(domain: string, method: string, input: unknown): Promise<T> {
  const r = await dispatch(t.ctx, domain, method, input, silent);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { apiError: r.error });
  return r.value as T;
}
async function refusal(domain: string, method: string, input: unknown) {
  const r = await dispatch(t.ctx, domain, method, input, silent);
  if (r.ok) throw new Error(`${domain}.${method} was accepted`);
  return r.error;
}

interface Setup { needed: boolean; agencyId: string; unitName: string; operatorName: string; agencyFixed: boolean; demoOperationId?: string | null }
const POLICE = { agencyId: 'NPU', unitName: 'Відділ поліції', operatorName: 'Бондар С. В.' };

describe('first-run setup', () => {
  it('a new store asks; the answer becomes this installation\'s agency, unit and operator at once', async () => {
    expect(await call<Setup>('system', 'setup', {})).toEqual({ needed: true, agencyId: 'DMS', unitName: '', operatorName: '', agencyFixed: false });
    const done = await call<Setup>('system', 'completeSetup', POLICE);
    expect(done).toMatchObject({ needed: false, ...POLICE, agencyFixed: false, demoOperationId: null });
    // The running context works as the police unit now: its edits are judged as NPU's.
    expect(t.ctx.agencyId).toBe('NPU');
    expect(t.ctx.unitName).toBe('Відділ поліції');
    expect((await call<{ name: string }>('audit', 'operator', {})).name).toBe('Бондар С. В.');
    expect(listAudit(t.ctx.db, { limit: 50 }).map((e) => e.action)).toContain('system.completeSetup');
    // And so does the next process that opens the folder.
    const again = t.reopen();
    expect([again.agencyId, again.unitName]).toEqual(['NPU', 'Відділ поліції']);
  });

  it('can load the demo as it finishes', async () => {
    const done = await call<Setup>('system', 'completeSetup', { ...POLICE, loadDemo: true });
    expect(done.demoOperationId).toMatch(/\S/);
    expect(done.agencyFixed).toBe(true);
    const ops = await call<{ id: string }[]>('operations', 'list', {});
    // The upcoming operation and the completed one with results.
    expect(ops).toHaveLength(2);
    expect(ops.map((o) => o.id)).toContain(done.demoOperationId);
  });

  it('fixes the agency once the store recorded anything, and says so; the unit and operator still change', async () => {
    await call('system', 'completeSetup', POLICE);
    await call('system', 'loadDemo', {});
    const setup = await call<Setup>('system', 'setup', {});
    expect(setup.agencyFixed).toBe(true);
    const refused = await refusal('system', 'completeSetup', { ...POLICE, agencyId: 'SBU' });
    expect(refused.code).toBe('conflict');
    expect(refused.details).toMatchObject({ messageKey: 'setup.agencyFixed', params: { agency: 'NPU' } });
    expect(t.ctx.agencyId).toBe('NPU');
    const renamed = await call<Setup>('system', 'completeSetup', { ...POLICE, unitName: 'Сектор протидії наркозлочинності' });
    expect(renamed.unitName).toBe('Сектор протидії наркозлочинності');
  });

  it('fixes the agency once this unit has sync keys', async () => {
    await createIdentity(t.ctx, testProtector());
    expect((await call<Setup>('system', 'setup', {})).agencyFixed).toBe(true);
    expect((await refusal('system', 'completeSetup', POLICE)).code).toBe('conflict');
  });

  it('refuses an unknown agency and text the policy forbids, changing nothing', async () => {
    expect((await refusal('system', 'completeSetup', { ...POLICE, agencyId: 'NOPE' })).code).toBe('not_found');
    const bad = await refusal('system', 'completeSetup', { ...POLICE, unitName: 'Відділ\u202Eполіції', operatorName: '' });
    expect(bad.code).toBe('invalid_input');
    expect(bad.issues?.map((i) => i.path.join('.')).sort()).toEqual(['operatorName', 'unitName']);
    expect(await call<Setup>('system', 'setup', {})).toMatchObject({ needed: true, agencyId: 'DMS', unitName: '' });
  });

  it('`spilno init --agency` answers it for scripted installations; a store already in use is not asked', async () => {
    t.ctx.db.close();
    let out = '';
    const io: CliIo = { out: (l) => (out += l), err: () => {} };
    expect(await runCli(['init', '--data-dir', t.dataDir, '--agency', 'DPSU', '--unit', 'Відділ «Ягодин»'], io)).toBe(0);
    const scripted = t.reopen();
    expect(await dispatch(scripted, 'system', 'setup', {}, silent)).toMatchObject({ ok: true, value: { needed: false, agencyId: 'DPSU', unitName: 'Відділ «Ягодин»' } });

    // A store from before this question existed, with a plan in it: set up by whoever made it.
    const older = openTempContext();
    try {
      expect((await dispatch(older.ctx, 'system', 'loadDemo', {}, silent)).ok).toBe(true);
      older.ctx.db.prepare("DELETE FROM meta WHERE key = 'site_setup_done'").run();
      const reopened = openServiceContext({ dataDir: older.dataDir, mode: 'cli' });
      expect(await dispatch(reopened, 'system', 'setup', {}, silent)).toMatchObject({ ok: true, value: { needed: false } });
      reopened.db.close();
    } finally {
      older.cleanup();
    }
  });
});
