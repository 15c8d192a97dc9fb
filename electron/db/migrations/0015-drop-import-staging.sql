-- Imports no longer stage a bundle's lines in the store: they read the file twice (the first
-- pass checks the signed hash, the second applies inside the transaction and checks it again;
-- electron/sync/bundle.ts). Writing and deleting every line cost a fifth of an import (issue 13).
-- Lines a crashed import of an older version left behind go with the tables; they were only a
-- copy of a bundle that can be imported again. sync_apply_rows stays: the apply pass uses it.
DROP TABLE sync_staging;
DROP TABLE sync_staging_runs;
