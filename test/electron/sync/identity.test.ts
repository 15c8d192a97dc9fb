import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getKey } from '../../../electron/db/repos/sync.repo.js';
import {
  addPeerFromCard, createIdentity, fingerprintOf, identityInfo, lockIdentity, makeContactCard, revokePeer, trustPeer, unlockIdentity,
} from '../../../electron/sync/identity.js';
import { OsKeychainProtector, PassphraseProtector } from '../../../electron/sync/key-protector.js';
import { openUnit, testProtector, type Unit } from './sync-helpers.js';
import type { DomainError } from '../../../shared/api/errors.js';
import { hasMessage, tDynamic } from '../../../shared/i18n/index.js';

// The only mock: Electron's safeStorage, standing in for the OS keychain.
vi.mock('electron', () => {
  const key = randomBytes(32);
  return {
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (s: string) => {
        const iv = randomBytes(12);
        const c = createCipheriv('aes-256-gcm', key, iv);
        const ct = Buffer.concat([c.update(s, 'utf8'), c.final()]);
        return Buffer.concat([iv, c.getAuthTag(), ct]);
      },
      decryptString: (b: Buffer) => {
        const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
        d.setAuthTag(b.subarray(12, 28));
        return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
      },
    },
  };
});

const units: Unit[] = [];
afterEach(() => {
  for (const u of units.splice(0)) u.cleanup();
});
const unit = (agency: string) => {
  const u = openUnit(agency);
  units.push(u);
  return u;
};

describe('unit identity', () => {
  it('stores no private key in clear, and the passphrase is needed to unlock', async () => {
    const a = unit('DMS');
    const info = await createIdentity(a.ctx, testProtector());
    const sign = getKey(a.ctx.db, 'sign')!;
    const age = getKey(a.ctx.db, 'age')!;
    expect(age.protected_private).not.toMatch(/AGE-SECRET-KEY/);
    expect(JSON.parse(sign.protected_private).kind).toBe('passphrase');
    a.reopen();
    expect(identityInfo(a.ctx)!.unlocked).toBe(false);
    expect(() => unlockIdentity(a.ctx, new PassphraseProtector('wrong passphrase', 10))).toThrow(/Wrong passphrase/);
    expect(unlockIdentity(a.ctx, testProtector()).fingerprint).toBe(info.fingerprint);
    expect(lockIdentity(a.ctx)!.unlocked).toBe(false);
    expect(() => makeContactCard(a.ctx)).toThrow(/Unlock/);
    expect(info.fingerprint).toBe(fingerprintOf(info.signPublicKey, info.ageRecipient));
  });

  /** What the workspace says for the error `fn` throws: its catalogued message, in Ukrainian. */
  const messageOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      const { messageKey, params } = (e as DomainError).details ?? {};
      expect(typeof messageKey === 'string' && hasMessage(messageKey)).toBe(true);
      return tDynamic('uk', messageKey as string, params as Record<string, string | number> | undefined);
    }
    throw new Error('no error thrown');
  };

  it('says why keys stay locked in the planner\'s language (the message key travels with the error)', async () => {
    const a = unit('DMS');
    await createIdentity(a.ctx, testProtector());
    a.reopen();
    expect(messageOf(() => unlockIdentity(a.ctx, new PassphraseProtector('wrong passphrase', 10)))).toBe('Неправильний пароль ключів');
    expect(messageOf(() => makeContactCard(a.ctx))).toContain('Спершу розблокуйте ключі цього підрозділу');
  });

  it('can keep the keys in the OS keychain (Electron safeStorage) instead', async () => {
    const { safeStorage } = await import('electron');
    const a = unit('DMS');
    const info = await createIdentity(a.ctx, new OsKeychainProtector(safeStorage));
    expect(info.protectedBy).toBe('os-keychain');
    a.reopen();
    expect(() => unlockIdentity(a.ctx, testProtector())).toThrow(/not a passphrase/);
    expect(unlockIdentity(a.ctx, new OsKeychainProtector(safeStorage)).keyId).toBe(info.keyId);
    expect(() => new OsKeychainProtector({ ...safeStorage, isEncryptionAvailable: () => false })).toThrow(/not available/);
  });

  it('cards: a forged or altered card is refused; trust needs the fingerprint; revoke', async () => {
    const a = unit('DMS');
    const b = unit('NPU');
    await createIdentity(a.ctx, testProtector());
    await createIdentity(b.ctx, testProtector());
    const card = makeContactCard(b.ctx);
    expect(() => addPeerFromCard(a.ctx, JSON.stringify({ ...card, agencyId: 'SBU' }))).toThrow(/signature is invalid/);
    expect(() => addPeerFromCard(a.ctx, JSON.stringify({ ...card, fingerprint: 'AAAA' }))).toThrow(/does not match/);
    expect(() => addPeerFromCard(a.ctx, '{}')).toThrow(/Not a Spilno contact card/);
    expect(addPeerFromCard(a.ctx, JSON.stringify(card)).status).toBe('pending');
    expect(() => trustPeer(a.ctx, card.siteId, 'XXXX-XXXX')).toThrow(/does not match/);
    // The same refusals as the workspace says them.
    expect(messageOf(() => addPeerFromCard(a.ctx, JSON.stringify({ ...card, agencyId: 'SBU' })))).toBe('Підпис картки недійсний');
    expect(messageOf(() => addPeerFromCard(a.ctx, '{}'))).toBe('Це не картка контакту Spilno');
    expect(messageOf(() => addPeerFromCard(a.ctx, JSON.stringify(makeContactCard(a.ctx))))).toBe('Це картка самого цього підрозділу');
    expect(messageOf(() => trustPeer(a.ctx, card.siteId, 'XXXX-XXXX'))).toContain('Відбиток не збігається');
    expect(messageOf(() => trustPeer(a.ctx, 'nobody', card.fingerprint))).toBe('Невідомий партнер nobody');
    expect(trustPeer(a.ctx, card.siteId, card.fingerprint.toLowerCase()).status).toBe('trusted');
    expect(addPeerFromCard(a.ctx, JSON.stringify(card)).status).toBe('trusted'); // same keys again
    expect(revokePeer(a.ctx, card.siteId).status).toBe('revoked');
  });
});
