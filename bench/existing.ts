import { parseArgs } from 'node:util';
import { buildApp } from '../server/ops/app.ts';
import { createApiToken } from '../server/modules/auth/auth.queries.ts';
import { ensureDemoDirectory } from '../server/ops/demo/demo-directory.ts';
import { loadConfig } from '../server/platform/config.ts';
import { openDatabase } from '../server/platform/db/database.ts';
import { percentiles } from './measure.ts';
import { queryScenarios, ticketBodies } from './scenarios.ts';

/**
 * npm run bench:existing -- --db <postgres URL or SQLite data directory> [--repeats N] [--create] [--only TEXT]
 * The queue, search and similar-ticket queries of `npm run bench` against a database that is
 * already loaded (`bench/load-data.ts` or `anlauf demo`), so that a 1,000,000-ticket database is
 * loaded once and measured after every change. Server time per request (the app in this
 * process), p50, p95 and the slowest. `--only` runs the queries whose name holds TEXT.
 * `--create` also times creating tickets one at a time (they stay in the database). The
 * database must hold the demo directory (people and teams of the demo data).
 */
const { values } = parseArgs({ options: { db: { type: 'string' }, repeats: { type: 'string' }, create: { type: 'boolean' }, only: { type: 'string' } } });
if (!values.db) throw new Error('--db <postgres://… or a SQLite data directory> is required');
const pgUrl = values.db.startsWith('postgres') ? values.db : undefined;
const dataDir = pgUrl ? `/tmp/anlauf-bench-existing` : values.db;
const repeats = Number(values.repeats ?? 100);

const handle = openDatabase({ databaseUrl: pgUrl, dataDir });
const { app } = await buildApp({ config: { ...loadConfig({}, { readDotenv: false }), dataDir, databaseUrl: pgUrl }, database: handle });
let serverMs = 0;
app.addHook('onResponse', async (_request, reply) => {
  serverMs = reply.elapsedTime;
});
try {
  const directory = await ensureDemoDirectory(handle.db, { requesters: 5000 });
  const agent = directory.agents.find((a) => a.groupIds.length === 1 && a.groupIds[0] === directory.teams['Service Desk'].id)!;
  const tokens = {
    agent: (await createApiToken(handle.db, agent.id, 'bench')).token,
    customer: (await createApiToken(handle.db, directory.featuredCustomer.id, 'bench')).token,
  };
  const line = (times: number[], name: string) => {
    const p = percentiles(times);
    console.log(
      `${p.p50.toFixed(2).padStart(9)} ${p.p95.toFixed(2).padStart(9)} ${Math.max(...times)
        .toFixed(2)
        .padStart(9)}  ${name}`,
    );
  };
  console.log(`      p50       p95       max  (ms, server time, ${repeats} requests each after 10 warm-ups)`);
  for (const scenario of queryScenarios(directory.teams['Service Desk'].id).filter((s) => !values.only || s.name.includes(values.only))) {
    const headers = { authorization: `Bearer ${tokens[scenario.as]}` };
    let url = scenario.path;
    if (scenario.secondPage) url += `&cursor=${(await app.inject({ url, headers })).json<{ nextCursor: string }>().nextCursor}`;
    const times: number[] = [];
    for (let i = 0; i < repeats + 10; i++) {
      const res = await app.inject({ url, headers });
      if (res.statusCode !== 200) throw new Error(`${scenario.name}: HTTP ${res.statusCode} ${res.body.slice(0, 200)}`);
      if (i >= 10) times.push(serverMs);
    }
    line(times, scenario.name);
  }
  if (values.create) {
    const creator = (await createApiToken(handle.db, directory.customers[0]!.id, 'bench')).token;
    const bodies = ticketBodies(directory, 200);
    const times: number[] = [];
    for (let i = 0; i < repeats + 10; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/tickets', payload: bodies[i % bodies.length], headers: { authorization: `Bearer ${creator}` } });
      if (res.statusCode !== 201) throw new Error(`create: HTTP ${res.statusCode} ${res.body.slice(0, 200)}`);
      if (i >= 10) times.push(serverMs);
    }
    line(times, 'create ticket, one at a time');
  }
} finally {
  await app.close();
  await handle.destroy();
}
