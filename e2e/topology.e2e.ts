import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../server/platform/db/database.ts';
import { createUser } from '../server/modules/users/create-user.ts';
import { startSmtpSink, type SunkMail } from '../server/modules/mail/test/smtp-sink.ts';
import { freePort } from '../server/test/server-process.ts';
import { nginxBinary, startTopology, type AnlaufProcess, type Topology } from '../server/test/topology.ts';
import { deliverMails, type OutgoingTestMail, RequestLog, type RequestRecord, Session } from './topology-load.ts';

/**
 * Many processes on PostgreSQL: nginx in front of three `anlauf serve --roles web` processes,
 * two workers (one of them also receiving mail), all started at once on one new database.
 * Under a bounded mixed load one web process (the one carrying the browser's live-event
 * stream) and the mail-receiving worker are killed with SIGKILL and started again. Then:
 * live events and presence crossed processes, sessions worked on every process, no request
 * failed except the killed process's in-flight writes, and every acknowledged ticket, reply
 * and mail exists exactly once, every job ran, no notification mail went out twice.
 */
const adminUrl = process.env.ANLAUF_TEST_DATABASE_URL;
const skipReason = !adminUrl
  ? 'ANLAUF_TEST_DATABASE_URL is not set (the topology needs PostgreSQL)'
  : !nginxBinary()
    ? 'nginx is not installed (run .ci/setup-nginx.sh)'
    : !fs.existsSync('/usr/bin/chromium')
      ? '/usr/bin/chromium is missing'
      : undefined;
if (skipReason) console.warn(`Topology test skipped: ${skipReason}.`);

const REQUESTERS = 4;
const TICKETS_PER_REQUESTER = 30;
const AGENT_ROUNDS = 25;
const NEW_MAILS = 40;
const REPLY_MAILS = 20;
const PASSWORD = 'topology-password-1';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const portOf = (upstream: string) => Number(/:(\d+)\s*$/.exec(upstream.split(',').pop() ?? '')?.[1] ?? 0);

