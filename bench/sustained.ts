import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../server/platform/db/database.ts';
import { createInSlices, heapMb, startDiscardingSink, waitForDrain } from './creation.ts';
import { drive, runChild } from './drive.ts';
import { startEchoServer } from './echo-server.ts';
import { type FreshDatabase, freshDatabase } from './fresh-database.ts';
import { type Figure, printTable, writeResults } from './report.ts';
import { type ServedProcess, startServed } from './served.ts';

/**
 * npm run bench:sustained [-- --minutes N] [-- --pg] [-- --db URL|DIR] [-- --sla] [-- --mails N] [-- --cpu-prof DIR] (--minutes 0 --mails N: mail only)
 * What users run: `anlauf serve` (web, worker and mail in one process, as `npm start` starts it, with its node options)
 * on a fresh database (or with `--db` on one already loaded, such as 1,000,000 tickets of `anlauf demo`,
 * which keeps what the run created), with outgoing mail going to an SMTP sink on loopback. Tickets are
 * created through the API with 16 connections for N minutes, in 30 s slices; after each slice
 * the job queue and the domain-event backlog are read from the database. Then the load stops
 * and the backlog is timed until it drains (at most 3 minutes). Prints creation per slice (and
 * its ratio to a bare Fastify echo measured in the same run), the backlog, the drain rate and
 * the server's memory. `--mails N` then sends N mails over SMTP (8 connections, from a process of
 * its own) to the same server and times them until every one is a ticket or reply. BENCH_NODE_ARGS
 * (environment) adds node options to the server's command line. `--cpu-prof DIR` writes the server's V8 CPU profile into DIR when it stops
 * (relative shares stay meaningful on a busy machine where req/s do not). `--sla` first sets up service
 * levels as a service desk has them (a business-hours calendar with public holidays, an urgent and
 * a customer policy): every ticket then gets a clock and its timer jobs (timers due later than the
 * run are not counted as waiting).
 */
const { values } = parseArgs({
  options: { minutes: { type: 'string' }, pg: { type: 'boolean' }, db: { type: 'string' }, sla: { type: 'boolean' }, mails: { type: 'string' }, 'cpu-prof': { type: 'string' } },
});
const minutes = Number(values.minutes ?? 5);
const existingUrl = values.db?.startsWith('postgres') ? values.db : undefined;
const dialect = values.pg || existingUrl || (!values.db && process.env.DATABASE_URL) ? 'postgres' : 'sqlite';
const adminUrl = process.env.ANLAUF_BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const SLICE_SECONDS = 30;

/** Requests from 200 different people: each ticket mails its requester a receipt and the group's agents a notice. */
const bodies = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    subject: `${['Drucker druckt nicht', 'VPN trennt sich ständig', 'Outlook startet nicht', 'Password reset needed', 'Laptop is very slow'][i % 5]} (${i})`,
    body: 'Seit heute Morgen geht es nicht mehr. Ich habe schon neu gestartet. Bitte um Hilfe. / Since this morning it does not work any more.',
    requesterEmail: `kunde${i}@bench.example`,
  }));

/** A service desk's service levels: office hours in Munich with Bavarian holidays, urgent tickets around the clock. */
async function setUpServiceLevels(url: string, token: string): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}/api/v1/admin/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: number };
  };
  const day = [['08:00', '17:00']];
  const office = await post('calendars', { name: 'Büro München', timeZone: 'Europe/Berlin', hours: { mon: day, tue: day, wed: day, thu: day, fri: day }, holidays: { country: 'DE', state: 'BY' } });
  const allDay = [['00:00', '24:00']];
  const control = await post('calendars', { name: 'Leitstand 24/7', timeZone: 'Europe/Berlin', hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } });
  await post('sla-policies', { name: 'Dringend', calendarId: control.id, conditions: { priority: ['urgent'] }, firstResponseMinutes: 30, nextResponseMinutes: 60, resolutionMinutes: 240 });
  await post('sla-policies', { name: 'Standard', calendarId: office.id, firstResponseMinutes: 240, nextResponseMinutes: 480, resolutionMinutes: 2400 });
}

/** A database loaded before (`--db`): opened, and at the end closed but kept. */
async function existingDatabase(db: string): Promise<FreshDatabase> {
  const databaseUrl = db.startsWith('postgres') ? db : undefined;
  const dataDir = databaseUrl ? '/tmp/anlauf-bench-sustained' : db;
  const handle = openDatabase({ databaseUrl, dataDir });
  return { handle, dataDir, databaseUrl, where: databaseUrl ? `PostgreSQL ${databaseUrl}` : `SQLite in ${dataDir}`, drop: () => handle.destroy() };
}

