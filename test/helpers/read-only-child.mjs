/**
 * Runs as another OS user (uid nobody) against a data folder that user cannot write: opens the
 * context the way the app does and reports what a write, a read and an export answer. Uses the build in
 * dist/ (plain Node, no TypeScript loader).
 */
import { dispatch } from '../../dist/electron/api/dispatch.js';
import { openServiceContext } from '../../dist/electron/services/context.js';

const [dataDir, draftJson] = process.argv.slice(2);
const ctx = openServiceContext({ dataDir, mode: 'cli' });
const silent = () => {};
const write = await dispatch(ctx, 'operations', 'create', JSON.parse(draftJson), silent);
const read = await dispatch(ctx, 'operations', 'list', {}, silent);
const status = await dispatch(ctx, 'durability', 'status', {}, silent);
// Not even the export record can be kept aside here: the export is refused, typed.
const exported = read.ok ? await dispatch(ctx, 'exports', 'ics', { operationId: read.value[0].id }, silent) : null;
process.stdout.write(JSON.stringify({
  durability: ctx.durability, write, readCount: read.ok ? read.value.length : read.error, status: status.ok ? status.value.blockedBy : status.error,
  exported,
}));