describe.skipIf(skipReason !== undefined)('many processes on PostgreSQL behind nginx', () => {
  let databaseName = '';
  let databaseUrl = '';
  let dataDir = '';
  let topology: Topology | undefined;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let database: DatabaseHandle;
  let browser: Browser;
  let smtpPort = 0;

  beforeAll(async () => {
    // The bundled server starts in well under a second; five processes through tsx would not.
    spawnSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
    databaseName = `anlauf_topology_${crypto.randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    const url = new URL(adminUrl!);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-topology-'));
    sink = await startSmtpSink();
    smtpPort = await freePort();
    // An empty database: the five processes migrate and set it up concurrently, as on a first start.
    topology = await startTopology({
      databaseUrl,
      dataDir,
      webs: 3,
      workers: ['worker,mail', 'worker'],
      accessLog: true,
      env: {
        ANLAUF_ADMIN_EMAIL: 'admin@example.com',
        ANLAUF_ADMIN_PASSWORD: PASSWORD,
        ANLAUF_SMTP_PORT: String(smtpPort),
        ANLAUF_SMTP_HOST: '127.0.0.1',
        ANLAUF_SMTP_RECIPIENTS: 'help@example.com',
        ANLAUF_SMTP_OUT: sink.url,
        ANLAUF_MAIL_FROM: 'Anlauf <help@example.com>',
        // No DNS on a test machine: every From is believed (sender checks have their own tests).
        ANLAUF_MAIL_TRUST: 'none',
        ANLAUF_MAIL_SENDER_LIMIT: '100000/60',
        ANLAUF_LOGIN_RATE_LIMIT: '1000',
        // A killed worker's jobs come back after this.
        ANLAUF_JOB_LOCK_SECONDS: '10',
        // Digests of new-ticket notices go out within the scenario, so that the reconciliation finds them sent.
        ANLAUF_AGENT_DIGEST_SECONDS: '3',
        ANLAUF_DB_POOL: '4',
      },
    });
    database = openDatabase({ databaseUrl, dataDir, dbPool: 2 });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await topology?.close();
    await sink?.close();
    await database?.destroy();
    if (databaseName) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      await admin.end();
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps sessions, live events, presence and every write across processes while processes are killed', async () => {
    const started = Date.now();
    const phase = (name: string) => console.log(`topology: ${name} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const t = topology!;
    const db = database.db;
    const log = new RequestLog();
    const direct = (web: AnlaufProcess) => `http://127.0.0.1:${web.port}`;

    // The set-up ran once although five processes started together on the empty database.
    expect((await db.selectFrom('groups').select('name').execute()).map((g) => g.name).sort()).toEqual(['2nd Level Support', '3rd Level Support', 'Service Desk']);
    expect(await db.selectFrom('users').select('email').execute()).toEqual([{ email: 'admin@example.com' }]);

    const serviceDesk = (await db.selectFrom('groups').select('id').where('name', '=', 'Service Desk').executeTakeFirstOrThrow()).id;
    const person = async (role: 'agent' | 'customer', name: string, email: string) =>
      (await createUser(db, { email, name, role, password: PASSWORD, groupIds: role === 'agent' ? [serviceDesk] : undefined, emailVerified: true, locale: 'en' })).user;
    const anna = await person('agent', 'Anna Browser', 'anna@example.com');
    const ben = await person('agent', 'Ben Api', 'ben@example.com');
    const customers: Array<{ id: number; email: string }> = [];
    for (let i = 0; i < REQUESTERS; i++) customers.push(await person('customer', `Kundin ${i}`, `kundin${i}@kunde.example`));

    // Sessions: signed in through nginx, valid on every web process.
    const benSession = new Session('ben', t.url, log);
    await benSession.login(ben.email, PASSWORD);
    for (const web of t.webs) {
      const me = await benSession.call('GET', '/api/v1/auth/me', undefined, direct(web));
      expect(me.status, `${web.name} knows Ben's session`).toBe(200);
      expect((me.body as { user: { id: number } }).user.id).toBe(ben.id);
    }
    const requesters: Session[] = [];
    for (const [i, c] of customers.entries()) {
      const s = new Session(`requester${i}`, t.url, log);
      await s.login(c.email, PASSWORD);
      requesters.push(s);
    }

    // The browser: Anna views a ticket; her live-event stream is carried by one web process.
    const first = await requesters[0]!.call('POST', '/api/v1/tickets', { subject: 'Topo live ticket', body: 'Der Drucker im 2. Stock druckt nicht.' });
    expect(first.status).toBe(201);
    const liveTicket = (first.body as { id: number }).id;
    const context = await browser.newContext({ baseURL: t.url, locale: 'en-US', timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 860 } });
    context.setDefaultTimeout(20_000);
    const streams: Array<{ at: number; upstream: string }> = [];
    const page: Page = await context.newPage();
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/api/v1/events') streams.push({ at: Date.now(), upstream: response.headers()['x-anlauf-upstream'] ?? '' });
    });
    await page.goto('/login');
    await page.locator('#email').fill(anna.email);
    await page.locator('#password').fill(PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    // The page after sign-in opens a stream of its own; the ticket page, loaded anew, the one that
    // counts. Without waiting for the first, it could arrive late and be taken for the second.
    await expect.poll(() => streams.length, { timeout: 30_000 }).toBeGreaterThan(0);
    streams.length = 0;
    await page.goto(`/agent/tickets/${liveTicket}`);
    await expect.poll(() => streams.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const streamPort = portOf(streams.at(-1)!.upstream);
    const browserWeb = t.webs.find((w) => w.port === streamPort);
    expect(browserWeb, `the stream's upstream ${streams.at(-1)!.upstream} is one of the web processes`).toBeDefined();
    const otherWeb = (...not: Array<number | undefined>) => t.webs.find((w) => !not.includes(w.port))!;

    // Presence is shared: Ben, on another process, sees Anna viewing; Anna's browser sees Ben typing.
    const benWeb = otherWeb(browserWeb!.port);
    await expect
      .poll(
        async () =>
          ((await benSession.call('GET', `/api/v1/tickets/${liveTicket}/presence`, undefined, direct(benWeb))).body as { items: Array<{ user: { id: number } }> }).items.map((i) => i.user.id),
        {
          timeout: 30_000,
        },
      )
      .toContain(anna.id);
    expect((await benSession.call('POST', `/api/v1/tickets/${liveTicket}/presence`, { state: 'typing' }, direct(benWeb))).status).toBe(200);
    await page.getByText('Ben Api is typing').waitFor({ state: 'visible', timeout: 60_000 });
    // A reply through another process reaches the browser as a live event (through a worker's dispatcher).
    expect((await benSession.call('POST', `/api/v1/tickets/${liveTicket}/messages`, { body: 'Live reply one from another process' }, direct(benWeb))).status).toBe(201);
    await page.getByText('Live reply one from another process').waitFor({ state: 'visible', timeout: 60_000 });

    phase('live events and presence crossed processes');
    // The mixed load. Requesters create tickets, agents list, search and reply, mail arrives.
    const created: Array<{ id: number; subject: string }> = [];
    const unacknowledged: string[] = [];
    const agentReplies: Array<{ ticketId: number; body: string; acknowledged: boolean }> = [];
    const requesterLoop = async (s: Session, r: number) => {
      for (let i = 0; i < TICKETS_PER_REQUESTER; i++) {
        const subject = `Topo R${r}-${i} ${['Drucker druckt nicht', 'VPN trennt sich', 'Outlook startet nicht'][i % 3]}`;
        const res = await s.call('POST', '/api/v1/tickets', { subject, body: `Seit heute Morgen (${r}/${i}).` });
        if (res.status === 201) created.push({ id: (res.body as { id: number }).id, subject });
        else unacknowledged.push(subject);
      }
    };
    const agentLoop = async (s: Session, a: number) => {
      for (let i = 0; i < AGENT_ROUNDS; i++) {
        const list = await s.call('GET', '/api/v1/tickets?status=new,open&limit=25');
        await s.call('GET', `/api/v1/tickets?q=${['drucker', 'vpn', 'outlook'][i % 3]}&limit=10`);
        const items = (list.body as { items?: Array<{ id: number }> }).items ?? [];
        const target = items[(i * 7 + a) % Math.max(items.length, 1)];
        if (target) {
          await s.call('POST', `/api/v1/tickets/${target.id}/presence`, { state: 'viewing' });
          const body = `Agent ${a} answer ${i} on #${target.id}`;
          const res = await s.call('POST', `/api/v1/tickets/${target.id}/messages`, { body });
          agentReplies.push({ ticketId: target.id, body, acknowledged: res.status === 201 });
        }
      }
    };
    const mails: OutgoingTestMail[] = [];
    const mailLoad = async () => {
      for (let n = 0; n < NEW_MAILS + REPLY_MAILS; n++) {
        // Replies answer tickets the requesters created already (by their [#id] in the subject).
        const reply = n % 3 === 2 && created.length > 0 ? created[(n * 5) % created.length]! : undefined;
        const requester = reply ? customers[Number(/^Topo R(\d+)/.exec(reply.subject)![1])]! : undefined;
        mails.push(
          reply && requester && mails.filter((m) => m.replyTo).length < REPLY_MAILS
            ? { messageId: `<topo-reply-${n}@kunde.example>`, from: requester.email, subject: `Re: [#${reply.id}] ${reply.subject}`, body: `Topo mail reply ${n}.`, replyTo: reply.id }
            : { messageId: `<topo-new-${n}@kunde.example>`, from: `mailer${n}@kunde.example`, subject: `Topo mail ${n}`, body: `Topo mail body ${n}.` },
        );
      }
      return deliverMails(smtpPort, mails, 2);
    };

    const [anna2, ben2] = [new Session('anna-api', t.url, log), new Session('ben-api', t.url, log)];
    await anna2.login(anna.email, PASSWORD);
    await ben2.login(ben.email, PASSWORD);
    const load = Promise.all([...requesters.map((s, r) => requesterLoop(s, r)), agentLoop(anna2, 0), agentLoop(ben2, 1)]);
    // Mail starts once some tickets exist to reply to.
    while (created.length < 10) await sleep(50);
    phase('10 tickets created, mail starts');
    const mailDone = mailLoad();

    // In the middle: kill the web process carrying the browser's stream, and the mail-receiving worker.
    while (created.length < (REQUESTERS * TICKETS_PER_REQUESTER) / 3) await sleep(50);
    const mailWorker = t.workers[0]!;
    // The process that carries the browser's stream now (it may have reconnected meanwhile).
    expect(portOf(streams.at(-1)!.upstream), 'the browser still streams from the process found at the start').toBe(browserWeb!.port);
    phase(`${created.length} tickets created, killing ${browserWeb!.name} (port ${browserWeb!.port}) and ${mailWorker.name}`);
    const webKilledAt = Date.now();
    await browserWeb!.kill();
    await mailWorker.kill();
    const workerKilledAt = Date.now();
    // Jobs the dead worker may have been running: only these may have sent a mail twice.
    const inFlightJobs = new Set((await db.selectFrom('jobs').select('id').where('status', '=', 'running').execute()).map((j) => j.id));
    const streamsBeforeKill = streams.length;
    await sleep(1500);
    await Promise.all([browserWeb!.start(), mailWorker.start()]);
    const restartedAt = Date.now();
    phase('killed and restarted a web process and the mail worker');

    const [, mailResult] = await Promise.all([load, mailDone]);

    phase('load done');
    // After the kill the browser reconnected through nginx to a living process and still sees
    // what is done through another one.
    await expect.poll(() => streams.length, { timeout: 30_000 }).toBeGreaterThan(streamsBeforeKill);
    const laterWeb = otherWeb(portOf(streams.at(-1)!.upstream));
    expect((await benSession.call('POST', `/api/v1/tickets/${liveTicket}/messages`, { body: 'Live reply two after the kill' }, direct(laterWeb))).status).toBe(201);
    await page.getByText('Live reply two after the kill').waitFor({ state: 'visible', timeout: 90_000 });

    // Wait until the workers finished everything (a killed worker's jobs come back after their lock).
    let state = { jobs: [] as Array<{ status: string; n: number }>, behind: 0, received: 0 };
    for (let i = 0; i < 240; i++) {
      const jobs = (
        await db
          .selectFrom('jobs')
          .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('status')
          .execute()
      ).map((j) => ({ status: j.status, n: Number(j.n) }));
      const head = await db.selectFrom('domain_events').select(['tx_id', 'id']).orderBy('tx_id', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      const cursors = await db.selectFrom('event_subscriptions').select(['last_tx_id', 'last_event_id']).execute();
      const behind = cursors.filter((c) => Number(c.last_tx_id) < Number(head.tx_id) || (Number(c.last_tx_id) === Number(head.tx_id) && Number(c.last_event_id) < Number(head.id))).length;
      const received = Number(
        (
          await db
            .selectFrom('inbound_mails')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '=', 'received')
            .executeTakeFirstOrThrow()
        ).n,
      );
      state = { jobs, behind, received };
      if (behind === 0 && received === 0 && jobs.every((j) => j.status === 'done')) break;
      await sleep(500);
    }
    const waited = Date.now();
    phase('queue drained');
    // Mails still on their way to the sink are counted once more, after the queue is empty.
    await sleep(1000);

    // 1. No failed request except writes in flight on the killed web process.
    const failures = log.failures();
    // A write nginx had passed to the killed process: in flight when it died, or sent over one of
    // nginx's pooled connections to it in the instant before nginx saw that connection close
    // (nginx cannot know such a POST never arrived, so it rightly does not repeat it).
    const toKilled = (r: RequestRecord) => (r.method === 'POST' || r.method === 'PATCH') && r.upstream.trim() === `127.0.0.1:${browserWeb!.port}` && r.end >= webKilledAt;
    const inFlight = (r: RequestRecord) => toKilled(r) && r.start <= webKilledAt;
    const attributed = (r: RequestRecord) => toKilled(r) && r.start <= restartedAt;
    expect(
      failures.filter((r) => !attributed(r)),
      `failed requests that the kill does not explain (${browserWeb!.name} on port ${browserWeb!.port} killed at ${webKilledAt}, back at ${restartedAt}); nginx: ${t
        .accessLog()
        .split('\n')
        .filter((l) => / 50\d /.test(l))
        .join(' | ')}`,
    ).toEqual([]);
    // Each session was served by several processes (round robin, no stickiness).
    for (const s of ['anna-api', 'ben-api', 'requester0']) expect(new Set(log.records.filter((r) => r.who === s && r.status > 0).map((r) => portOf(r.upstream))).size, s).toBeGreaterThan(1);

    // 2. Every ticket acknowledged with 201 exists exactly once; an unacknowledged one at most once.
    const subjects = new Map<string, number>();
    for (const row of await db.selectFrom('tickets').select('subject').where('subject', 'like', 'Topo %').execute()) subjects.set(row.subject, (subjects.get(row.subject) ?? 0) + 1);
    for (const c of created) expect(subjects.get(c.subject), c.subject).toBe(1);
    for (const subject of unacknowledged) expect(subjects.get(subject) ?? 0, subject).toBeLessThanOrEqual(1);
    expect(created.length + unacknowledged.length).toBe(REQUESTERS * TICKETS_PER_REQUESTER);

    // 3. Every acknowledged reply exists exactly once.
    const bodies = new Map<string, number>();
    for (const row of await db.selectFrom('messages').select('body').where('body', 'like', 'Agent %').execute()) bodies.set(row.body, (bodies.get(row.body) ?? 0) + 1);
    for (const reply of agentReplies) {
      if (reply.acknowledged) expect(bodies.get(reply.body), reply.body).toBe(1);
      else expect(bodies.get(reply.body) ?? 0, reply.body).toBeLessThanOrEqual(1);
    }

    // 4. Every mail acknowledged with 250 became exactly one ticket or one reply.
    expect(mailResult.acknowledged).toHaveLength(mails.length);
    const inbound = await db.selectFrom('inbound_mails').select(['message_id', 'status', 'outcome', 'ticket_id']).where('message_id', 'like', '<topo-%').execute();
    for (const mail of mails) {
      const rows = inbound.filter((m) => m.message_id === mail.messageId);
      expect(rows, mail.messageId).toHaveLength(1);
      expect(rows[0]!.status, mail.messageId).toBe('processed');
      if (mail.replyTo) expect([rows[0]!.outcome, rows[0]!.ticket_id], mail.messageId).toEqual(['reply', mail.replyTo]);
      else expect(rows[0]!.outcome, mail.messageId).toBe('new_ticket');
      const asMessages = await db.selectFrom('messages').select('ticket_id').where('body', 'like', `${mail.body}%`).execute();
      expect(asMessages, mail.messageId).toHaveLength(1);
      expect(asMessages[0]!.ticket_id).toBe(rows[0]!.ticket_id);
    }

    // 5. Every job ran exactly once: none left, none failed; each notification mail was sent
    //    once (twice only when the killed worker was sending it), and none without its job.
    expect(
      state.jobs.filter((j) => j.status !== 'done'),
      JSON.stringify(state),
    ).toEqual([]);
    expect(state.behind, 'event subscribers behind the newest event').toBe(0);
    expect(await db.selectFrom('event_failures').selectAll().execute()).toEqual([]);
    const sendJobs = (await db.selectFrom('jobs').select(['id', 'payload']).where('kind', '=', 'mail.send').execute()).map((j) => ({
      id: j.id,
      messageId: (JSON.parse(j.payload) as { messageId: string }).messageId,
    }));
    const threads = await db.selectFrom('mail_threads').select('message_id').where('direction', '=', 'out').execute();
    expect(new Set(sendJobs.map((j) => j.messageId)).size).toBe(sendJobs.length);
    // Each mail about a ticket is in its thread; an agent's digest of new tickets belongs to none.
    const digests = sendJobs.filter((j) => j.messageId.startsWith('<anlauf.digest.'));
    expect(
      sendJobs
        .filter((j) => !digests.includes(j))
        .map((j) => j.messageId)
        .sort(),
    ).toEqual(threads.map((r) => r.message_id).sort());
    // Every new-ticket notice that waited for a digest went out in one.
    expect(await db.selectFrom('agent_notices_held').selectAll().execute()).toEqual([]);
    const sent = new Map<string, SunkMail[]>();
    for (const mail of sink.mails) sent.set(`<${mail.parsed.messageId?.replace(/^<|>$/g, '')}>`, [...(sent.get(`<${mail.parsed.messageId?.replace(/^<|>$/g, '')}>`) ?? []), mail]);
    const jobOf = new Map(sendJobs.map((j) => [j.messageId, j.id]));
    for (const job of sendJobs) expect(sent.get(job.messageId)?.length ?? 0, `mail ${job.messageId} sent`).toBeGreaterThanOrEqual(1);
    const doubled = [...sent.entries()].filter(([, copies]) => copies.length > 1);
    const jobRows = new Map((await db.selectFrom('jobs').select(['id', 'attempts', 'last_error', 'created_at', 'updated_at']).where('kind', '=', 'mail.send').execute()).map((j) => [j.id, j]));
    expect(
      doubled.filter(([id]) => !inFlightJobs.has(jobOf.get(id) ?? -1)).map(([id, copies]) => `${id} ×${copies.length} ${JSON.stringify(jobRows.get(jobOf.get(id) ?? -1))}`),
      'mails sent more than once by a job the kill does not explain',
    ).toEqual([]);
    expect([...sent.keys()].filter((id) => !jobOf.has(id))).toEqual([]);

    const requests = log.records.length;
    console.log(
      `topology: 3 web + 2 worker processes behind nginx on PostgreSQL; ${requests} HTTP requests, ${created.length} tickets created, ${agentReplies.length} agent replies, ` +
        `${mails.length} mails (${mailResult.failedAttempts} failed SMTP attempts while the mail worker was down), ${sendJobs.length} notification mails (${digests.length} of them digests of new tickets, ${doubled.length} sent twice by the killed worker), ` +
        `${failures.length} failed requests (${failures.filter(inFlight).length} in flight on the killed web process, ${failures.length - failures.filter(inFlight).length} sent to it by nginx as it died), restart took ${((restartedAt - workerKilledAt) / 1000).toFixed(1)} s, ` +
        `drained ${((waited - restartedAt) / 1000).toFixed(1)} s after the restart; the scenario took ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    await context.close();
  }, 600_000);
});
