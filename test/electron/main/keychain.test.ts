/** The desktop shell's key protection: Electron's safeStorage when it really encrypts, else the
 *  passphrase; the envelope names its protector, so a key is only ever opened by its own. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { DB_KEY_FILE, cipherKeyOf } from '../../../electron/db/connection.js';
import { getKey } from '../../../electron/db/repos/sync.repo.js';
import { osSecretStore } from '../../../electron/main/keychain.js';
import { openServiceContext, type ServiceContext } from '../../../electron/services/context.js';
import { identityInfo, lockIdentity, makeContactCard } from '../../../electron/sync/identity.js';
import { OsKeychainProtector, PassphraseProtector } from '../../../electron/sync/key-protector.js';
import { createIdentityProtected, unlockKeys } from '../../../electron/sync/service.js';
import { tempDataDir } from '../../helpers/temp-context.js';

// The only mock: Electron's safeStorage, a keychain that really encrypts (AES-256-GCM under a
// key that stands for the OS login's secret).
const keychain = vi.hoisted(() => ({ available: true, backend: 'gnome_libsecret', key: Buffer.alloc(0), encrypted: 0 }));
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    getSelectedStorageBackend: () => keychain.backend,
    encryptString: (s: string) => {
      keychain.encrypted++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', keychain.key, iv);
      const ct = Buffer.concat([c.update(s, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), ct]);
    },
    decryptString: (b: Buffer) => {
      const d = createDecipheriv('aes-256-gcm', keychain.key, b.subarray(0, 12));
      d.setAuthTag(b.subarray(12, 28));
      return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
    },
  },
}));

const PASS = 'correct horse battery';
/** The contexts' clock: unlock back-off is waited out by moving it. */
let nowMs = Date.parse('2026-12-01T08:00:00Z');

