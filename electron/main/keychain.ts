/**
 * The desktop app's key protection: Electron's safeStorage (DPAPI, macOS Keychain,
 * libsecret/KWallet) when it really encrypts, else none — and the services then ask for a
 * passphrase. Asked after `ready`: before it, Linux reports an 'unknown' backend.
 */
import { safeStorage } from 'electron';
import { OsKeychainProtector, osKeychainRefusal, type KeyProtector } from '../sync/key-protector.js';

export function osKeychain(platform: NodeJS.Platform = process.platform): KeyProtector | null {
  return osKeychainRefusal(safeStorage, platform) === null ? new OsKeychainProtector(safeStorage, platform) : null;
}
