/**
 * The desktop app's key protection: Electron's safeStorage (DPAPI, macOS Keychain,
 * libsecret/KWallet) when it really encrypts, else none — and the services then ask for a
 * passphrase. Asked after `ready`: before it, Linux reports an 'unknown' backend. Main serves
 * the store to the core worker (core/keychain-bridge.ts), which wraps it in OsKeychainProtector.
 */
import { safeStorage } from 'electron';
import { osKeychainRefusal, type OsSecretStore } from '../sync/key-protector.js';

export function osSecretStore(platform: NodeJS.Platform = process.platform): OsSecretStore | null {
  return osKeychainRefusal(safeStorage, platform) === null ? safeStorage : null;
}
