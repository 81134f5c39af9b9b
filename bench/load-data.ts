import { openDatabase } from '../server/platform/db/database.ts';
import { ensureDemoDirectory } from '../server/ops/demo/demo-directory.ts';
import { loadTickets, type LoadTicketsResult } from '../server/ops/demo/load-tickets.ts';
import { bootstrap } from '../server/ops/setup/bootstrap.ts';
import { endWithParent, exitIfParentGone } from './end-with-parent.ts';

/**
 * The bulk load of a benchmark run, in a process of its own, so that the memory the loader
 * uses does not count as the server's. Input: one JSON argument; output: one JSON line.
 */
export interface LoadDataConfig {
  dataDir: string;
  databaseUrl: string | undefined;
  tickets: number;
  requesters: number;
}

export interface LoadDataResult extends LoadTicketsResult {
  maxRssMb: number;
}

endWithParent();
const config = JSON.parse(process.argv[2] ?? '{}') as LoadDataConfig;
const handle = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
try {
  await bootstrap(handle.db, { adminEmail: 'admin@bench.example', adminPassword: 'bench-admin-password' });
  const directory = await ensureDemoDirectory(handle.db, { requesters: config.requesters });
  let reported = 0;
  const result = await loadTickets(handle.db, handle.dialect, config.tickets, {
    directory,
    sqlite: handle.sqlite,
    onProgress: (done) => {
      // Loading on SQLite never yields to the event loop, so the timer of endWithParent would not run.
      exitIfParentGone();
      if (done - reported >= config.tickets / 10 || done === config.tickets) {
        reported = done;
        process.stderr.write(`  loaded ${done.toLocaleString('en')} tickets\n`);
      }
    },
  });
  const out: LoadDataResult = { ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  console.log(JSON.stringify(out));
} finally {
  await handle.destroy();
}
