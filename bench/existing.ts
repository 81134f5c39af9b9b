import { parseArgs } from 'node:util';
import { buildApp } from '../server/ops/app.ts';
import { createApiToken } from '../server/modules/auth/auth.queries.ts';
import { ensureDemoDirectory } from '../server/ops/demo/demo-directory.ts';
import { loadConfig } from '../server/platform/config.ts';
import { openDatabase } from '../server/platform/db/database.ts';
import { percentiles } from './measure.ts';
import { queryScenarios, reportScenarios, screenScenarios, ticketBodies } from './scenarios.ts';
import { createUser } from '../server/modules/users/create-user.ts';
import { startServed, timeThroughHttp } from './served.ts';

/**
 * npm run bench:existing -- --db <postgres URL or SQLite data directory> [--repeats N] [--create] [--only TEXT] [--serve [--connections N]]
 * The queue, search and similar-ticket queries of `npm run bench` against a database that is
 * already loaded (`bench/load-data.ts` or `anlauf demo`), so that a 1,000,000-ticket database is
 * loaded once and measured after every change. Server time per request (the app in this
 * process), p50, p95 and the slowest. `--only` runs the queries whose name holds TEXT.
 * `--reports` also times the reports a supervisor opens (`reportScenarios`, 10 requests each
 * unless `--repeats` is lower), as an agent and as an admin the bench adds. `--screens` also
 * times the other screens of a working day (`screenScenarios`: home counts, SLA queues, a
 * ticket opened, people, organisations, an admin's jobs, audit log and inbound mail). `--create` also times creating tickets one at a time (they stay in the database). The
 * database must hold the demo directory (people and teams of the demo data).
 * `--serve`: through `anlauf serve` as users start it instead (all roles, in a process of its
 * own), each request timed by the client, with `--connections` clients side by side (1), and the
 * served process's peak RSS at the end.
 */
const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    repeats: { type: 'string' },
    create: { type: 'boolean' },
    reports: { type: 'boolean' },
    screens: { type: 'boolean' },
    only: { type: 'string' },
    serve: { type: 'boolean' },
    connections: { type: 'string' },
  },
});
if (!values.db) throw new Error('--db <postgres://… or a SQLite data directory> is required');
const pgUrl = values.db.startsWith('postgres') ? values.db : undefined;
const dataDir = pgUrl ? `/tmp/anlauf-bench-existing` : values.db;
const repeats = Number(values.repeats ?? 100);
const connections = Number(values.connections ?? 1);

const handle = openDatabase({ databaseUrl: pgUrl, dataDir });
const served = values.serve ? await startServed({ databaseUrl: pgUrl, dataDir }) : undefined;
const { app } = served ? { app: undefined } : await buildApp({ config: { ...loadConfig({}, { readDotenv: false }), dataDir, databaseUrl: pgUrl }, database: handle });
let serverMs = 0;
app?.addHook('onResponse', async (_request, reply) => {
  serverMs = reply.elapsedTime;
});

/** One request's time in ms (server time in-process, client time when served) and its answer. */
async function request(method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: unknown): Promise<{ ms: number; status: number; body: string }> {
  if (app) {
    const res = await app.inject({ method, url, headers, ...(payload ? { payload: payload as object } : {}) });
    return { ms: serverMs, status: res.statusCode, body: res.body };
  }
  const started = performance.now();
  const res = await fetch(served!.url + url, { method, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) }, body: payload ? JSON.stringify(payload) : undefined });
  const body = await res.text();
  return { ms: performance.now() - started, status: res.status, body };
}

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
  /** Times GET `url`: `warmUps` requests first, then `count` (in-process, or through the served process). */
  const timeGets = async (name: string, url: string, headers: Record<string, string>, warmUps: number, count: number) => {
    const times: number[] = [];
    for (let i = 0; i < warmUps + (served ? 0 : count); i++) {
      const res = await request('GET', url, headers);
      if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
      if (i >= warmUps) times.push(res.ms);
    }
    if (served) times.push(...(await timeThroughHttp(served.url + url, headers, count, connections)));
    line(times, name);
  };
  const timing = served ? `client time through anlauf serve, ${connections} connection${connections === 1 ? '' : 's'}` : 'server time';
  console.log(`      p50       p95       max  (ms, ${timing}, ${repeats} requests each after 10 warm-ups)`);
  for (const scenario of queryScenarios(directory.teams['Service Desk'].id).filter((s) => !values.only || s.name.includes(values.only))) {
    const headers = { authorization: `Bearer ${tokens[scenario.as]}` };
    let url = scenario.path;
    if (scenario.secondPage) {
      const { nextCursor } = JSON.parse((await request('GET', url, headers)).body) as { nextCursor: string | null };
      if (!nextCursor) {
        console.log(`  ${scenario.name}: skipped, the queue has only one page`);
        continue;
      }
      url += `&cursor=${nextCursor}`;
    }
    await timeGets(scenario.name, url, headers, 10, repeats);
  }
  const adminToken = async () => {
    const email = 'bench-admin@anlauf.example';
    const adminId =
      (await handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())?.id ??
      (await createUser(handle.db, { email, name: 'Bench Admin', role: 'admin', emailVerified: true })).user.id;
    return (await createApiToken(handle.db, adminId, 'bench')).token;
  };
  if (values.screens) {
    const screenTokens = { ...tokens, admin: await adminToken() };
    // The newest ticket of the agent's group with a reply, and the featured customer's organisation.
    const ticket = await handle.db
      .selectFrom('tickets')
      .select('tickets.id')
      .where('tickets.group_id', '=', directory.teams['Service Desk'].id)
      .where((eb) => eb.exists(eb.selectFrom('messages').select('messages.id').whereRef('messages.ticket_id', '=', 'tickets.id').where('messages.internal', '=', 0).limit(1).offset(1)))
      .orderBy('tickets.id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const customer = await handle.db.selectFrom('users').select('organisation_id').where('id', '=', directory.featuredCustomer.id).executeTakeFirstOrThrow();
    const ids = { ticketId: ticket.id, organisationId: customer.organisation_id ?? 0 };
    for (const scenario of screenScenarios(ids).filter((s) => !values.only || s.name.includes(values.only))) {
      await timeGets(scenario.name, scenario.path, { authorization: `Bearer ${screenTokens[scenario.as]}` }, 10, repeats);
    }
  }
  if (values.reports) {
    const reportTokens = { agent: tokens.agent, admin: await adminToken() };
    const reportRepeats = Math.min(repeats, 10);
    console.log(`  reports: ${reportRepeats} requests each after 1 warm-up`);
    for (const scenario of reportScenarios(new Date()).filter((s) => !values.only || s.name.includes(values.only))) {
      await timeGets(scenario.name, scenario.path, { authorization: `Bearer ${reportTokens[scenario.as]}` }, 1, reportRepeats);
    }
  }
  if (values.create) {
    const creator = (await createApiToken(handle.db, directory.customers[0]!.id, 'bench')).token;
    const bodies = ticketBodies(directory, 200);
    const times: number[] = [];
    for (let i = 0; i < repeats + 10; i++) {
      const res = await request('POST', '/api/v1/tickets', { authorization: `Bearer ${creator}` }, bodies[i % bodies.length]);
      if (res.status !== 201) throw new Error(`create: HTTP ${res.status} ${res.body.slice(0, 200)}`);
      if (i >= 10) times.push(res.ms);
    }
    line(times, 'create ticket, one at a time');
  }
  if (served) console.log(`peak RSS of anlauf serve: ${served.rssMb('peak').toFixed(0)} MB`);
} finally {
  await app?.close();
  await served?.stop();
  await handle.destroy();
}
