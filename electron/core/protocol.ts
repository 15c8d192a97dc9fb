/**
 * Messages between the relaying thread and the core worker (structured-clone data only). An
 * answer crosses as its JSON text in UTF-8 bytes, transferred, not cloned (answer-json.ts).
 */
import type { ApiResult } from '../../shared/api/errors.js';
import type { CoreEvent } from '../../shared/api/events.js';
import type { RunMode } from '../services/context.js';
import type { FileChoice } from '../../shared/api/files.js';
import type { GrantRequest } from '../files/grants.js';
import type { KeychainLink } from './keychain-bridge.js';

export interface CoreWorkerData {
  dataDir: string;
  mode: RunMode;
  nativeBinding?: string;
  cipherNativeBinding?: string;
  /** The OS keychain served by main; absent where it does not really encrypt. */
  keychain?: KeychainLink;
  platform: NodeJS.Platform;
  watchMs?: number;
  background: boolean;
}

/** `grant` is the shell's alone (a file the user chose in a dialog, folders named on the
 *  command line): no contract method reaches it, so the page can never name a path. */
export type ToCore =
  | { type: 'call'; id: number; domain: string; method: string; input: unknown }
  | { type: 'grant'; id: number; request: GrantRequest }
  | { type: 'close' };

export type FromCore =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; json: Uint8Array }
  | { type: 'granted'; id: number; result: ApiResult<FileChoice> }
  | { type: 'event'; event: CoreEvent }
  | { type: 'closed' };
