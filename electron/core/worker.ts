/**
 * The core worker's entry: opens the data folder, builds the core and answers the relaying
 * thread. Every call is answered by id, as JSON bytes (answer-json.ts); events are posted as they are published, also from
 * inside a transaction (posting a message needs no turn of this thread's event loop).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { OsKeychainProtector } from '../sync/key-protector.js';
import { openServiceContext } from '../services/context.js';
import { encodeAnswer } from './answer-json.js';
import { Core } from './core.js';
import { keychainClient } from './keychain-bridge.js';
import type { CoreWorkerData, FromCore, ToCore } from './protocol.js';

const port = parentPort!;
const data = workerData as CoreWorkerData;
const post = (m: FromCore) => port.postMessage(m);

let core: Core;
try {
  const osKeychain = data.keychain ? new OsKeychainProtector(keychainClient(data.keychain), data.platform) : null;
  const ctx = openServiceContext({
    dataDir: data.dataDir,
    mode: data.mode,
    osKeychain,
    ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
    ...(data.cipherNativeBinding ? { cipherNativeBinding: data.cipherNativeBinding } : {}),
  });
  core = new Core(ctx, { background: data.background, ...(data.watchMs !== undefined ? { watchMs: data.watchMs } : {}) });
} catch (e) {
  post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  process.exit(1);
}

core.subscribe((event) => post({ type: 'event', event }));

port.on('message', (m: ToCore) => {
  if (m.type === 'call') {
    void core.callJson(m.domain, m.method, m.input).then(
      // Transferred, not copied: the worker keeps nothing of the answer.
      (json) => port.postMessage({ type: 'result', id: m.id, json } satisfies FromCore, [json.buffer]),
      () => post({ type: 'result', id: m.id, json: encodeAnswer({ ok: false, error: { code: 'internal', message: 'Internal error; see the application log.' } }) }),
    );
  } else if (m.type === 'grant') {
    void core.grant(m.request).then((result) => post({ type: 'granted', id: m.id, result }));
  } else if (m.type === 'close') {
    void core.close().finally(() => {
      post({ type: 'closed' });
      port.close();
    });
  }
});

post({ type: 'ready' });