async function main(): Promise<void> {
  console.log(`Anlauf sustained benchmark: anlauf serve on ${dialect}, ${minutes} min of ticket creation${values.sla ? ', with SLA policies' : ''}`);
  const fresh = values.db ? await existingDatabase(values.db) : await freshDatabase(dialect, adminUrl);
  const sink = await startDiscardingSink();
  const echo = await startEchoServer();
  let server: ServedProcess | undefined;
  try {
    const profile = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['cpu-prof'])}`] : [];
    server = await startServed(fresh, {
      env: {
        ANLAUF_SMTP_OUT: sink.url,
        // 200 senders: the loop guard (30 mails per sender in 10 minutes) would hold most back.
        ANLAUF_MAIL_SENDER_LIMIT: '1000000/60',
        ANLAUF_ADMIN_EMAIL: 'admin@bench.test',
        ANLAUF_ADMIN_PASSWORD: 'bench-password-1',
      },
      nodeArgs: profile,
    });
    const { url, smtpPort } = server;
    // A database loaded before has its own admins: the bench's comes along, as bootstrap makes it on a fresh one.
    if (values.db && !(await fresh.handle.db.selectFrom('users').select('id').where('email', '=', 'admin@bench.test').executeTakeFirst()))
      server.command('user', 'add', '--email', 'admin@bench.test', '--name', 'Bench Admin', '--role', 'admin');
    const token = server.command('token', 'add', '--email', 'admin@bench.test');
    const db = fresh.handle.db;
    if (values.sla) await setUpServiceLevels(url, token);

    const baseline = await drive({ url: echo.url, path: '/echo', connections: 16, durationSeconds: 10, headers: {}, bodies: bodies(50) });
    console.log(`  echo baseline ${Math.round(baseline.perSecond)} req/s`);
    const figures: Figure[] = [{ name: 'echo baseline (bare Fastify, 16 connections)', value: baseline.perSecond, unit: 'req/s' }];
    // --minutes 0: no creation, only the mails (a profile of the mail path alone).
    const slices = minutes === 0 ? 0 : Math.max(1, Math.round((minutes * 60) / SLICE_SECONDS));
    const creation = await createInSlices(server, db, { slices, sliceSeconds: SLICE_SECONDS, connections: 16, token, adminToken: token, bodies: bodies(200) });
    let peakRss = creation.peakRssMb;
    creation.slices.forEach(({ result, jobsDonePerSecond }, i) =>
      figures.push(
        {
          name: `creation, slice ${i + 1} (${(i + 1) * SLICE_SECONDS} s)`,
          value: result.perSecond,
          unit: 'tickets/s',
          compare: { label: 'of echo', ratio: result.perSecond / baseline.perSecond },
        },
        { name: `jobs done, slice ${i + 1}`, value: jobsDonePerSecond, unit: 'jobs/s' },
      ),
    );
    const last = creation.slices.at(-1)?.state;
    if (last) figures.push({ name: 'jobs waiting when the load stops', value: last.queued, unit: 'jobs' }, { name: 'events behind when the load stops', value: last.eventsBehind, unit: 'events' });
    const drain = await waitForDrain(db);
    const mails = Number(values.mails ?? 0);
    if (mails > 0) {
      const sent = await runChild<{ startedAtMs: number; acknowledgedAtMs: number }>('mail-sender.ts', { port: smtpPort, mails, connections: 8 });
      for (;;) {
        const left = await db
          .selectFrom('inbound_mails')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'received')
          .executeTakeFirstOrThrow();
        if (Number(left.n) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const endToEnd = (mails * 1000) / (Date.now() - sent.startedAtMs);
      console.log(
        `  mail: ${mails} mails acknowledged at ${((mails * 1000) / (sent.acknowledgedAtMs - sent.startedAtMs)).toFixed(0)}/s, tickets or replies at ${endToEnd.toFixed(0)}/s, RSS ${server.rssMb().toFixed(0)} MB, peak ${server.rssMb('peak').toFixed(0)} MB (${await heapMb(url, token)})`,
      );
      figures.push({
        name: `mail intake through anlauf serve, end to end (${mails} mails)`,
        value: endToEnd,
        unit: 'mails/s',
        compare: { label: 'of 300 mails/s target', ratio: endToEnd / 300, ok: endToEnd >= 300 },
      });
      peakRss = Math.max(peakRss, server.rssMb('peak'));
    }
    figures.push(
      { name: 'tickets created', value: creation.created, unit: 'tickets' },
      { name: 'time to drain the backlog after the load', value: drain.seconds, unit: 's' },
      { name: 'jobs still waiting after draining (max 3 min)', value: drain.left.queued, unit: 'jobs' },
      { name: 'mails delivered to the sink', value: sink.received(), unit: 'mails' },
      { name: 'peak RSS of the server process', value: peakRss, unit: 'MB', compare: { label: 'of 300 MB budget', ratio: peakRss / 300, ok: peakRss <= 300 } },
    );
    await sql`SELECT 1`.execute(db);
    printTable(`Anlauf sustained — anlauf serve on ${dialect}, ${minutes} min, 16 connections`, figures);
    writeResults(dialect, `sustained-${minutes}min`, { figures });
  } finally {
    // A CPU profile is written while the process exits: wait for it (at most 20 s).
    await server?.stop(20_000);
    await echo.close();
    await sink.close();
    await fresh.drop();
  }
}

await main();