/** What the shell gives the core: the keychain protector where safeStorage really encrypts. */
function osKeychain(platform: NodeJS.Platform): OsKeychainProtector | null {
  const store = osSecretStore(platform);
  return store ? new OsKeychainProtector(store, platform) : null;
}
let dirs: string[] = [];
const open: ServiceContext[] = [];
beforeEach(() => {
  Object.assign(keychain, { available: true, backend: 'gnome_libsecret', key: randomBytes(32), encrypted: 0 });
});
afterEach(() => {
  for (const c of open.splice(0)) if (c.db.open) c.db.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** Opens (or reopens) a data folder as the shell would on this platform, or as the CLI does. */
function openAs(dataDir: string, shell: 'electron-linux' | 'electron-win32' | 'cli'): ServiceContext {
  const ctx = openServiceContext({
    dataDir, mode: shell === 'cli' ? 'cli' : 'electron', now: () => new Date(nowMs),
    osKeychain: shell === 'cli' ? null : osKeychain(shell === 'electron-linux' ? 'linux' : 'win32'),
  });
  open.push(ctx);
  return ctx;
}
function freshDir(): string {
  const d = tempDataDir('spilno-keychain-');
  dirs.push(d);
  return d;
}
function reopen(ctx: ServiceContext, dataDir: string, shell: Parameters<typeof openAs>[1]): ServiceContext {
  ctx.db.close();
  return openAs(dataDir, shell);
}

describe('which protector the shell offers', () => {
  it('uses the keychain only where it really encrypts; a plaintext Linux backend does not count', () => {
    expect(osKeychain('linux')?.kind).toBe('os-keychain');
    for (const backend of ['kwallet5', 'kwallet6']) {
      keychain.backend = backend;
      expect(osKeychain('linux')?.kind).toBe('os-keychain');
    }
    keychain.backend = 'basic_text';
    expect(osKeychain('linux')).toBeNull();
    keychain.backend = 'unknown';
    expect(osKeychain('linux')).toBeNull();
    // Elsewhere the backend question is Linux-only; availability decides.
    expect(osKeychain('win32')?.kind).toBe('os-keychain');
    expect(osKeychain('darwin')?.kind).toBe('os-keychain');
    keychain.available = false;
    expect(osKeychain('win32')).toBeNull();
    expect(osKeychain('darwin')).toBeNull();
  });
});

describe('identity keys in the OS keychain', () => {
  it('are created with no passphrase, stored only as keychain ciphertext, and reopen without a prompt', async () => {
    const dir = freshDir();
    let ctx = openAs(dir, 'electron-linux');
    expect(await dispatch(ctx, 'sync', 'keyProtection', {})).toEqual({ ok: true, value: { osKeychain: true } });
    const created = await dispatch(ctx, 'sync', 'createIdentity', {});
    expect(created).toMatchObject({ ok: true, value: { protectedBy: 'os-keychain', unlocked: true } });
    expect(keychain.encrypted).toBe(2);
    const sign = getKey(ctx.db, 'sign')!;
    const age = getKey(ctx.db, 'age')!;
    expect(JSON.parse(sign.protected_private)).toMatchObject({ kind: 'os-keychain', v: 1 });
    expect(age.protected_private).not.toMatch(/AGE-SECRET-KEY/);
    // The envelope is the keychain's ciphertext: another login's key cannot open it.
    const ct = Buffer.from(JSON.parse(age.protected_private).ct as string, 'base64');
    const d = createDecipheriv('aes-256-gcm', keychain.key, ct.subarray(0, 12));
    d.setAuthTag(ct.subarray(12, 28));
    const inner = Buffer.concat([d.update(ct.subarray(28)), d.final()]).toString('utf8');
    expect(Buffer.from(inner, 'base64').toString('utf8')).toMatch(/^AGE-SECRET-KEY-1/);

    ctx = reopen(ctx, dir, 'electron-linux');
    expect(identityInfo(ctx)).toMatchObject({ protectedBy: 'os-keychain', unlocked: true });
    expect(makeContactCard(ctx).keyId).toBe((created as { value: { keyId: string } }).value.keyId);
    // A person's lock holds until they unlock again (no passphrase needed for that).
    expect(lockIdentity(ctx)!.unlocked).toBe(false);
    expect(identityInfo(ctx)!.unlocked).toBe(false);
    expect(() => makeContactCard(ctx)).toThrow(/Unlock/);
    expect(unlockKeys(ctx).unlocked).toBe(true);
  });

  it('are never opened by a passphrase, nor where the keychain is missing or plaintext', async () => {
    const dir = freshDir();
    let ctx = openAs(dir, 'electron-win32');
    await createIdentityProtected(ctx);
    ctx = reopen(ctx, dir, 'cli');
    expect(identityInfo(ctx)).toMatchObject({ protectedBy: 'os-keychain', unlocked: false });
    expect(() => unlockKeys(ctx, PASS)).toThrow(/protected by os-keychain, which is not available here/);
    const sign = getKey(ctx.db, 'sign')!;
    expect(() => new PassphraseProtector(PASS, 10).unprotect(sign.protected_private)).toThrow(/not a passphrase/);
    keychain.backend = 'basic_text';
    ctx = reopen(ctx, dir, 'electron-linux');
    expect(ctx.osKeychain).toBeNull();
    expect(identityInfo(ctx)!.unlocked).toBe(false);
    expect(() => unlockKeys(ctx)).toThrow(/not available here/);
    // Another machine (or user): its keychain cannot open the copy.
    keychain.backend = 'gnome_libsecret';
    keychain.key = randomBytes(32);
    ctx = reopen(ctx, dir, 'electron-linux');
    expect(identityInfo(ctx)!.unlocked).toBe(false);
    expect(() => unlockKeys(ctx)).toThrow(/could not open this key/);
  });

  it('fall back to a passphrase where the keychain is plaintext, and such keys are not opened by the keychain', async () => {
    keychain.backend = 'basic_text';
    const dir = freshDir();
    let ctx = openAs(dir, 'electron-linux');
    expect(await dispatch(ctx, 'sync', 'keyProtection', {})).toEqual({ ok: true, value: { osKeychain: false } });
    expect(await dispatch(ctx, 'sync', 'createIdentity', {})).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/passphrase is needed/) } });
    expect(getKey(ctx.db, 'sign')).toBeNull();
    expect(await dispatch(ctx, 'sync', 'createIdentity', { passphrase: PASS })).toMatchObject({ ok: true, value: { protectedBy: 'passphrase' } });
    expect(keychain.encrypted).toBe(0);
    // Later the secret service is there: the passphrase key still needs its passphrase.
    keychain.backend = 'gnome_libsecret';
    ctx = reopen(ctx, dir, 'electron-linux');
    expect(ctx.osKeychain).not.toBeNull();
    expect(identityInfo(ctx)).toMatchObject({ protectedBy: 'passphrase', unlocked: false });
    expect(() => unlockKeys(ctx)).toThrow(/protected by a passphrase/);
    expect(() => ctx.osKeychain!.unprotect(getKey(ctx.db, 'sign')!.protected_private)).toThrow(/not the OS keychain/);
    expect(unlockKeys(ctx, PASS).unlocked).toBe(true);
  });
});

