import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/main.js';
import { initializeSite, openServiceContext } from '../../../electron/services/context.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { getOperationById, updateOperation } from '../../../electron/services/operations.js';
import { openDataDir } from '../../../electron/db/connection.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  delete process.env.SPILNO_PASSPHRASE;
  delete process.env.SPILNO_PASSPHRASE_FILE;
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function unitDir(agency: string): string {
  const d = tempDataDir('spilno-cli-sync-');
  dirs.push(d);
  const db = openDataDir(d);
  initializeSite(db, { agencyId: agency, unitName: `Unit ${agency}` });
  db.close();
  return d;
}

describe('spilno sync commands', () => {
  it('identity, cards, trust, bundle export/import with preview, inbox', async () => {
    // The demo is led by the police (a controlled delivery in their proceeding): their unit plans
    // it and shares it with customs.
    const a = unitDir('NPU');
    const b = unitDir('DMS');
    const work = tempDataDir('spilno-cli-files-');
    dirs.push(work);
    const passFile = path.join(work, 'pass');
    fs.writeFileSync(passFile, 'field-unit-passphrase\n');
    // The documented way for every command: a file, named in SPILNO_PASSPHRASE_FILE.
    process.env.SPILNO_PASSPHRASE_FILE = passFile;
    expect((await cli('identity', 'create', '--data-dir', a)).code).toBe(0);
    expect((await cli('identity', 'create', '--data-dir', b, '--passphrase-file', passFile)).code).toBe(0);
    const showA = JSON.parse((await cli('identity', 'show', '--data-dir', a, '--json')).out);
    const showB = JSON.parse((await cli('identity', 'show', '--data-dir', b, '--json')).out);
    expect(showA.fingerprint).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);

    const cardA = path.join(work, 'a.card');
    const cardB = path.join(work, 'b.card');
    expect((await cli('identity', 'export-card', '--out', cardA, '--data-dir', a)).code).toBe(0);
    expect((await cli('identity', 'export-card', '--out', cardB, '--data-dir', b)).code).toBe(0);
    expect(fs.readFileSync(cardA, 'utf8')).not.toMatch(/AGE-SECRET-KEY|PRIVATE/);
    const added = await cli('peers', 'add', cardB, '--data-dir', a);
    expect(added.out).toMatch(/pending/);
    await cli('peers', 'add', cardA, '--data-dir', b);

    // Export to an untrusted peer is refused; a wrong fingerprint does not trust.
    const bundle = path.join(work, 'a-to-b.spilno');
    const refused = await cli('bundle', 'export', '--to', showB.siteId, '--out', bundle, '--data-dir', a);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/not trusted/);
    expect((await cli('peers', 'trust', showB.siteId, '--fingerprint', 'AAAA-BBBB', '--data-dir', a)).code).not.toBe(0);
    expect((await cli('peers', 'trust', showB.siteId, '--fingerprint', showB.fingerprint.toLowerCase(), '--data-dir', a)).code).toBe(0);
    expect((await cli('peers', 'trust', showA.siteId, '--fingerprint', showA.fingerprint, '--data-dir', b)).code).toBe(0);
    expect((await cli('peers', 'list', '--data-dir', a)).out).toMatch(/trusted/);

    const ctx = openServiceContext({ dataDir: a, mode: 'cli' });
    const { operationId } = loadDemo(ctx);
    ctx.db.close();
    const exported = await cli('bundle', 'export', '--to', showB.siteId, '--out', bundle, '--data-dir', a);
    expect(exported.code).toBe(0);
    const preview = await cli('bundle', 'import', bundle, '--dry-run', '--data-dir', b, '--json');
    expect(preview.code).toBe(0);
    expect(JSON.parse(preview.out).perOperation.some((p: { operationId: string }) => p.operationId === operationId)).toBe(true);
    const imported = await cli('bundle', 'import', bundle, '--data-dir', b);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/Imported bundle/);
    expect((await cli('bundle', 'import', bundle, '--data-dir', b)).out).toMatch(/already imported/);
    expect((await cli('operations', 'list', '--data-dir', b)).out).toContain(operationId);
    expect((await cli('inbox', '--data-dir', b, '--lang', 'en')).out).toMatch(/No open conflicts\.\nQuarantine: 0 problems, 0 changes/);

    // A folder run says each step on stderr: the bundle it writes, then the one it checks.
    const outA = path.join(work, 'a-out');
    const folderA = await cli('bundle', 'sync-folders', '--outbox', outA, '--inbox', path.join(work, 'a-in'), '--data-dir', a);
    expect(folderA.code).toBe(0);
    expect(folderA.err).toContain(`step 1/1: writing the bundle for Unit DMS (${showB.siteId})`);
    const folderB = await cli('bundle', 'sync-folders', '--outbox', path.join(work, 'b-out'), '--inbox', path.join(outA, showB.siteId), '--auto', '--data-dir', b);
    expect(folderB.code).toBe(0);
    expect(folderB.err).toMatch(/step 2\/2: checking .*\.spilno/);

    // Police takes customs off the operation: customs' unit drops it on its next import, and
    // says so in the language asked for. (Police learns what customs holds from its bundle back.)
    const back = path.join(work, 'b-to-a.spilno');
    expect((await cli('bundle', 'export', '--to', showA.siteId, '--out', back, '--data-dir', b)).code).toBe(0);
    expect((await cli('bundle', 'import', back, '--data-dir', a)).code).toBe(0);
    const lead = openServiceContext({ dataDir: a, mode: 'cli' });
    const demo = getOperationById(lead, operationId);
    updateOperation(lead, operationId, { participatingAgencyIds: demo.participatingAgencyIds.filter((x) => x !== 'DMS') });
    lead.db.close();
    const leaving = path.join(work, 'a-to-b-leaving.spilno');
    expect((await cli('bundle', 'export', '--to', showB.siteId, '--out', leaving, '--data-dir', a)).code).toBe(0);
    const dropped = await cli('bundle', 'import', leaving, '--lang', 'uk', '--data-dir', b);
    expect(dropped.code).toBe(0);
    expect(dropped.out).toMatch(/Вийшло з поля зору вашого відомства і прибрано з цього підрозділу: операцій — 1, завдань — 0/);
    expect((await cli('operations', 'list', '--data-dir', b)).out).not.toContain(operationId);

    // Without the passphrase the keys stay locked.
    delete process.env.SPILNO_PASSPHRASE_FILE;
    const locked = await cli('bundle', 'import', bundle, '--data-dir', b);
    expect(locked.code).toBe(2);
    expect(locked.err).toMatch(/SPILNO_PASSPHRASE_FILE/);
    // A passphrase in clear in the environment still works, with a warning saying why not to.
    process.env.SPILNO_PASSPHRASE = 'field-unit-passphrase';
    const clear = await cli('identity', 'export-card', '--out', cardB, '--data-dir', b);
    expect(clear.code).toBe(0);
    expect(clear.err).toMatch(/^Warning: SPILNO_PASSPHRASE holds the passphrase in clear.*SPILNO_PASSPHRASE_FILE/);
  }, 180_000); // each command derives the key with the production scrypt cost
});

describe('secrets and the audit trail', () => {
  it('an input digest does not depend on a passphrase (so it cannot be guessed from the trail)', async () => {
    const { digestOf } = await import('../../../electron/services/audit.js');
    expect(digestOf({ passphrase: 'one passphrase' })).toBe(digestOf({ passphrase: 'another one!' }));
    expect(digestOf({ path: '/a', courierPassphrase: 'x'.repeat(9) })).toBe(digestOf({ path: '/a', courierPassphrase: 'y'.repeat(9) }));
    expect(digestOf({ path: '/a' })).not.toBe(digestOf({ path: '/b' }));
  });
});
