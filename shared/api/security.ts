/** The security domain: app lock (passphrase), auto-lock and the emergency wipe. */
import { z } from 'zod';
import { Secret, Text } from '../domain/bounds.js';
import { defineDomain } from './contract.js';

export const LockStatus = z.object({
  encrypted: z.boolean(),
  locked: z.boolean(),
  autoLockMinutes: z.number().int(),
});
export type LockStatus = z.infer<typeof LockStatus>;

const Passphrase = Secret();

export const securityApi = defineDomain({
  status: { input: z.object({}).default({}), output: LockStatus },
  /** Encrypts the store (and its backups) under a new key sealed by this passphrase. */
  enable: {
    input: z.object({ passphrase: Passphrase, autoLockMinutes: z.number().int().min(0).max(1440).default(15) }),
    output: LockStatus,
  },
  unlock: { input: z.object({ passphrase: Passphrase }), output: LockStatus },
  lock: { input: z.object({}).default({}), output: LockStatus },
  changePassphrase: { input: z.object({ current: Passphrase, next: Passphrase }), output: LockStatus },
  /** 0 turns auto-lock off. */
  setAutoLock: { input: z.object({ minutes: z.number().int().min(0).max(1440) }), output: LockStatus },
  /** Reported by the renderer on user input, so auto-lock counts reading as activity. */
  touch: { input: z.object({}).default({}), output: z.object({}) },
  wipe: { input: z.object({ confirmation: Text(100) }), output: z.object({ wiped: z.array(z.string()) }) },
});