describe('the database key bound to the OS keychain', () => {
  it('is offered where the keychain really encrypts, and then needs the passphrase AND this login\'s keychain', async () => {
    const dir = freshDir();
    let ctx = openAs(dir, 'electron-linux');
    expect(await dispatch(ctx, 'security', 'status', {})).toMatchObject({ ok: true, value: { encrypted: false, keychain: 'available' } });
    expect(await dispatch(ctx, 'security', 'enable', { passphrase: PASS, autoLockMinutes: 0, bindToKeychain: true }))
      .toMatchObject({ ok: true, value: { encrypted: true, keychain: 'bound' } });
    expect(keychain.encrypted).toBe(1);
    const key = cipherKeyOf(ctx.db)!;
    const sealed = fs.readFileSync(path.join(dir, DB_KEY_FILE), 'utf8');
    expect(JSON.parse(JSON.parse(sealed).envelope as string)).toMatchObject({ kind: 'os-keychain+passphrase' });
    for (const form of [key.toString('hex'), key.toString('base64')]) expect(sealed).not.toContain(form);

    // Reopened in the desktop app: locked; a wrong passphrase is refused, the right one opens.
    ctx = reopen(ctx, dir, 'electron-linux');
    expect(ctx.durability.blockedBy).toBe('locked');
    expect(await dispatch(ctx, 'security', 'unlock', { passphrase: 'not the passphrase' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await dispatch(ctx, 'security', 'unlock', { passphrase: PASS })).toMatchObject({ ok: true, value: { locked: false, keychain: 'bound' } });

    // A copy of the disk with the passphrase, without this login's keychain: the CLI, a Linux
    // session with no secret service, another machine's keychain — none opens it.
    ctx = reopen(ctx, dir, 'cli');
    expect(await dispatch(ctx, 'security', 'unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'locked', details: { messageKey: 'sec.keychainNeeded' } } });
    keychain.backend = 'basic_text';
    ctx = reopen(ctx, dir, 'electron-linux');
    expect(await dispatch(ctx, 'security', 'status', {})).toMatchObject({ ok: true, value: { keychain: 'bound' } });
    expect(await dispatch(ctx, 'security', 'unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'locked', details: { messageKey: 'sec.keychainNeeded' } } });
    keychain.backend = 'gnome_libsecret';
    const ownKey = keychain.key;
    keychain.key = randomBytes(32);
    ctx = reopen(ctx, dir, 'electron-linux');
    expect(await dispatch(ctx, 'security', 'unlock', { passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(() => new PassphraseProtector(PASS).unprotect(JSON.parse(sealed).envelope as string)).toThrow(/not a passphrase/);
    // Back on its own login it opens again, once the back-off of those attempts has run out.
    keychain.key = ownKey;
    nowMs += 60 * 60_000;
    ctx = reopen(ctx, dir, 'electron-linux');
    expect(await dispatch(ctx, 'security', 'unlock', { passphrase: PASS })).toMatchObject({ ok: true, value: { locked: false } });
  });

  it('is not offered where the keychain is plaintext or missing: binding there is a typed refusal', async () => {
    keychain.backend = 'basic_text';
    const dir = freshDir();
    const ctx = openAs(dir, 'electron-linux');
    expect(await dispatch(ctx, 'security', 'status', {})).toMatchObject({ ok: true, value: { keychain: 'unavailable' } });
    expect(await dispatch(ctx, 'security', 'enable', { passphrase: PASS, autoLockMinutes: 0, bindToKeychain: true }))
      .toMatchObject({ ok: false, error: { code: 'locked', details: { messageKey: 'sec.keychainNeeded' } } });
    expect(fs.existsSync(path.join(dir, DB_KEY_FILE))).toBe(false);
    expect(keychain.encrypted).toBe(0);
    keychain.available = false;
    const win = reopen(ctx, dir, 'electron-win32');
    expect(await dispatch(win, 'security', 'status', {})).toMatchObject({ ok: true, value: { keychain: 'unavailable' } });
  });
});
