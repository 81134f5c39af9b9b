import SQLite from 'better-sqlite3';
import pg from 'pg';
import { parseArgs } from 'node:util';
import { createTestApp } from '../server/test/test-app.ts';
import { JobRunner } from '../server/platform/jobs/runner.ts';
import { startIntake } from '../server/modules/mail/test/intake-harness.ts';
import { benchMail } from './mail-sender.ts';

/**
 * npm run bench:queries [-- --pg] [-- --tickets N] [-- --mail]
 * Counts the SQL statements one ticket creation costs along the shipped path: the POST request
 * (auth, validation, the create transaction), the event dispatch (every subscriber), and the
 * jobs it queues. Statement counts do not depend on the machine's load, unlike req/s; the main
 * thread's busy time per item (event-loop utilisation) does, but less than throughput does.
 * `--mail`: the same for an inbound mail (the bench's mails, every fifth a reply): SMTP
 * acceptance, the intake job, the event dispatch, and sending the receipts.
 */
const { values } = parseArgs({ options: { pg: { type: 'boolean' }, tickets: { type: 'string' }, verbose: { type: 'boolean' }, mail: { type: 'boolean' } } });
const dialect = values.pg ? 'postgres' : 'sqlite';
const n = Number(values.tickets ?? 20);
if (dialect === 'postgres') process.env.ANLAUF_TEST_DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/postgres';

const seen: string[] = [];
const texts = new Set<string>();
/** Time inside SQLite per statement text (better-sqlite3 runs synchronously, so this is its CPU). */
const spent = new Map<string, number>();
const short = (text: string) => text.replace(/\s+/g, ' ').slice(0, 160);
function count(text: string) {
  texts.add(text);
  seen.push(short(text));
}
const proto = SQLite.prototype as unknown as { prepare(sql: string): SQLite.Statement };
const prepare = proto.prepare;
proto.prepare = function (this: SQLite.Database, text: string) {
  const statement = prepare.call(this, text);
  for (const method of ['all', 'get', 'run', 'iterate'] as const) {
    const original = (statement as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!;
    (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      count(text);
      const started = process.hrtime.bigint();
      try {
        return original.apply(statement, args);
      } finally {
        spent.set(short(text), (spent.get(short(text)) ?? 0) + Number(process.hrtime.bigint() - started) / 1e6);
      }
    };
  }
  return statement;
};
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0] as string | { text: string };
  count(typeof first === 'string' ? first : first.text);
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

/** Main-thread time the stage kept the event loop busy (JavaScript, SQLite, the driver), per item. */
let busySince = performance.eventLoopUtilization();
function take(label: string, per: number) {
  const busy = performance.eventLoopUtilization(busySince);
  busySince = performance.eventLoopUtilization();
  const counts = new Map<string, number>();
  for (const q of seen) counts.set(q, (counts.get(q) ?? 0) + 1);
  const ms = [...counts.keys()].reduce((sum, q) => sum + (spent.get(q) ?? 0), 0);
  console.log(
    `${label}: ${(seen.length / per).toFixed(1)} statements per item${dialect === 'sqlite' ? `, ${(ms / per).toFixed(3)} ms in SQLite` : ''}, main thread busy ${(busy.active / per).toFixed(3)} ms`,
  );
  if (values.verbose)
    for (const [q, c] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${(c / per).toFixed(2)}  ${dialect === 'sqlite' ? `${((spent.get(q) ?? 0) / per).toFixed(3)} ms  ` : ''}${q}`);
  for (const q of counts.keys()) spent.delete(q);
  seen.length = 0;
}

const t = await createTestApp(dialect, { smtpOut: undefined }, { events: 'manual' });
try {
  const agent = await t.user({ role: 'agent', name: 'Anna Agent' });
  void agent;
  await t.dispatcher.drain();
  const runner = new JobRunner({ db: t.db.handle.db, dialect });
  runner.register('mail.send', async () => undefined);
  await runner.drain();
  seen.length = 0;
  busySince = performance.eventLoopUtilization();
  for (let i = 0; i < n; i++) {
    const res = await t.admin.client.post('/api/v1/tickets', {
      subject: `Drucker druckt nicht (${i})`,
      body: 'Seit heute Morgen geht es nicht mehr. Bitte um Hilfe.',
      requesterEmail: `kunde${i}@bench.example`,
    });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  take(`${dialect}: POST /api/v1/tickets`, n);
  await t.dispatcher.drain();
  take(`${dialect}: event dispatch (all subscribers)`, n);
  const jobs = await runner.drain();
  take(`${dialect}: jobs (${(jobs / n).toFixed(1)} per ticket, handler sends nothing)`, n);
  if (values.mail) {
    const intake = await startIntake(t, { senderLimit: { count: 1_000_000, seconds: 60 } });
    try {
      seen.length = 0;
      busySince = performance.eventLoopUtilization();
      for (let i = 0; i < n; i++) await intake.deliver(benchMail(i), { sign: false, from: `sender${i % 200}@kunde${i % 17}.example` });
      take(`${dialect}: mail: SMTP acceptance`, n);
      await intake.runner.drain();
      take(`${dialect}: mail: intake job`, n);
      await t.dispatcher.drain();
      take(`${dialect}: mail: event dispatch (all subscribers)`, n);
      const sent = await intake.runner.drain();
      take(`${dialect}: mail: jobs (${(sent / n).toFixed(1)} per mail, sent to a sink)`, n);
    } finally {
      await intake.close();
    }
  }
  if (dialect === 'sqlite') {
    // Statements whose plan reads a whole table: their cost grows with the data.
    const raw = t.db.handle.sqlite!;
    for (const text of texts) {
      if (!/^\s*(select|update|delete|insert)/i.test(text)) continue;
      let plan: Array<{ detail: string }>;
      try {
        plan = raw.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...Array.from({ length: (text.match(/\?/g) ?? []).length }, () => null)) as Array<{ detail: string }>;
      } catch {
        continue;
      }
      const scans = plan.filter((p) => /^SCAN (?!CONSTANT)/.test(p.detail) && !/USING (COVERING )?INDEX|VIRTUAL TABLE/.test(p.detail));
      if (scans.length > 0) console.log(`full scan: ${scans.map((p) => p.detail).join('; ')} in ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
    }
  }
} finally {
  await t.close();
}
