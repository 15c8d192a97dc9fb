/**
 * Child process of sync.bench.ts: imports one bundle into a data folder and prints its peak
 * resident memory, so the figure is the import's own (not the parent's generated data).
 * argv: dataDir bundleFile; the key passphrase comes in SPILNO_PASSPHRASE.
 */
import { openServiceContext } from '../../electron/services/context.js';
import { importBundle } from '../../electron/sync/bundle.js';
import { unlockIdentity } from '../../electron/sync/identity.js';
import { PassphraseProtector } from '../../electron/sync/key-protector.js';

const [dataDir, file] = process.argv.slice(2);
const ctx = openServiceContext({ dataDir: dataDir!, mode: 'cli' });
unlockIdentity(ctx, new PassphraseProtector(process.env.SPILNO_PASSPHRASE!, 10));
const before = process.resourceUsage().maxRSS;
const t0 = performance.now();
const r = await importBundle(ctx, { path: file! });
const ms = performance.now() - t0;
ctx.db.close();
process.stdout.write(JSON.stringify({ added: r.added, ms, maxRssKb: process.resourceUsage().maxRSS, startRssKb: before }));
