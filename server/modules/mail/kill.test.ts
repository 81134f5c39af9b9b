import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { bootstrap } from '../../ops/setup/bootstrap.ts';
import { rawMail } from './test/intake-harness.ts';
import { freePort } from '../../test/server-process.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const MAILS = 300;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Kill test: a child process serves the `mail` and `worker` roles while we deliver a few hundred
 * mails over SMTP and kill it (SIGKILL) again and again. Like a real MTA, the sender repeats
 * every mail until it was acknowledged. Afterwards: exactly one ticket per mail.
 */
describe.each(DIALECTS)('mail intake survives kills on %s', (dialect) => {
  let db: TestDatabase;
  let child: ChildProcess | undefined;
  let port: number;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await bootstrap(db.handle.db, { adminEmail: 'admin@anlauf.test', adminPassword: 'admin-password-1' });
    port = await freePort();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await db.drop();
  });

  async function startChild(): Promise<ChildProcess> {
    const proc = spawn(process.execPath, [path.join(ROOT, 'bin/anlauf.mjs'), 'serve', '--roles', 'mail,worker'], {
      cwd: db.dataDir,
      env: {
        ...process.env,
        ANLAUF_DATA_DIR: db.dataDir,
        DATABASE_URL: db.databaseUrl ?? '',
        ANLAUF_SMTP_PORT: String(port),
        ANLAUF_SMTP_HOST: '127.0.0.1',
        ANLAUF_SMTP_RECIPIENTS: 'help@example.com',
        ANLAUF_SMTP_OUT: '',
        ANLAUF_JOB_LOCK_SECONDS: '2',
        ANLAUF_MAIL_SENDER_LIMIT: '100000/60',
        LOG_LEVEL: 'fatal',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('receives mail by SMTP')) resolve();
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
      proc.once('exit', (code) => reject(new Error(`child exited (${code}) before listening: ${out}`)));
    });
    return proc;
  }

  it('turns every acknowledged mail into exactly one ticket although the process is killed', async () => {
    const acknowledged = new Set<number>();
    let next = 0;
    let kills = 0;
    const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 2000, greetingTimeout: 2000, socketTimeout: 5000 });

    // Senders: each takes the next mail and repeats it until it gets a 250.
    async function sender(): Promise<void> {
      let client = transport();
      while (next < MAILS) {
        const n = next++;
        for (;;) {
          try {
            await client.sendMail({
              envelope: { from: `sender${n}@kunde.example`, to: ['help@example.com'] },
              raw: rawMail({ From: `sender${n}@kunde.example`, 'Message-ID': `<kill-${n}@kunde.example>`, Subject: `Kill test ${n}` }, `Mail number ${n}.`),
            });
            acknowledged.add(n);
            break;
          } catch {
            client.close();
            await sleep(50);
            client = transport();
          }
        }
      }
      client.close();
    }

    child = await startChild();
    const senders = Promise.all([sender(), sender(), sender(), sender()]);
    let sending = true;
    void senders.then(() => (sending = false));
    // Kill the child at moments that fall into receiving and processing alike, then restart it.
    while (sending) {
      // Each incarnation acknowledges some mails first, so the test progresses on a slow machine too.
      const ackedAtStart = acknowledged.size;
      await sleep(200 + Math.random() * 800);
      while (sending && acknowledged.size - ackedAtStart < 25) await sleep(20);
      if (!sending) break;
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      kills++;
      child = await startChild();
    }
    await senders;
    expect(acknowledged.size).toBe(MAILS);
    expect(kills).toBeGreaterThan(0);

    // Let the last incarnation finish the queue (jobs of killed workers come back after their lock expires).
    const mdb = db.handle.db;
    for (let i = 0; i < 600; i++) {
      const pending = await mdb
        .selectFrom('inbound_mails')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'received')
        .executeTakeFirstOrThrow();
      if (Number(pending.n) === 0) break;
      await sleep(100);
    }
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
    child = undefined;

    const rows = await mdb.selectFrom('inbound_mails').select(['message_id', 'status', 'outcome', 'ticket_id']).where('message_id', 'like', '<kill-%').execute();
    // A sender that resends after a kill leaves a row marked duplicate (listed for admins), never a second ticket.
    const inbound = rows.filter((m) => m.status !== 'duplicate');
    expect(rows.filter((m) => m.status === 'duplicate').every((m) => m.outcome === 'duplicate')).toBe(true);
    expect(inbound).toHaveLength(MAILS);
    expect(inbound.every((m) => m.status === 'processed' && m.outcome === 'new_ticket' && m.ticket_id !== null)).toBe(true);
    const tickets = await mdb.selectFrom('tickets').select(['id', 'subject']).where('channel', '=', 'email').execute();
    expect(tickets).toHaveLength(MAILS);
    expect(new Set(tickets.map((t) => t.subject)).size).toBe(MAILS);
    const messages = await mdb
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(messages.n)).toBe(MAILS);
    console.log(`kill test on ${dialect}: ${MAILS} mails, ${kills} kills, ${tickets.length} tickets`);
  }, 480_000);
});
