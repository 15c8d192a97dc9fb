// scratch: cold operations.list in a fresh process
import { openServiceContext } from '../../electron/services/context.js';
import { listOperations } from '../../electron/services/operations.js';
import { OperationListQuery } from '../../shared/api/operations.js';
const ctx = openServiceContext({ dataDir: '/tmp/map2/db', mode: 'cli' });
const q = OperationListQuery.parse({});
for (let i = 0; i < 3; i++) {
  let t0 = performance.now();
  const rows = listOperations(ctx, q);
  const a = performance.now() - t0;
  t0 = performance.now();

  console.log(i, rows.length, a.toFixed(0), (performance.now() - t0).toFixed(0));
}
ctx.db.close();
