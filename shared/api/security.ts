/**
 * The security domain: app lock (passphrase), auto-lock, turning encryption off and the
 * emergency wipe. Everything that weakens or destroys the protection (lock settings, turning it
 * off, the wipe) asks for the passphrase: the person at an unlocked, unattended window must not
 * be able to do it (issue 14).
 */
import { z } from 'zod';
import { Secret, Text } from '../domain/bounds.js';
import { defineDomain } from './contract.js';

/** Where the OS keychain stands for the database key (desktop app only). */
export const KeychainBinding = z.enum([
  /** The sealed key also needs this OS account's keychain: a copied disk is not enough. */
  'bound',
  /** The platform's keychain really encrypts here; the key can be bound to it. */
  'available',
  /** No keychain that really encrypts (CLI, browser mode, Linux without a secret service). */
  'unavailable',
]);
export type KeychainBinding = z.infer<typeof KeychainBinding>;

export const LockStatus = z.object({
  encrypted: z.boolean(),
  locked: z.boolean(),
  autoLockMinutes: z.number().int(),
  /** Wrong passphrases in a row back off: milliseconds until the next attempt is heard (0: now). */
  retryAfterMs: z.number().int().min(0),
  keychain: KeychainBinding,
});
export type LockStatus = z.infer<typeof LockStatus>;

const Passphrase = Secret();
const Minutes = z.number().int().min(0).max(1440);

export const securityApi = defineDomain({
  status: { input: z.object({}).default({}), output: LockStatus },
  /** Encrypts the store (and its backups) under a new key sealed by this passphrase; with
   *  `bindToKeychain` the sealed key also needs this OS account's keychain to open. */
  enable: {
    input: z.object({ passphrase: Passphrase, autoLockMinutes: Minutes.default(15), bindToKeychain: z.boolean().default(false) }),
    output: LockStatus,
  },
  unlock: { input: z.object({ passphrase: Passphrase }), output: LockStatus },
  lock: { input: z.object({}).default({}), output: LockStatus },
  changePassphrase: { input: z.object({ current: Passphrase, next: Passphrase }), output: LockStatus },
  /** 0 turns auto-lock off. */
  setAutoLock: { input: z.object({ minutes: Minutes, passphrase: Passphrase }), output: LockStatus },
  /** Decrypts the store and its backups and forgets the key. */
  disable: { input: z.object({ passphrase: Passphrase }), output: LockStatus },
  /** Reported by the renderer on user input, so auto-lock counts reading as activity. */
  touch: { input: z.object({}).default({}), output: z.object({}) },
  /** An encrypted store asks for its passphrase; an unencrypted one (no passphrase) for the
   *  typed confirmation phrase. */
  wipe: {
    input: z.object({ confirmation: Text(100).optional(), passphrase: Passphrase.optional() }),
    output: z.object({ wiped: z.array(z.string()) }),
  },
});
